"""Health services: family-doctor contracts and requests, record consent, the health-record
summary and chronic renewals."""

from __future__ import annotations

import json
import secrets
import sqlite3
from datetime import timedelta

from gateway.core.errors import GatewayError
from gateway.core.record_errors import (
    ALREADY_CONTRACTED,
    CONSENT_REQUIRED,
    NOT_CHRONIC,
    NOT_COLLECTED,
    RENEWAL_PENDING,
    REQUEST_PENDING,
    UNKNOWN_TEAM,
)
from gateway.core.timeline import iso_utc, today
from gateway.schemas.health_services import (
    Consent,
    Contract,
    FamilyDoctor,
    HealthRecord,
    HealthSummary,
    RecentVisit,
    Renewal,
    SignRequest,
    Team,
)
from gateway.store import glossary
from gateway.store.pharmacy import own_prescription

SCHEMA = """
CREATE TABLE IF NOT EXISTS family_doctor_teams (
    team_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    community TEXT NOT NULL,
    doctor TEXT NOT NULL,
    doctor_title TEXT NOT NULL,
    phone TEXT NOT NULL,
    intro TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS family_doctor_contracts (
    patient_id TEXT PRIMARY KEY REFERENCES patients (patient_id),
    team_id TEXT NOT NULL REFERENCES family_doctor_teams (team_id),
    signed_day INTEGER NOT NULL,  -- days relative to today (gateway.core.timeline)
    expires_day INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS family_doctor_requests (
    request_id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    team_id TEXT NOT NULL REFERENCES family_doctor_teams (team_id),
    status TEXT NOT NULL CHECK (status IN ('submitted', 'accepted', 'declined')),
    device TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS consents (
    consent_id TEXT PRIMARY KEY,
    visit_id TEXT NOT NULL,
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    scope TEXT NOT NULL,
    device TEXT NOT NULL,
    granted_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS consents_visit ON consents (visit_id, scope);
CREATE TABLE IF NOT EXISTS health_records (
    patient_id TEXT PRIMARY KEY REFERENCES patients (patient_id),
    blood_type TEXT,
    allergies TEXT NOT NULL,  -- JSON list of strings
    chronic_conditions TEXT NOT NULL,  -- JSON list of strings
    recent_visits TEXT NOT NULL  -- JSON list of [day offset, department, diagnosis]
);
CREATE TABLE IF NOT EXISTS chronic_renewals (
    renewal_id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    prescription_id TEXT NOT NULL REFERENCES prescriptions (prescription_id),
    status TEXT NOT NULL CHECK (status IN ('submitted', 'approved', 'declined')),
    device TEXT NOT NULL,
    created_at REAL NOT NULL
);
"""


def _new_id(prefix: str) -> str:
    return prefix + secrets.token_hex(6).upper()


def _date(now: float, day: int) -> str:
    return (today(now) + timedelta(days=day)).isoformat()


def _team(row: sqlite3.Row) -> Team:
    return Team(**{k: row[k] for k in Team.model_fields})


def family_doctor(conn: sqlite3.Connection, patient_id: str, now: float) -> FamilyDoctor:
    row = conn.execute(
        "SELECT c.*, t.* FROM family_doctor_contracts c"
        " JOIN family_doctor_teams t ON t.team_id = c.team_id"
        " WHERE c.patient_id = ? AND c.expires_day >= 0",
        (patient_id,),
    ).fetchone()
    contract = None
    if row is not None:
        contract = Contract(
            team_id=row["team_id"], team=row["name"], community=row["community"],
            doctor=row["doctor"], doctor_title=row["doctor_title"],
            phone=row["phone"],
            signed_at=_date(now, row["signed_day"]), expires_at=_date(now, row["expires_day"]),
        )
    pending = conn.execute(
        "SELECT * FROM family_doctor_requests WHERE patient_id = ? AND status = 'submitted'",
        (patient_id,),
    ).fetchone()
    teams = conn.execute("SELECT * FROM family_doctor_teams ORDER BY team_id").fetchall()
    return FamilyDoctor(
        contract=contract,
        pending_request=_sign_request(pending) if pending else None,
        teams=[_team(t) for t in teams],
    )


