"""What the pharmacy counter works with, read from the gateway's answers.

Reprs carry no personal data (names, allergies) because reprs end up in tracebacks; the
patient is referred to by ``patient_ref``, an opaque per-day reference the gateway issues.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.clock import instant
from kiosk.errors import GatewayUnavailable


def _when(value: Any, zone: ZoneInfo) -> dt.datetime | None:
    # Kept as the instant it is (a time without an offset is the hospital's wall time);
    # screens and labels read it on the hospital's clock.
    return instant(value, zone) if value else None


@dataclass(frozen=True)
class Staff:
    staff_no: str
    name: str
    role: str
    window: str

    def __repr__(self) -> str:
        return f"Staff({self.staff_no}, {self.role})"

    @property
    def is_pharmacist(self) -> bool:
        return self.role == "pharmacist"


@dataclass(frozen=True)
class QueueEntry:
    queue_id: str
    ticket_no: str
    patient_ref: str
    name_masked: str
    status: str
    paid_at: dt.datetime | None
    called_at: dt.datetime | None
    prescription_count: int

    def __repr__(self) -> str:
        return f"QueueEntry({self.queue_id}, {self.ticket_no}, {self.status})"


@dataclass(frozen=True)
class Item:
    item_id: str
    drug_code: str
    drug: str
    spec: str
    qty: int
    unit: str
    usage: str
    dose: str
    frequency: str
    days: int | None
    notes: str = ""


@dataclass(frozen=True)
class Prescription:
    prescription_id: str
    status: str
    doctor: str
    department: str
    diagnosis: str
    items: tuple[Item, ...]
    window: str | None = None

    def __repr__(self) -> str:
        return f"Prescription({self.prescription_id}, {len(self.items)} items)"


@dataclass(frozen=True)
class CounterPatient:
    patient_ref: str
    name: str
    gender: str
    age: str
    allergies: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"CounterPatient({self.patient_ref})"


@dataclass(frozen=True)
class Lookup:
    patient: CounterPatient
    prescriptions: tuple[Prescription, ...]
    # Paid prescriptions assigned to another window: shown, not dispensed here.
    elsewhere: tuple[Prescription, ...] = ()
    # The health card used to identify the patient, for the usage report; None otherwise.
    health_card_id: str | None = field(default=None, repr=False)

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for p in self.prescriptions for i in p.items)


@dataclass(frozen=True)
class Drug:
    drug_code: str
    name: str
    spec: str
    unit: str
    gtin: str | None
    trace_prefixes: tuple[str, ...]
    manufacturer: str = ""


@dataclass(frozen=True)
class CodeCheck:
    """The gateway's registry answer for one scanned code."""

    code: str
    drug_code: str | None
    dispensed_before: bool
    dispensed_at: dt.datetime | None = None
    expiry: dt.date | None = None
    batch: str | None = None
    # False when the gateway does not accept it as a box code at all (e.g. bad check digits).
    valid: bool = True
    expired: bool = False  # by the gateway's own date, which is the hospital's


@dataclass(frozen=True)
class Dispense:
    dispense_id: str
    dispensed_at: dt.datetime
    staff_no: str
    window: str
    prescription_ids: tuple[str, ...]
    labels: tuple[dict[str, Any], ...]


# --- parsing gateway answers -------------------------------------------------------------
# A reply of the wrong shape is the gateway's fault, reported as the gateway being unusable
# rather than as a KeyError deep inside a screen.


def _shape(fn):
    def wrapper(*args: Any) -> Any:
        try:
            return fn(*args)
        except (KeyError, TypeError, ValueError, AttributeError):
            raise GatewayUnavailable() from None

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper


@_shape
def staff_from(data: dict) -> Staff:
    return Staff(
        staff_no=str(data["staff_no"]),
        name=str(data.get("name", "")),
        role=str(data.get("role", "")),
        window=str(data.get("window", "")),
    )


