"""Self-registration (自助建档): offers made at identify, and patients created at a kiosk.

An offer is made when a valid health card names a resident the hospital has no record of:
it keeps what the platform answered for a few minutes, for this device only, so the kiosk
sends back an offer id, never the identity. A patient created here is flagged with the
device and time (``enrolled_patients``), and their guardian kept beside them.
"""

from __future__ import annotations

import re
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import date

from stdnum.cn import ric

from gateway.core import timeline
from gateway.core.clock import today
from gateway.core.enrolment_errors import (
    CONSENT_REQUIRED,
    ENROLMENT_OFFER_EXPIRED,
    ENROLMENT_OFFER_UNKNOWN,
    GUARDIAN_INVALID,
    GUARDIAN_REQUIRED,
    ID_CARD_EXPIRED,
    IDENTITY_MISMATCH,
    INVALID_PHONE,
)
from gateway.core.errors import INVALID_REQUEST, GatewayError
from gateway.core.masks import mask_id_number, mask_name
from gateway.core.timeline import iso_utc
from gateway.platform.interface import Identity, PlatformCard
from gateway.schemas.enrolment import CreatePatientRequest, EnrolmentOffer, FromIdCard, Guardian
from gateway.store.patients import PATIENT_SELECT

SCHEMA = """
CREATE TABLE IF NOT EXISTS enrolment_offers (
    offer_id TEXT PRIMARY KEY,
    device TEXT NOT NULL,
    health_card_id TEXT NOT NULL,
    code_text TEXT NOT NULL,
    person_id TEXT NOT NULL,
    name TEXT NOT NULL,
    gender TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    id_type TEXT NOT NULL,
    id_number TEXT NOT NULL,
    phone TEXT,
    expires_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS enrolment_offers_expiry ON enrolment_offers (expires_at);
CREATE TABLE IF NOT EXISTS patient_guardians (
    patient_id TEXT PRIMARY KEY REFERENCES patients (patient_id),
    name TEXT NOT NULL,
    id_number TEXT NOT NULL,
    relation TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS enrolled_patients (
    patient_id TEXT PRIMARY KEY REFERENCES patients (patient_id),
    device TEXT NOT NULL,
    enrolled_at REAL NOT NULL,
    card_bound INTEGER NOT NULL DEFAULT 0
);
"""

OFFER_LIFETIME_S = 300
CHILD_UNDER = 14
ADULT_FROM = 18
_PHONE = re.compile(r"1[3-9][0-9]{9}")
# Visit cards made here are numbered apart from those a window issues.
KIOSK_CARD_BASE = 3_000_000_000


def day(text: str) -> date:
    """A ``YYYY-MM-DD`` of a request; a date that does not exist is an invalid request."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise GatewayError(INVALID_REQUEST) from None


def age_on(birth_date: str, on: date) -> int:
    return timeline.age_on(day(birth_date), on)


def mask_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:] if len(phone) == 11 else "*" * len(phone)


# --- offers ------------------------------------------------------------------------------


def make_offer(conn: sqlite3.Connection, card: PlatformCard, device: str,
               now: float) -> EnrolmentOffer:
    who = card.identity
    offer_id = secrets.token_urlsafe(18)
    conn.execute("DELETE FROM enrolment_offers WHERE expires_at < ?", (now,))
    conn.execute(
        "INSERT INTO enrolment_offers (offer_id, device, health_card_id, code_text, person_id,"
        " name, gender, birth_date, id_type, id_number, phone, expires_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (offer_id, device, card.health_card_id, card.code_text, card.person_id, who.name,
         who.gender, who.birth_date, who.id_type, who.id_number, who.phone,
         now + OFFER_LIFETIME_S),
    )
    return EnrolmentOffer(
        offer_id=offer_id, expires_at=iso_utc(now + OFFER_LIFETIME_S),
        name=mask_name(who.name), id_number=mask_id_number(who.id_number), gender=who.gender,
        birth_date=who.birth_date, phone=mask_phone(who.phone) if who.phone else None,
        guardian_required=age_on(who.birth_date, today(now)) < CHILD_UNDER,
    )


def taken_offer(conn: sqlite3.Connection, offer_id: str, device: str, now: float) -> PlatformCard:
    row = conn.execute("SELECT * FROM enrolment_offers WHERE offer_id = ? AND device = ?",
                       (offer_id, device)).fetchone()
    if row is None:
        raise GatewayError(ENROLMENT_OFFER_UNKNOWN)
    if row["expires_at"] <= now:
        raise GatewayError(ENROLMENT_OFFER_EXPIRED)
    return PlatformCard(
        health_card_id=row["health_card_id"], person_id=row["person_id"],
        code_text=row["code_text"],
        identity=Identity(name=row["name"], gender=row["gender"], birth_date=row["birth_date"],
                          id_type=row["id_type"], id_number=row["id_number"], phone=row["phone"]),
    )


# --- checking a request ------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What will be created: who, with which phone and guardian, and the card if known."""

    identity: Identity
    guardian: Identity | None
    card: PlatformCard | None  # from the offer; None: registered at the platform first


def _valid_id(number: str, on: date) -> bool:
    try:
        ric.validate(number)
        return ric.get_birth_date(number) <= on
    except Exception:  # stdnum raises several kinds; all mean "not a valid number"
        return False


