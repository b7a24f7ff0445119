"""Health services: family-doctor contracts, the health-record summary and chronic renewals.

The health record is shown only after the patient consents on screen, and the consent is
bound to the visit token: a new scan is a new visit and asks again (PIPL art. 29 wants
separate consent for sensitive personal information, and a kiosk is a shared screen).
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from datetime import timedelta

from fastapi import APIRouter

from gateway.core.auth import State
from gateway.core.errors import (
    INTERNAL_ERROR,
    INVALID_REQUEST,
    UNAUTHORIZED,
    GatewayError,
)
from gateway.core.errors import responses as error_responses
from gateway.core.idempotency import IDEMPOTENCY_ERRORS, Idempotent
from gateway.core.record_errors import (
    ALREADY_CONTRACTED,
    CONSENT_REQUIRED,
    NOT_CHRONIC,
    RENEWAL_PENDING,
    REQUEST_PENDING,
    UNKNOWN_PRESCRIPTION,
    UNKNOWN_TEAM,
)
from gateway.core.timeline import iso_utc, today
from gateway.core.visits import VISIT_EXPIRED, CurrentVisit
from gateway.schemas.health_services import (
    Consent,
    ConsentBody,
    Contract,
    FamilyDoctor,
    HealthRecord,
    HealthSummary,
    RecentVisit,
    Renewal,
    RenewalBody,
    SignRequest,
    SignRequestBody,
    Team,
)
from gateway.store.pharmacy import own_prescription

router = APIRouter(prefix="/api/v1", tags=["health services"])

_COMMON = (UNAUTHORIZED, VISIT_EXPIRED, INTERNAL_ERROR)


def mask_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else "****"


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
            phone_masked=mask_phone(row["phone"]),
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
    visits = [
        RecentVisit(date=_date(now, day), department=dept, diagnosis=diagnosis)
        for day, dept, diagnosis in json.loads(row["recent_visits"])
    ]
    return HealthRecord(summary=HealthSummary(
        blood_type=row["blood_type"],
        allergies=json.loads(row["allergies"]),
        chronic_conditions=json.loads(row["chronic_conditions"]),
        recent_visits=visits,
    ))


def request_renewal(
    conn: sqlite3.Connection, patient_id: str, prescription_id: str, device: str, now: float
) -> Renewal:
    rx = own_prescription(conn, patient_id, prescription_id)
    if not rx["chronic"]:
        raise GatewayError(NOT_CHRONIC)
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


@router.get(
    "/patients/me/family-doctor",
    response_model=FamilyDoctor,
    summary="The current family-doctor contract and the teams to sign with",
    responses=error_responses(*_COMMON),
)
def my_family_doctor(visit: CurrentVisit, state: State) -> FamilyDoctor:
    with state.db.transaction() as conn:
        return family_doctor(conn, visit.patient_id, state.clock())


@router.post(
    "/family-doctor/requests",
    status_code=201,
    response_model=SignRequest,
    summary="Ask a family-doctor team to sign a contract",
    responses=error_responses(*_COMMON, *IDEMPOTENCY_ERRORS, UNKNOWN_TEAM, ALREADY_CONTRACTED,
                              REQUEST_PENDING, INVALID_REQUEST),
)
def sign_family_doctor(
    body: SignRequestBody, visit: CurrentVisit, idem: Idempotent, state: State
):
    return idem.run(lambda conn: request_signing(
        conn, visit.patient_id, body.team_id, idem.device, state.clock()
    ))


@router.post(
    "/patients/me/consents",
    status_code=201,
    response_model=Consent,
    summary="Record the patient's on-screen consent for this visit",
    description="Valid for this visit token only; a new scan asks again.",
    responses=error_responses(*_COMMON, *IDEMPOTENCY_ERRORS, INVALID_REQUEST),
)
def consent(body: ConsentBody, visit: CurrentVisit, idem: Idempotent, state: State):
    return idem.run(lambda conn: grant_consent(
        conn, visit.visit_id, visit.patient_id, body.scope, idem.device, state.clock()
    ))


@router.get(
    "/patients/me/health-record",
    response_model=HealthRecord,
    summary="Health-record summary (needs consent in this visit)",
    responses=error_responses(*_COMMON, CONSENT_REQUIRED),
)
def my_health_record(visit: CurrentVisit, state: State) -> HealthRecord:
    with state.db.transaction() as conn:
        return health_record(conn, visit.visit_id, visit.patient_id, state.clock())


@router.post(
    "/chronic-renewals",
    status_code=201,
    response_model=Renewal,
    summary="Ask for a renewal of a chronic-disease prescription",
    responses=error_responses(*_COMMON, *IDEMPOTENCY_ERRORS, UNKNOWN_PRESCRIPTION, NOT_CHRONIC,
                              RENEWAL_PENDING, INVALID_REQUEST),
)
def renew(body: RenewalBody, visit: CurrentVisit, idem: Idempotent, state: State):
    return idem.run(lambda conn: request_renewal(
        conn, visit.patient_id, body.prescription_id, idem.device, state.clock()
    ))
