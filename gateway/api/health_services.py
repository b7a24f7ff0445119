"""Health services: family-doctor contracts, the health-record summary and chronic renewals.

The health record is shown only after the patient consents on screen, and the consent is
bound to the visit token: a new scan is a new visit and asks again (PIPL art. 29 wants
separate consent for sensitive personal information, and a kiosk is a shared screen).
"""

from __future__ import annotations

from fastapi import APIRouter

from gateway.core.auth import State
from gateway.core.errors import INTERNAL_ERROR, INVALID_REQUEST, UNAUTHORIZED
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
from gateway.core.visits import STRONGER_ID_REQUIRED, VISIT_EXPIRED, CurrentVisit
from gateway.schemas.health_services import (
    Consent,
    ConsentBody,
    FamilyDoctor,
    HealthRecord,
    Renewal,
    RenewalBody,
    SignRequest,
    SignRequestBody,
)
from gateway.store.health_services import (
    family_doctor,
    grant_consent,
    health_record,
    request_renewal,
    request_signing,
)

router = APIRouter(prefix="/api/v1", tags=["health services"])

_COMMON = (UNAUTHORIZED, VISIT_EXPIRED, STRONGER_ID_REQUIRED, INTERNAL_ERROR)


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
