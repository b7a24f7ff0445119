"""Bodies of the counter patient lookup: the patient and their undispensed items."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class CounterPatient(BaseModel):
    patient_ref: str = Field(description="Opaque, stable for this patient today only.")
    name: str = Field(description="Full name: the workstation masks it as configured.")
    gender: Literal["M", "F"]
    age: int
    allergies: list[str] = Field(description="From the health record, e.g. `青霉素`.")
    health_card_id: str | None = Field(description="For the usage report (channel 0100).")
    matched_by: str = Field(description="As identify's, or `receipt`.")


class CounterItem(BaseModel):
    item_id: str
    drug_code: str | None = Field(description="Catalogue drug; null if not in the catalogue.")
    drug: str
    brand: str | None
    spec: str
    qty: int = Field(description="Boxes to hand out; each box is scanned.")
    unit: str
    usage: str = Field(description="Route, e.g. `口服`.")
    dose: str
    frequency: str
    days: int
    notes: str


class CounterPrescription(BaseModel):
    prescription_id: str
    status: Literal["paid", "preparing", "ready"]
    window: str | None
    doctor: str
    department: str
    diagnosis: str
    paid_at: str | None
    items: list[CounterItem]


class Lookup(BaseModel):
    patient: CounterPatient
    prescriptions: list[CounterPrescription]
