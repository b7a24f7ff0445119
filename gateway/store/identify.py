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
from gateway.core.scan import Scan, classify
from gateway.core.timeline import age_on, iso_utc, today
from gateway.core.visits import STRONG, VISIT_CARD, open_visit
from gateway.platform import health_card
from gateway.platform.emulated import EmulatedPlatform
from gateway.platform.interface import CodeUse, HealthCardPlatform, PlatformCard
from gateway.schemas.identify import IdentifyResponse, Insurance, Patient
from gateway.store.inpatient import patient_of_wristband
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


class NotRegistered(GatewayError):
    """A valid card of a resident this hospital has no record of: ``card`` is what the
    platform answered, from which the kiosk may be offered self-registration."""

    def __init__(self, card: PlatformCard) -> None:
        super().__init__(NOT_REGISTERED)
        self.card = card


def _patient_by_card(conn: sqlite3.Connection, card: PlatformCard) -> sqlite3.Row:
    row = _patient_where(conn, "p.health_card_id", card.health_card_id)
    if row is None:
        # The same person may be registered already under their ID number (at a window,
        # before they had a card): that is them, not a second record.
        row = _patient_where(conn, "p.id_number", card.identity.id_number)
    if row is None:
        raise NotRegistered(card)
    return row


def _patient_by_id_number(conn: sqlite3.Connection, id_number: str,
                          platform: HealthCardPlatform) -> sqlite3.Row:
    row = _patient_where(conn, "p.id_number", id_number)
    if row is not None:
        return row
    # Known to the platform but not to the hospital: the kiosk can offer registration.
    raise GatewayError(NOT_REGISTERED if platform.knows("01", id_number) else UNKNOWN_PATIENT)


def _scan(text: str, now: float, platform: HealthCardPlatform) -> Scan:
    try:
        return classify(text, today(now))
    except GatewayError:
        if not platform.pass_unknown_codes:
            raise
        # A provincial code in a shape of its own: only the platform can read it.
        return Scan("ehc_platform", "")


def resolve_patient(
    conn: sqlite3.Connection,
    text: str,
    now: float,
    platform: HealthCardPlatform | None = None,
    use: CodeUse | None = None,
) -> tuple[sqlite3.Row, str]:
    """The patient row ``text`` names and how it matched; opens no visit. Health codes are
    resolved by ``platform`` (the emulation over ``conn`` when none is given)."""
    platform = platform or EmulatedPlatform.on(conn)
    use = use or CodeUse(terminal_id="")
    scan = _scan(text, now, platform)
    if scan.kind in ("ehc_static", "ehc_dynamic", "ehc_platform"):
        code = text.strip().upper() if scan.kind != "ehc_platform" else text.strip()
        card = platform.resolve(code, scan.value, scan.token, use, now)
        row = _patient_by_card(conn, card)
    elif scan.kind == "id_number":
        row = _patient_by_id_number(conn, scan.value, platform)
    elif scan.kind == "visit_card":
        row = _patient_where(conn, "p.visit_card_no", scan.value)
        if row is None:
            raise GatewayError(UNKNOWN_PATIENT)
    elif scan.kind == "inpatient_no":
        # The wristband is put on at admission against the patient's ID and worn: it
        # identifies as strongly as the health card, for the family at the bedside too.
        patient_id = patient_of_wristband(conn, scan.value)
        row = _patient_where(conn, "p.patient_id", patient_id) if patient_id else None
        if row is None:
            raise GatewayError(UNKNOWN_PATIENT)
    else:
        patient_id = health_card.verify_voucher(conn, scan.value, now)
        row = _patient_where(conn, "p.patient_id", patient_id)
        if row is None:
            raise GatewayError(UNKNOWN_PATIENT)
    return row, scan.kind


def identify(
    conn: sqlite3.Connection, text: str, now: float, device_id: str,
    platform: HealthCardPlatform | None = None, use: CodeUse | None = None,
) -> IdentifyResponse:
    """Resolve ``text`` and open a visit for the patient on this device."""
    row, matched_by = resolve_patient(conn, text, now, platform, use)
    assurance = VISIT_CARD if matched_by == "visit_card" else STRONG
    token, expires_at = open_visit(conn, row["patient_id"], device_id, now, assurance)
    return IdentifyResponse(
        patient=patient_model(row, now),
        matched_by=matched_by,
        assurance=assurance,
        visit_token=token,
        visit_expires_at=iso_utc(expires_at),
    )
