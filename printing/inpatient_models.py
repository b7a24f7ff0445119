"""What inpatient paper shows: the cost list of a stay (A4) and the deposit and discharge
receipts (80 mm). Plain data; names and ID numbers arrive unmasked and are masked by the
renderers, the one place the rule lives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from printing.models import Hospital, Patient


@dataclass(frozen=True)
class CostLine:
    name: str
    spec: str
    unit: str
    qty: int
    price_fen: int
    amount_fen: int
    department: str
    charged_at: datetime | None


@dataclass(frozen=True)
class CostGroup:
    name: str  # 床位费, 药品费, …
    total_fen: int
    lines: tuple[CostLine, ...] = ()


@dataclass(frozen=True)
class CostDay:
    day: date
    total_fen: int
    groups: tuple[CostGroup, ...]


@dataclass(frozen=True)
class DailyCostList:
    hospital: Hospital
    patient: Patient
    inpatient_no: str
    department: str
    ward: str
    bed: str
    admitted_at: datetime | None
    deposit_fen: int
    charges_fen: int
    balance_fen: int
    days: tuple[CostDay, ...]
    printed_at: datetime
    kiosk_id: str
    title: str = "住院费用一日清单"


@dataclass(frozen=True)
class InpatientReceipt:
    """A deposit receipt (预交金收据) or a discharge settlement slip (出院结算单)."""

    hospital: Hospital
    patient: Patient
    title: str
    fields: tuple[tuple[str, str], ...]  # label, value; in order
    amounts: tuple[tuple[str, str], ...]  # label, ¥ value; the sums
    notes: tuple[str, ...]
    kiosk_id: str
