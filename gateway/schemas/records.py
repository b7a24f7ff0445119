"""Bodies of the patient's records (我的记录): transactions, reprints and cancellation."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from gateway.schemas.registration import PayMethod


class Record(BaseModel):
    kind: Literal["registration", "payment", "deposit"] = Field(
        description="`deposit` is an inpatient deposit top-up (none in this gateway yet).")
    receipt_no: str | None = Field(description="单据号; null for a booking made elsewhere.")
    at: str = Field(description="When it was made (ISO 8601, UTC).")
    title: str = Field(description="The department (registration) or 门诊缴费.")
    title_en: str
    date: str | None = Field(default=None, description="The appointment's day (registrations).")
    period: Literal["AM", "PM"] | None = None
    total_fen: int
    self_pay_fen: int
    insurance_fen: int
    method: PayMethod | None
    status: Literal["booked", "checked_in", "cancelled", "expired", "settled"]
    reprints: int = Field(description="Reprints made so far at kiosks.")
    reprints_left: int = Field(description="How many more the hospital allows (0: none).")
    cancellable: bool = Field(
        description="A booked appointment not checked in whose session has not started.")
    appointment_id: str | None = None


class Records(BaseModel):
    records: list[Record] = Field(description="Newest first.")


class ReprintRequest(BaseModel):
    """Empty; present so the body can grow without breaking kiosks."""


class Reprint(BaseModel):
    receipt_no: str
    reprint_no: int = Field(description="This reprint's number (1 for the first): print it as 补打.")
    reprints_left: int
    record: Record


class CancelRequest(BaseModel):
    """Empty; present so the body can grow without breaking kiosks."""


class Cancellation(BaseModel):
    receipt_no: str
    appointment_id: str
    refund_fen: int = Field(description="Given back to the channel it was paid with.")
    insurance_revoked_fen: int = Field(description="The insurance part undone.")
    method: PayMethod | None
    arrives: str = Field(description="When the money arrives, to show as it is (Chinese).")
    arrives_en: str