def _from_id_card(card: FromIdCard, on: date) -> Identity:
    number = card.id_number.upper()
    if not _valid_id(number, on):
        raise GatewayError(IDENTITY_MISMATCH)
    # The chip's fields must agree with the number they came with.
    gender = "M" if int(number[16]) % 2 else "F"
    if card.birth_date != ric.get_birth_date(number).isoformat() or card.gender != gender:
        raise GatewayError(IDENTITY_MISMATCH)
    if card.valid_to != "long-term" and day(card.valid_to) < on:
        raise GatewayError(ID_CARD_EXPIRED)
    return Identity(name=card.name, gender=card.gender, birth_date=card.birth_date,
                    id_type="01", id_number=number, nation=card.nation, address=card.address)


def _guardian(guardian: Guardian | None, needed: bool, on: date) -> Identity | None:
    if guardian is None:
        if needed:
            raise GatewayError(GUARDIAN_REQUIRED)
        return None
    number = guardian.id_number.upper()
    if len(number) != 18 or not _valid_id(number, on):
        raise GatewayError(GUARDIAN_INVALID)
    birth = ric.get_birth_date(number).isoformat()
    if age_on(birth, on) < ADULT_FROM:
        raise GatewayError(GUARDIAN_INVALID)
    gender = "M" if int(number[16]) % 2 else "F"
    return Identity(name=guardian.name, gender=gender, birth_date=birth, id_type="01",
                    id_number=number)


def plan(conn: sqlite3.Connection, body: CreatePatientRequest, device: str, now: float) -> Plan:
    """Check the request; raises the refusal that says what to correct."""
    if not body.consent:
        raise GatewayError(CONSENT_REQUIRED)
    on = today(now)
    source = body.identity
    card: PlatformCard | None = None
    if source.source == "offer":
        card = taken_offer(conn, source.offer_id, device, now)
        identity = card.identity
    elif source.source == "id_card":
        identity = _from_id_card(source, on)
    else:
        if day(source.birth_date) > on:
            raise GatewayError(IDENTITY_MISMATCH)
        identity = Identity(name=source.name, gender=source.gender,
                            birth_date=source.birth_date, id_type="08",
                            id_number=source.certificate_no)
    phone = body.phone if body.phone is not None else identity.phone
    if phone is None or not _PHONE.fullmatch(phone):
        raise GatewayError(INVALID_PHONE)
    needed = source.source == "birth_certificate" or age_on(identity.birth_date, on) < CHILD_UNDER
    guardian = _guardian(body.guardian, needed, on)
    if guardian is not None and guardian.id_number == identity.id_number:
        raise GatewayError(GUARDIAN_INVALID)
    whole = Identity(**{**identity.__dict__, "phone": phone})
    return Plan(identity=whole, guardian=guardian, card=card)


# --- the record --------------------------------------------------------------------------


def existing(conn: sqlite3.Connection, identity: Identity) -> sqlite3.Row | None:
    """The patient already registered with this ID number; the same person or a refusal."""
    # The type too: a birth certificate's number is not a resident ID with the same digits.
    row = conn.execute(f"{PATIENT_SELECT} WHERE p.id_number = ? AND p.id_type = ?",
                       (identity.id_number, identity.id_type)).fetchone()
    if row is not None and (row["name"] != identity.name
                            or row["birth_date"] != identity.birth_date):
        raise GatewayError(IDENTITY_MISMATCH)
    return row


def insert(conn: sqlite3.Connection, chosen: Plan, card: PlatformCard, device: str,
           now: float, relation: str) -> sqlite3.Row:
    who = chosen.identity
    serial = conn.execute(
        "SELECT COALESCE(MAX(CAST(SUBSTR(patient_id, 2) AS INTEGER)), 0) FROM patients"
    ).fetchone()[0] + 1
    cards = conn.execute(
        "SELECT COALESCE(MAX(CAST(visit_card_no AS INTEGER)), ?) FROM patients"
        " WHERE CAST(visit_card_no AS INTEGER) >= ?", (KIOSK_CARD_BASE, KIOSK_CARD_BASE)
    ).fetchone()[0] + 1
    patient_id = f"P{serial:08d}"
    # ``residents`` doubles as the gateway's record of the cards a platform answered for
    # (the emulation's own rows are there already): a patient's card is always one of them.
    conn.execute(
        "INSERT OR IGNORE INTO residents (health_card_id, id_type, id_number, name, gender,"
        " birth_date, card_status) VALUES (?, ?, ?, ?, ?, ?, 'active')",
        (card.health_card_id, who.id_type, who.id_number, who.name, who.gender,
         who.birth_date),
    )
    conn.execute(
        "INSERT INTO patients (patient_id, name, gender, birth_date, id_type, id_number,"
        " region_code, phone, visit_card_no, health_card_id, insured, insurance_region)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL)",
        (patient_id, who.name, who.gender, who.birth_date, who.id_type, who.id_number,
         who.id_number[:6] if who.id_type == "01" else "", who.phone, f"{cards:010d}",
         card.health_card_id),
    )
    conn.execute("INSERT INTO enrolled_patients (patient_id, device, enrolled_at)"
                 " VALUES (?, ?, ?)", (patient_id, device, now))
    if chosen.guardian is not None:
        conn.execute(
            "INSERT INTO patient_guardians (patient_id, name, id_number, relation)"
            " VALUES (?, ?, ?, ?)",
            (patient_id, chosen.guardian.name, chosen.guardian.id_number, relation),
        )
    return conn.execute(f"{PATIENT_SELECT} WHERE p.patient_id = ?", (patient_id,)).fetchone()


def mark_bound(conn: sqlite3.Connection, patient_id: str) -> None:
    conn.execute("UPDATE enrolled_patients SET card_bound = 1 WHERE patient_id = ?",
                 (patient_id,))