def _sign_request(row: sqlite3.Row) -> SignRequest:
    return SignRequest(
        request_id=row["request_id"], team_id=row["team_id"], status=row["status"],
        submitted_at=iso_utc(row["created_at"]),
    )


def request_signing(
    conn: sqlite3.Connection, patient_id: str, team_id: str, device: str, now: float
) -> SignRequest:
    if conn.execute("SELECT 1 FROM family_doctor_teams WHERE team_id = ?", (team_id,)).fetchone() \
            is None:
        raise GatewayError(UNKNOWN_TEAM)
    current = family_doctor(conn, patient_id, now)
    if current.contract is not None:
        raise GatewayError(ALREADY_CONTRACTED)
    if current.pending_request is not None:
        raise GatewayError(REQUEST_PENDING)
    request_id = _new_id("FD")
    conn.execute(
        "INSERT INTO family_doctor_requests VALUES (?, ?, ?, 'submitted', ?, ?)",
        (request_id, patient_id, team_id, device, now),
    )
    row = conn.execute(
        "SELECT * FROM family_doctor_requests WHERE request_id = ?", (request_id,)
    ).fetchone()
    return _sign_request(row)


def grant_consent(
    conn: sqlite3.Connection, visit_id: str, patient_id: str, scope: str, device: str, now: float
) -> Consent:
    consent_id = _new_id("CS")
    conn.execute(
        "INSERT INTO consents VALUES (?, ?, ?, ?, ?, ?)",
        (consent_id, visit_id, patient_id, scope, device, now),
    )
    return Consent(consent_id=consent_id, scope=scope, granted_at=iso_utc(now))


def health_record(
    conn: sqlite3.Connection, visit_id: str, patient_id: str, now: float
) -> HealthRecord:
    consent = conn.execute(
        "SELECT 1 FROM consents WHERE visit_id = ? AND patient_id = ? AND scope = 'health_record'",
        (visit_id, patient_id),
    ).fetchone()
    if consent is None:
        raise GatewayError(CONSENT_REQUIRED)
    row = conn.execute(
        "SELECT * FROM health_records WHERE patient_id = ?", (patient_id,)
    ).fetchone()
    if row is None:
        return HealthRecord(summary=HealthSummary(
            blood_type=None, allergies=[], chronic_conditions=[], recent_visits=[]
        ))
    recent = json.loads(row["recent_visits"])
    allergies = json.loads(row["allergies"])
    conditions = json.loads(row["chronic_conditions"])
    known = glossary.english(conn, [*allergies, *conditions, *(t for _, d, g in recent for t in (d, g))])
    visits = [
        RecentVisit(date=_date(now, day), department=dept, department_en=known.get(dept),
                    diagnosis=diagnosis, diagnosis_en=known.get(diagnosis))
        for day, dept, diagnosis in recent
    ]
    return HealthRecord(summary=HealthSummary(
        blood_type=row["blood_type"],
        allergies=allergies,
        allergies_en=[known.get(a) for a in allergies],
        chronic_conditions=conditions,
        chronic_conditions_en=[known.get(c) for c in conditions],
        recent_visits=visits,
    ))


def request_renewal(
    conn: sqlite3.Connection, patient_id: str, prescription_id: str, device: str, now: float
) -> Renewal:
    rx = own_prescription(conn, patient_id, prescription_id)
    if not rx["chronic"]:
        raise GatewayError(NOT_CHRONIC)
    # Renewing is for medicine that is running low, not for a box still at the window.
    if rx["status"] != "collected":
        raise GatewayError(NOT_COLLECTED)
    pending = conn.execute(
        "SELECT 1 FROM chronic_renewals WHERE prescription_id = ? AND status = 'submitted'",
        (prescription_id,),
    ).fetchone()
    if pending is not None:
        raise GatewayError(RENEWAL_PENDING)
    renewal_id = _new_id("RN")
    conn.execute(
        "INSERT INTO chronic_renewals VALUES (?, ?, ?, 'submitted', ?, ?)",
        (renewal_id, patient_id, prescription_id, device, now),
    )
    return Renewal(renewal_id=renewal_id, prescription_id=prescription_id, status="submitted",
                   submitted_at=iso_utc(now))
