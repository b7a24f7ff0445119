"""Bodies of the lab and imaging report endpoints."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class ReportSummary(BaseModel):
    report_id: str
    kind: Literal["lab", "imaging"]
    title: str
    title_en: str
    department: str = Field(description="Ordering department (申请科室).")
    department_en: str = Field(description="The ordering department in English.")
    status: Literal["ready", "pending"]
    ordered_at: str
    reported_at: str | None
    expected_at: str | None = Field(description="When a pending report is expected.")
    print_count: int
    print_limit: int


class Reports(BaseModel):
    reports: list[ReportSummary]


class Specimen(BaseModel):
    type: str
    type_en: str = Field(description="The specimen in English, e.g. `Serum`.")
    barcode: str
    collected_at: str | None
    received_at: str | None


class LabItem(BaseModel):
    code: str = Field(description="Analyser code, e.g. `WBC`.")
    name: str
    value: str = Field(description="As reported, e.g. `5.62`.")
    unit: str
    range: str = Field(description="Reference range as printed, e.g. `3.5-9.5`, `<5.18`.")
    flag: Literal["H", "L"] | None
    critical: bool = Field(description="Outside the hospital's critical limits (危急值).")


class ReportDetail(ReportSummary):
    doctor: str = Field(description="Ordering doctor.")
    verified_at: str | None
    verifier: str | None
    author: str | None = Field(description="Lab: the tester; imaging: the reporting radiologist.")
    specimen: Specimen | None = Field(description="Lab reports only.")
    items: list[LabItem] = Field(description="Lab reports only; empty for imaging.")
    modality: Literal["CT", "DR", "US", "MR"] | None = Field(description="Imaging only.")
    body_part: str | None
    exam_at: str | None = Field(description="Imaging only: when the examination was done.")
    findings: str | None = Field(description="Imaging only; paragraphs separated by blank lines.")
    impression: str | None


class PrintRequest(BaseModel):
    """Empty today; an object so fields can be added without breaking kiosks."""


class PrintRecord(BaseModel):
    report_id: str
    print_count: int
    print_limit: int
