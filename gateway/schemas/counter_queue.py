"""Bodies of the pharmacy window queue endpoints."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

Window = Annotated[str, Field(pattern=r"^[0-9]{1,2}$", description="Window number, e.g. `3`.")]


class QueueEntry(BaseModel):
    queue_id: str
    ticket_no: str = Field(description="e.g. `A012`; restarts every day per window.")
    patient_ref: str = Field(description="Opaque, stable for this patient today only.")
    name_masked: str
    status: Literal["preparing", "ready", "called", "dispensed"]
    paid_at: str | None
    called_at: str | None
    called_by: str | None = Field(description="Staff number of the last call.")
    prescription_count: int = Field(description="Prescriptions still to hand out.")


class Queue(BaseModel):
    window: str
    entries: list[QueueEntry]


class CallRequest(BaseModel):
    window: Window | None = Field(default=None, description="Default: the staff's window.")


class Call(BaseModel):
    queue_id: str
    ticket_no: str
    patient_ref: str
    name_masked: str
    window: str
    called_at: str
    called_by: str
