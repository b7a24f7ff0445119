"""Deterministic demo population: residents on the health-card platform and patients at
this hospital.

Everything comes from one ``random.Random(seed)`` so the same seed always yields the same
people, which lets tests and screenshots name a patient by position. Birth dates are taken
from a fixed reference date rather than today for the same reason.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from stdnum.cn import ric

from gateway.demo.census import (
    AGE_BANDS,
    GIVEN_FEMALE,
    GIVEN_MALE,
    GIVEN_NEUTRAL,
    LOCAL_PREFIX,
    LOCAL_WEIGHT,
    PHONE_PREFIXES,
    REGIONS,
    SURNAMES,
)

REFERENCE_DATE = date(2026, 1, 1)
CANCELLED_CARDS = 3
UNREGISTERED_RESIDENTS = 3
LEGACY_ID_HOLDERS = 6
INSURED_SHARE = 0.6


@dataclass(frozen=True)
class DemoPerson:
    """One resident; ``patient_id`` is None when the hospital has no record of them."""

    name: str
    gender: str  # "M" / "F"
    birth_date: date
    id_number: str
    legacy_id_number: str | None
    region_code: str
    phone: str
    health_card_id: str
    card_status: str  # "active" / "cancelled"
    patient_id: str | None
    visit_card_no: str | None
    insured: bool
    insurance_region: str | None


def legacy_from_18(id_number: str) -> str:
    """The 15-digit number issued before 1999: no century, no check character."""
    return id_number[:6] + id_number[8:17]


def _weighted(rng: random.Random, items: list, weights: list[int]):
    return rng.choices(items, weights=weights, k=1)[0]


def _name(rng: random.Random, gender: str) -> str:
    surname = _weighted(rng, [s for s, _ in SURNAMES], [w for _, w in SURNAMES])
    pool = GIVEN_MALE if gender == "M" else GIVEN_FEMALE
    length = 1 if rng.random() < 0.3 else 2
    chars = [rng.choice(pool if rng.random() < 0.75 else GIVEN_NEUTRAL) for _ in range(length)]
    return surname + "".join(chars)


def _birth_date(rng: random.Random) -> date:
    lo, hi, _ = _weighted(rng, list(AGE_BANDS), [w for _, _, w in AGE_BANDS])
    age = rng.randint(lo, hi)
    return REFERENCE_DATE.replace(year=REFERENCE_DATE.year - age) - timedelta(
        days=rng.randint(1, 364)
    )


def _region(rng: random.Random, birth_year: int) -> str:
    # stdnum rejects a region code for birth years before the code existed, so only
    # codes in use at birth are offered.
    eligible = [(code, since) for code, _, since in REGIONS if since <= birth_year]
    weights = [LOCAL_WEIGHT if code.startswith(LOCAL_PREFIX) else 1 for code, _ in eligible]
    return _weighted(rng, [code for code, _ in eligible], weights)


def _id_number(rng: random.Random, region: str, birth: date, gender: str, taken: set[str]) -> str:
    while True:
        seq = rng.randrange(0, 500) * 2 + 1 if gender == "M" else rng.randrange(1, 500) * 2
        body = f"{region}{birth:%Y%m%d}{seq:03d}"
        number = body + ric.calc_check_digit(body + "0")
        if number not in taken:
            taken.add(number)
            return number


def _person(rng: random.Random, taken: set[str]) -> dict:
    gender = "M" if rng.random() < 0.48 else "F"
    birth = _birth_date(rng)
    region = _region(rng, birth.year)
    return {
        "name": _name(rng, gender),
        "gender": gender,
        "birth_date": birth,
        "id_number": _id_number(rng, region, birth, gender, taken),
        "region_code": region,
        "phone": rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}",
        "health_card_id": f"{rng.getrandbits(256):064X}",
    }


def generate(seed: int, patients: int) -> list[DemoPerson]:
    """``patients`` registered patients followed by the unregistered residents."""
    if patients < CANCELLED_CARDS + 1:
        raise ValueError("need more patients than cancelled cards")
    rng = random.Random(seed)
    taken: set[str] = set()
    raw = [_person(rng, taken) for _ in range(patients + UNREGISTERED_RESIDENTS)]
    cancelled = set(rng.sample(range(patients), CANCELLED_CARDS))
    eligible_legacy = [i for i in range(patients) if raw[i]["birth_date"].year < 1990]
    legacy = set(rng.sample(eligible_legacy, min(LEGACY_ID_HOLDERS, len(eligible_legacy))))
    people: list[DemoPerson] = []
    serial = 10000
    for index, fields in enumerate(raw):
        registered = index < patients
        serial += rng.randint(1, 37)
        insured = registered and rng.random() < INSURED_SHARE
        people.append(
            DemoPerson(
                **fields,
                legacy_id_number=legacy_from_18(fields["id_number"]) if index in legacy else None,
                card_status="cancelled" if index in cancelled else "active",
                patient_id=f"P{serial:08d}" if registered else None,
                visit_card_no=f"{2_000_000 + index * 13 + rng.randrange(13):010d}"
                if registered
                else None,
                insured=insured,
                insurance_region=fields["region_code"][:4] + "00" if insured else None,
            )
        )
    return people


def insert_people(conn: sqlite3.Connection, people: Sequence[DemoPerson]) -> None:
    conn.executemany(
        "INSERT INTO residents (health_card_id, id_number, name, gender, birth_date, card_status)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            (p.health_card_id, p.id_number, p.name, p.gender, p.birth_date.isoformat(),
             p.card_status)
            for p in people
        ],
    )
    # The platform knows each resident's mobile number (what a self-registration prefills).
    conn.executemany(
        "INSERT INTO resident_contacts (health_card_id, phone) VALUES (?, ?)",
        [(p.health_card_id, p.phone) for p in people],
    )
    conn.executemany(
        "INSERT INTO patients (patient_id, name, gender, birth_date, id_number, legacy_id_number,"
        " region_code, phone, visit_card_no, health_card_id, insured, insurance_region)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (p.patient_id, p.name, p.gender, p.birth_date.isoformat(), p.id_number,
             p.legacy_id_number, p.region_code, p.phone, p.visit_card_no, p.health_card_id,
             int(p.insured), p.insurance_region)
            for p in people
            if p.patient_id is not None
        ],
    )
