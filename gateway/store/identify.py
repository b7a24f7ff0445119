"""Resolve a scanned text to one patient of this hospital.

Every identifier a patient may present (static or dynamic health code, ID number old or
new, visit card, insurance voucher) ends at the same patient row, so the kiosk never has
to know which one was scanned.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import date

from gateway.core.errors import NOT_REGISTERED, UNKNOWN_PATIENT, GatewayError
from gateway.core.masks import mask_id_number, mask_name, mask_visit_card
from gateway.core.scan import INPATIENT_NO, Scan, classify
from gateway.core.timeline import age_on, iso_utc, today
from gateway.core.visits import STRONG, VISIT_CARD, WRISTBAND, open_visit
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


class NoRecordForIdNumber(GatewayError):
    """A valid ID number with no patient here: whether the platform knows the resident
    (``not_registered``) or not (``unknown_code``) is asked after the transaction."""

    def __init__(self, id_number: str) -> None:
        super().__init__(UNKNOWN_PATIENT)
        self.id_number = id_number

    def answer(self, platform: HealthCardPlatform) -> GatewayError:
        # Known to the platform but not to the hospital: the kiosk can offer registration.
        return GatewayError(NOT_REGISTERED if platform.knows("01", self.id_number) else UNKNOWN_PATIENT)


def _scan(text: str, now: float, platform: HealthCardPlatform, wristband: re.Pattern[str]) -> Scan:
    try:
        return classify(text, today(now), wristband)
    except GatewayError:
        if not platform.pass_unknown_codes:
            raise
        # A provincial code in a shape of its own: only the platform can read it.
        return Scan("ehc_platform", "")


@dataclass(frozen=True)
class Presented:
    """A scanned text classified, with what the platform answered for a health code (its
    card); made before any transaction, since for a real platform it is a network call."""

    text: str
    scan: Scan
    card: PlatformCard | None


def present(text: str, now: float, platform: HealthCardPlatform, use: CodeUse,
            wristband: re.Pattern[str] = INPATIENT_NO) -> Presented:
    scan = _scan(text, now, platform, wristband)
    card = None
    if scan.kind in ("ehc_static", "ehc_dynamic", "ehc_platform"):
        code = text.strip().upper() if scan.kind != "ehc_platform" else text.strip()
        card = platform.resolve(code, scan.value, scan.token, use, now)
    return Presented(text, scan, card)


def patient_of(conn: sqlite3.Connection, presented: Presented, now: float) -> tuple[sqlite3.Row, str]:
    """The patient row a presented text names and how it matched (the database's part)."""
    scan = presented.scan
    if presented.card is not None:
        row = _patient_by_card(conn, presented.card)
    elif scan.kind == "id_number":
        row = _patient_where(conn, "p.id_number", scan.value)
        if row is None:
            raise NoRecordForIdNumber(scan.value)
    elif scan.kind == "visit_card":
        row = _patient_where(conn, "p.visit_card_no", scan.value)
        if row is None:
            raise GatewayError(UNKNOWN_PATIENT)
    elif scan.kind == "inpatient_no":
        # The wristband is put on at admission against the patient's ID, but its number is
        # short, sequential and printed on it: it opens the stay's own services only
        # (assurance ``wristband``), for the family at the bedside too.
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


# How a match identified its person (IdentifyResponse.identified_by): a chip read only for an
# ID number the kiosk's card reader sent; a platform-only code counts as static (it may be).
_LEVELS = {"ehc_dynamic": "dynamic_code", "insurance_voucher": "dynamic_code",
           "ehc_static": "static_code", "ehc_platform": "static_code"}


def identified_by(matched_by: str, source: str) -> str:
    if matched_by == "id_number" and source == "card_reader":
        return "chip_read"
    return _LEVELS.get(matched_by, "typed_number")


def resolve_patient(
    conn: sqlite3.Connection,
    text: str,
    now: float,
    platform: HealthCardPlatform | None = None,
    use: CodeUse | None = None,
    wristband: re.Pattern[str] = INPATIENT_NO,
) -> tuple[sqlite3.Row, str]:
    """Both parts on one connection, for a lookup that opens no visit (the counter's).
    Health codes are resolved by ``platform`` (the emulation over ``conn`` when none is
    given)."""
    platform = platform or EmulatedPlatform.on(conn)
    try:
        presented = present(text, now, platform, use or CodeUse(terminal_id=""), wristband)
        return patient_of(conn, presented, now)
    except NoRecordForIdNumber as exc:
        raise exc.answer(platform) from None


_ASSURANCE = {"visit_card": VISIT_CARD, "inpatient_no": WRISTBAND}


def identify(conn: sqlite3.Connection, presented: Presented, now: float,
             device_id: str, source: str = "") -> IdentifyResponse:
    """Open a visit on this device for the patient ``presented`` names."""
    row, matched_by = patient_of(conn, presented, now)
    assurance = _ASSURANCE.get(matched_by, STRONG)
    token, expires_at = open_visit(conn, row["patient_id"], device_id, now, assurance)
    return IdentifyResponse(
        patient=patient_model(row, now),
        matched_by=matched_by,
        assurance=assurance,
        identified_by=identified_by(matched_by, source),
        visit_token=token,
        visit_expires_at=iso_utc(expires_at),
    )