@_shape
def queue_from(data: dict, zone: ZoneInfo) -> list[QueueEntry]:
    return [
        QueueEntry(
            queue_id=str(e["queue_id"]),
            ticket_no=str(e["ticket_no"]),
            patient_ref=str(e["patient_ref"]),
            name_masked=str(e.get("name_masked", "")),
            status=str(e["status"]),
            paid_at=_when(e.get("paid_at"), zone),
            called_at=_when(e.get("called_at"), zone),
            prescription_count=int(e.get("prescription_count", 0)),
        )
        for e in data["entries"]
    ]


def _item(data: dict) -> Item:
    days = data.get("days")
    return Item(
        item_id=str(data["item_id"]),
        drug_code=str(data["drug_code"]),
        drug=str(data["drug"]),
        spec=str(data.get("spec", "")),
        qty=int(data["qty"]),
        unit=str(data.get("unit", "")),
        usage=str(data.get("usage", "")),
        dose=str(data.get("dose", "")),
        frequency=str(data.get("frequency", "")),
        days=int(days) if days is not None else None,
        notes=str(data.get("notes") or ""),
    )


_GENDER = {"M": "男", "F": "女"}


@_shape
def lookup_from(data: dict, health_card_id: str | None = None, window: str | None = None) -> Lookup:
    """The patient and their prescriptions; with ``window``, those assigned to another
    window go to ``elsewhere``."""
    p = data["patient"]
    age = p.get("age", "")
    gender = str(p.get("gender", ""))
    patient = CounterPatient(
        patient_ref=str(p["patient_ref"]),
        name=str(p.get("name", "")),
        gender=_GENDER.get(gender, gender),
        age=f"{age}岁" if isinstance(age, int) else str(age),
        allergies=tuple(str(a) for a in p.get("allergies") or ()),
    )
    prescriptions = tuple(
        Prescription(
            prescription_id=str(rx["prescription_id"]),
            status=str(rx.get("status", "")),
            doctor=str(rx.get("doctor", "")),
            department=str(rx.get("department", "")),
            diagnosis=str(rx.get("diagnosis", "")),
            items=tuple(_item(i) for i in rx["items"]),
            window=str(rx["window"]) if rx.get("window") else None,
        )
        for rx in data["prescriptions"]
    )
    here = tuple(rx for rx in prescriptions if window is None or rx.window in (None, window))
    there = tuple(rx for rx in prescriptions if rx not in here)
    return Lookup(patient, here, there, health_card_id)


@_shape
def drug_from(data: dict) -> Drug:
    return Drug(
        drug_code=str(data["drug_code"]),
        name=str(data.get("name", "")),
        spec=str(data.get("spec", "")),
        unit=str(data.get("unit", "")),
        gtin=str(data["gtin"]) if data.get("gtin") else None,
        trace_prefixes=tuple(str(p) for p in data.get("trace_prefixes") or ()),
        manufacturer=str(data.get("manufacturer", "")),
    )


@_shape
def checks_from(data: dict, zone: ZoneInfo) -> list[CodeCheck]:
    return [
        CodeCheck(
            code=str(r["code"]),
            drug_code=str(r["drug_code"]) if r.get("drug_code") else None,
            dispensed_before=bool(r.get("dispensed_before", False)),
            dispensed_at=_when(r.get("dispensed_at"), zone),
            expiry=dt.date.fromisoformat(r["expiry"][:10]) if r.get("expiry") else None,
            batch=r.get("batch"),
            valid=bool(r.get("valid", True)),
            expired=bool(r.get("expired", False)),
        )
        for r in data["results"]
    ]


@_shape
def dispense_from(data: dict, zone: ZoneInfo) -> Dispense:
    dispensed_at = instant(data["dispensed_at"], zone)
    if dispensed_at is None:
        raise ValueError("dispensed_at")
    return Dispense(
        dispense_id=str(data["dispense_id"]),
        dispensed_at=dispensed_at,
        staff_no=str(data.get("staff_no", "")),
        window=str(data.get("window", "")),
        prescription_ids=tuple(str(p) for p in data.get("prescription_ids", ())),
        labels=tuple(dict(label) for label in data.get("labels", ())),
    )
