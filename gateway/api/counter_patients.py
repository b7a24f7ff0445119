"""The patient at the counter: a scan → the patient and their paid, undispensed prescriptions.

Resolution is identify's (health codes, ID numbers, visit cards, insurance vouchers, with
the same errors) plus the receipt barcode of a settlement, which names the patient who
paid. No visit is opened: the counter acts under the staff session, not as the patient.
The full name is returned because the workstation is staff-only; it decides masking.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from datetime import date

from fastapi import APIRouter

from gateway.api.staff import STAFF_ERRORS, CurrentStaff
from gateway.core.auth import Device, State
from gateway.core.errors import (
    CARD_CANCELLED,
    EXPIRED_CODE,
    MALFORMED_CODE,
    NOT_REGISTERED,
    UNKNOWN_CODE,
    UNKNOWN_PATIENT,
    GatewayError,
    responses,
)
from gateway.core.timeline import instant, today
from gateway.schemas.counter_patients import (
    CounterItem,
    CounterPatient,
    CounterPrescription,
    Lookup,
)
from gateway.schemas.identify import IdentifyRequest
from gateway.store.counter_items import item_model, item_rows
from gateway.store.counter_queue import UNDISPENSED, patient_ref
from gateway.store.identify import resolve_patient
from gateway.store.patients import PATIENT_SELECT, identify_attempt

logger = logging.getLogger(__name__)

# A settlement's receipt number as printed in its barcode (an optional leading R is the
# prefix some receipt printers add).
RECEIPT = re.compile(r"R?(?P<no>[0-9]{14})")

router = APIRouter(prefix="/api/v1/pharmacy", tags=["pharmacy counter"])


def _age(birth_date: str, on: date) -> int:
    born = date.fromisoformat(birth_date)
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _resolve(conn: sqlite3.Connection, text: str, now: float) -> tuple[sqlite3.Row, str]:
    if m := RECEIPT.fullmatch(text.strip().upper()):
        row = conn.execute(
            f"{PATIENT_SELECT} WHERE p.patient_id ="
            " (SELECT patient_id FROM settlements WHERE receipt_no = ?)", (m["no"],),
        ).fetchone()
        if row is None:
            raise GatewayError(UNKNOWN_PATIENT)
        return row, "receipt"
    return resolve_patient(conn, text, now)


def lookup_patient(conn: sqlite3.Connection, text: str, now: float) -> Lookup:
    row, matched_by = _resolve(conn, text, now)
    record = conn.execute("SELECT allergies FROM health_records WHERE patient_id = ?",
                          (row["patient_id"],)).fetchone()
    rxs = conn.execute(
        "SELECT * FROM prescriptions WHERE patient_id = ? AND status IN (?, ?, ?)"
        " ORDER BY paid_min, prescription_id", (row["patient_id"], *UNDISPENSED),
    ).fetchall()
    items: dict[str, list[CounterItem]] = {}
    for item in item_rows(conn, [r["prescription_id"] for r in rxs]) if rxs else []:
        items.setdefault(item["prescription_id"], []).append(item_model(item))
    return Lookup(
        patient=CounterPatient(
            patient_ref=patient_ref(conn, row["patient_id"], now), name=row["name"],
            gender=row["gender"], age=_age(row["birth_date"], today(now)),
            allergies=json.loads(record["allergies"]) if record else [],
            health_card_id=row["health_card_id"] if row["card_status"] == "active" else None,
            matched_by=matched_by,
        ),
        prescriptions=[
            CounterPrescription(
                prescription_id=r["prescription_id"], status=r["status"], window=r["window"],
                doctor=r["doctor"], department=r["department"], diagnosis=r["diagnosis"],
                paid_at=instant(now, r["paid_min"]), items=items.get(r["prescription_id"], []),
            )
            for r in rxs
        ],
    )


@router.post(
    "/lookup",
    response_model=Lookup,
    summary="Scan the patient at the counter: paid, undispensed prescriptions and allergies",
    description="Accepts what identify accepts, plus a settlement's 14-digit receipt number "
    "(optionally `R`-prefixed). Opens no visit.",
    responses=responses(MALFORMED_CODE, CARD_CANCELLED, UNKNOWN_CODE, NOT_REGISTERED,
                        EXPIRED_CODE, *STAFF_ERRORS),
)
def lookup(body: IdentifyRequest, state: State, device: Device, _staff: CurrentStaff) -> Lookup:
    now = state.clock()
    with identify_attempt(state.db, "counter lookup", now, device, body.terminal_id,
                          body.source) as attempt:
        with state.db.transaction() as conn:
            result = lookup_patient(conn, body.text, now)
        attempt.outcome = "counter_" + result.patient.matched_by
        return result
