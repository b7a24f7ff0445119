"""Bodies of the pharmacy pickup endpoints: prescriptions and their status."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class PrescriptionItem(BaseModel):
    drug: str = Field(description="Generic name, e.g. `苯磺酸氨氯地平片`.")
    drug_en: str | None = Field(
        default=None, description="The English generic name, e.g. `Amlodipine besylate tablets`;"
        " null where the hospital's glossary has none (show `drug`).")
    spec: str = Field(description="Strength and pack, e.g. `5mg×28片`.")
    qty: int
    unit: str = Field(description="Dispensing unit, e.g. `盒`.")
    unit_en: str | None = Field(default=None, description="e.g. `box`; null where the glossary has none.")
    usage: str = Field(description="The label text, e.g. `口服 一次1片 一日3次`.")
    usage_en: str | None = Field(
        default=None, description="The label text in English, e.g. `By mouth; 1 tablet each time;"
        " 3 times a day`; null unless every part of it is in the glossary.")
    route: str = Field(description="e.g. `口服`, `外用`.")
    dose: str = Field(description="e.g. `一次1片`.")
    frequency: str = Field(description="e.g. `一日3次`.")
    days: int
    note: str = Field(description="e.g. `饭后服用`; may be empty.")


class Prescription(BaseModel):
    prescription_id: str
    status: Literal["paid", "preparing", "ready", "collected"]
    department: str
    department_en: str = Field(description="The department's English name, for English mode.")
    doctor: str
    diagnosis: str
    diagnosis_en: str | None = Field(default=None, description="null where the glossary has none.")
    chronic: bool = Field(description="A chronic-disease prescription that can be renewed.")
    pharmacy: str = Field(description="e.g. `门诊西药房`.")
    location_code: str | None = Field(description="Where the pharmacy is (`GET /locations`).")
    window: str | None = Field(description="Pickup window once ready, e.g. `3`.")
    prescribed_at: str
    paid_at: str | None
    ready_at: str | None
    collected_at: str | None
    items: list[PrescriptionItem]


class Prescriptions(BaseModel):
    prescriptions: list[Prescription]
