"""What the kiosk prints: plain, Qt-free document models.

These are the printing layer's own input types, kept deliberately simple (strings, integers,
datetimes) so any caller can build them. Amounts are integer fen to avoid float rounding;
renderers format them as yuan. Names and ID numbers are stored in full and masked only at
render time, so the masking rule lives in one place (:mod:`kiosk.privacy`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime


class Flag(enum.StrEnum):
    """A lab value's position against its reference range."""

    NORMAL = ""
    HIGH = "↑"
    LOW = "↓"


@dataclass(frozen=True)
class Hospital:
    name: str
    logo_path: str | None = None  # PNG/JPEG; missing files are skipped with a log line
    phone: str = ""


@dataclass(frozen=True)
class Patient:
    name: str
    id_number: str
    sex: str  # "男" / "女", as the HIS reports it
    age: str  # "45岁", "8月": the HIS already formats infants' ages
    outpatient_no: str = ""


@dataclass(frozen=True)
class LabItem:
    name: str
    value: str  # as reported: "5.6", "阴性(-)", ">1000"
    unit: str = ""
    ref_range: str = ""
    flag: Flag = Flag.NORMAL
    critical: bool = False
    code: str = ""  # the analyser's short code, e.g. "WBC"


@dataclass(frozen=True)
class LabReport:
    hospital: Hospital
    report_no: str
    patient: Patient
    department: str
    specimen: str
    specimen_no: str
    collected_at: datetime
    received_at: datetime
    reported_at: datetime
    verified_at: datetime
    items: tuple[LabItem, ...]
    tester: str
    verifier: str
    verification_url: str
    print_count: int = 1  # this print's ordinal: 1 for the first print, 2 for the first reprint
    title: str = "检验报告单"
    remark: str = ""


@dataclass(frozen=True)
class ImagingReport:
    hospital: Hospital
    report_no: str
    patient: Patient
    department: str
    modality: str  # "CT", "DR", "MR", "US"
    exam_part: str
    exam_at: datetime
    reported_at: datetime
    findings: str  # paragraphs separated by blank lines
    impression: str
    radiologist: str
    verifier: str
    verification_url: str
    print_count: int = 1
    title: str = "医学影像检查报告单"


@dataclass(frozen=True)
class RegistrationSlip:
    hospital: Hospital
    patient: Patient
    department: str
    doctor: str
    doctor_title: str
    visit_date: str  # "2026-11-26"
    session: str  # "上午" / "下午"
    time_slot: str  # "09:30-10:00"
    location: str
    queue_number: str
    fee_fen: int | None  # None on a queue ticket printed at check-in, which knows no fee
    payment_method: str
    receipt_no: str
    transaction_at: datetime
    kiosk_id: str
    status: str = "挂号成功"
    title: str = "挂号凭条"
    insurance_lines: tuple[tuple[str, str], ...] = ()  # an insured fee's split (label, ¥)
    ebill_no: str = ""  # the insured fee's e-bill: code-number


@dataclass(frozen=True)
class EnrolmentSlip:
    """The slip of a registration made at the kiosk (建档凭条): the new visit card's barcode,
    which the patient keeps and shows at any window or kiosk."""

    hospital: Hospital
    patient: Patient
    visit_card_barcode: str  # in full: it is the card
    registered_at: datetime
    kiosk_id: str
    title: str = "建档凭条"


@dataclass(frozen=True)
class ReceiptItem:
    name: str
    quantity: str  # "1", "2盒": the HIS formats quantity and unit together
    amount_fen: int
    category: str = ""


@dataclass(frozen=True)
class PaymentReceipt:
    hospital: Hospital
    patient: Patient
    receipt_no: str
    items: tuple[ReceiptItem, ...]
    total_fen: int
    insurance_fen: int
    self_pay_fen: int
    payment_method: str
    paid_at: datetime
    kiosk_id: str
    pharmacy_window: str = ""
    specimen_barcode: str = ""  # Code 128 for the lab's specimen tube; empty if no lab order
    title: str = "门诊缴费凭条"
    # The insurer's per-fund lines (label, yuan text) of an insured settlement; empty if none.
    insurance_lines: tuple[tuple[str, str], ...] = ()
    # The e-bill issued with the settlement: "code-number" and its verification URL (the QR).
    ebill_no: str = ""
    ebill_url: str = ""


@dataclass(frozen=True)
class MedicationLabel:
    hospital: Hospital
    patient: Patient
    prescription_no: str
    drug_name: str
    specification: str
    quantity: str
    usage: str  # "口服"
    dose: str  # "每次1片"
    frequency: str  # "每日3次"
    days: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
    pharmacy_window: str = ""
    dispensed_at: datetime | None = None
    pharmacist: str = ""




@dataclass(frozen=True)
class InstructionItem:
    drug_name: str
    specification: str
    quantity: str  # "2盒"
    usage: str  # "口服"
    dose: str  # "一次1片"
    frequency: str  # "一日3次"
    days: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class InstructionSheet:
    """The medication instruction sheet (用药指导单) handed over with a dispense: every drug
    with how to take it, in one place, and the allergies the pharmacist checked against."""

    hospital: Hospital
    patient: Patient
    items: tuple[InstructionItem, ...]
    prescription_nos: tuple[str, ...]
    allergies: tuple[str, ...] = ()
    pharmacy_window: str = ""
    dispensed_at: datetime | None = None
    pharmacist: str = ""
    title: str = "用药指导单"


@dataclass(frozen=True, repr=False)
class ElectronicBillPaper:
    """An e-bill's A4 document as the gateway rendered it (医疗收费电子票据): printed as is."""

    pdf: bytes

    def __repr__(self) -> str:
        return f"ElectronicBillPaper({len(self.pdf)} bytes)"
