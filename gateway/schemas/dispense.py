"""Bodies of the dispense endpoint."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from gateway.schemas.counter_patients import CounterItem

_Id = Annotated[str, Field(min_length=1, max_length=64)]


class Label(CounterItem):
    """One medication label: an item with everything the patient needs to take it."""


class ScannedBox(BaseModel):
    item_id: _Id
    code: str = Field(min_length=1, max_length=256, description="As scanned off the box.")


class DispenseRequest(BaseModel):
    prescription_ids: list[_Id] = Field(min_length=1, max_length=20)
    boxes: list[ScannedBox] = Field(min_length=1, max_length=500)


class Dispense(BaseModel):
    dispense_id: str
    dispensed_at: str
    staff_no: str
    window: str
    patient_ref: str
    prescription_ids: list[str]
    labels: list[Label]
