"""Resolve a scanned text to one patient of this hospital.

Every identifier a patient may present (static or dynamic health code, ID number old or
new, visit card, insurance voucher) ends at the same patient row, so the kiosk never has
to know which one was scanned.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from gateway.core.errors import NOT_REGISTERED, UNKNOWN_PATIENT, GatewayError
from gateway.core.masks import mask_id_number, mask_name, mask_visit_card
from gateway.core.scan import classify
from gateway.core.timeline import age_on, iso_utc, today
from gateway.core.visits import STRONG, VISIT_CARD, open_visit
from gateway.platform import health_card
from gateway.schemas.identify import IdentifyResponse, Insurance, Patient
from gateway.store.patients import PATIENT_SELECT


def patient_model(row: sqlite3.Row, now: float) -> Patient:
    """The patient as a patient kiosk may see them: name and numbers masked (the kiosk
    shows and prints only masked forms; staff look patients up through the counter), and
    the age on the hospital's today (the kiosk's elder mode needs nothing more)."""
    insured = bool(row["insured"])
    return Patient(
        patient_id=row["patient_id"],
        name=mask_name(row["name"]),
        gender=row["gender"],
        birth_date=row["birth_date"],
        age=age_on(date.fromisoformat(row["birth_date"]), today(now)),
        id_type=row["id_type"],
        id_number=mask_id_number(row["id_number"]),
        health_card_id=row["health_card_id"] if row["card_status"] == "active" else None,
        visit_card_no=mask_visit_card(row["visit_card_no"]),
        insurance=Insurance(
            insured=insured,
            insurance_no=mask_id_number(row["id_number"]) if insured else None,
            region=row["insurance_region"] if insured else None,
        ),
    )


def _patient_where(conn: sqlite3.Connection, clause: str, value: str) -> sqlite3.Row | None:
    return conn.execute(f"{PATIENT_SELECT} WHERE {clause} = ?", (value,)).fetchone()


def _patient_by_card(conn: sqlite3.Connection, health_card_id: str) -> sqlite3.Row:
    row = _patient_where(conn, "p.health_card_id", health_card_id)
    if row is None:
        raise GatewayError(NOT_REGISTERED)
    return row


def _patient_by_id_number(conn: sqlite3.Connection, id_number: str) -> sqlite3.Row:
    row = _patient_where(conn, "p.id_number", id_number)
    if row is not None:
        return row
    # Known to the platform but not to the hospital: the kiosk can offer registration.
    resident = conn.execute(
        "SELECT 1 FROM residents WHERE id_number = ?", (id_number,)
    ).fetchone()
    raise GatewayError(NOT_REGISTERED if resident else UNKNOWN_PATIENT)


def resolve_patient(conn: sqlite3.Connection, text: str, now: float) -> tuple[sqlite3.Row, str]:
    """The patient row ``text`` names and how it matched; opens no visit."""
    scan = classify(text, today(now))
    if scan.kind == "ehc_static":
        health_card.active_card(conn, scan.value)
        row = _patient_by_card(conn, scan.value)
    elif scan.kind == "ehc_dynamic":
        health_card.active_card(conn, scan.value)
        health_card.verify_dynamic(conn, scan.value, scan.token or "", now)
        row = _patient_by_card(conn, scan.value)
    elif scan.kind == "id_number":
        row = _patient_by_id_number(conn, scan.value)
    elif scan.kind == "visit_card":
        row = _patient_where(conn, "p.visit_card_no", scan.value)
        if row is None:
            raise GatewayError(UNKNOWN_PATIENT)
    else:
        patient_id = health_card.verify_voucher(conn, scan.value, now)
        row = _patient_where(conn, "p.patient_id", patient_id)
        if row is None:
            raise GatewayError(UNKNOWN_PATIENT)
    return row, scan.kind


def identify(
    conn: sqlite3.Connection, text: str, now: float, device_id: str
) -> IdentifyResponse:
    """Resolve ``text`` and open a visit for the patient on this device."""
    row, matched_by = resolve_patient(conn, text, now)
    assurance = VISIT_CARD if matched_by == "visit_card" else STRONG
    token, expires_at = open_visit(conn, row["patient_id"], device_id, now, assurance)
    return IdentifyResponse(
        patient=patient_model(row, now),
        matched_by=matched_by,
        assurance=assurance,
        visit_token=token,
        visit_expires_at=iso_utc(expires_at),
    )
