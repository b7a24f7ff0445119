"""One entry point from a document kind and model to PDF bytes."""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

from printing import demo, inpatient_demo
from printing.daily_list import render_daily_list
from printing.enrolment_slip import render_enrolment_slip
from printing.imaging_report import render_imaging_report
from printing.inpatient_models import DailyCostList, InpatientReceipt
from printing.inpatient_slip import render_inpatient_receipt
from printing.instruction_sheet import demo as instruction_sheet_demo
from printing.instruction_sheet import render_instruction_sheet
from printing.lab_report import render_lab_report
from printing.models import (
    ElectronicBillPaper,
    EnrolmentSlip,
    ImagingReport,
    InstructionSheet,
    LabReport,
    MedicationLabel,
    PaymentReceipt,
    RegistrationSlip,
)
from printing.slips import render_medication_label, render_receipt, render_registration_slip


class Kind(enum.StrEnum):
    LAB_REPORT = "lab-report"
    IMAGING_REPORT = "imaging-report"
    REGISTRATION_SLIP = "registration-slip"
    RECEIPT = "receipt"
    MEDICATION_LABEL = "medication-label"
    INSTRUCTION_SHEET = "instruction-sheet"
    ENROLMENT_SLIP = "enrolment-slip"
    DAILY_LIST = "daily-list"
    INPATIENT_RECEIPT = "inpatient-receipt"
    EBILL = "ebill"

    @property
    def is_a4(self) -> bool:
        return self in (Kind.LAB_REPORT, Kind.IMAGING_REPORT, Kind.DAILY_LIST, Kind.EBILL)


def _ebill(paper: ElectronicBillPaper) -> bytes:
    # Rendered by the gateway (the bill platform's document); only checked to be a PDF.
    if not paper.pdf.startswith(b"%PDF-"):
        raise ValueError("an e-bill document that is not a PDF")
    return paper.pdf


_RENDERERS: dict[type, tuple[Kind, Callable[[Any], bytes]]] = {
    LabReport: (Kind.LAB_REPORT, render_lab_report),
    ImagingReport: (Kind.IMAGING_REPORT, render_imaging_report),
    RegistrationSlip: (Kind.REGISTRATION_SLIP, render_registration_slip),
    PaymentReceipt: (Kind.RECEIPT, render_receipt),
    MedicationLabel: (Kind.MEDICATION_LABEL, render_medication_label),
    InstructionSheet: (Kind.INSTRUCTION_SHEET, render_instruction_sheet),
    EnrolmentSlip: (Kind.ENROLMENT_SLIP, render_enrolment_slip),
    DailyCostList: (Kind.DAILY_LIST, render_daily_list),
    InpatientReceipt: (Kind.INPATIENT_RECEIPT, render_inpatient_receipt),
    ElectronicBillPaper: (Kind.EBILL, _ebill),
}

DEMOS: dict[Kind, Callable[[], object]] = {
    Kind.LAB_REPORT: demo.lab_report,
    Kind.IMAGING_REPORT: demo.imaging_report,
    Kind.REGISTRATION_SLIP: demo.registration_slip,
    Kind.RECEIPT: demo.receipt,
    Kind.MEDICATION_LABEL: demo.medication_label,
    Kind.INSTRUCTION_SHEET: instruction_sheet_demo,
    Kind.ENROLMENT_SLIP: demo.enrolment_slip,
    Kind.DAILY_LIST: inpatient_demo.daily_list,
    Kind.INPATIENT_RECEIPT: inpatient_demo.discharge_receipt,
    # The real one comes from the gateway; any PDF shows the pass-through.
    Kind.EBILL: lambda: ElectronicBillPaper(render(demo.receipt())),
}


def kind_of(document: object) -> Kind:
    try:
        return _RENDERERS[type(document)][0]
    except KeyError:
        raise TypeError(f"no renderer for {type(document).__name__}") from None


def render(document: object) -> bytes:
    """PDF bytes for any printable model."""
    try:
        _kind, renderer = _RENDERERS[type(document)]
    except KeyError:
        raise TypeError(f"no renderer for {type(document).__name__}") from None
    return renderer(document)


def render_demo(kind: Kind | str) -> bytes:
    return render(DEMOS[Kind(kind)]())
