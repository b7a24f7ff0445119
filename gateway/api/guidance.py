"""Guidance (导诊): today's itinerary of the patient and the symptom → department recommender.

Itinerary steps are planned by the HIS when the doctor orders tests; a step that refers
to a lab or imaging order or a prescription takes its status from that record, so the
itinerary never disagrees with the report and pharmacy screens.
"""

from __future__ import annotations

from fastapi import APIRouter

from gateway.core.auth import Device, State
from gateway.core.errors import INTERNAL_ERROR, INVALID_REQUEST, UNAUTHORIZED, GatewayError
from gateway.core.errors import responses as error_responses
from gateway.core.record_errors import UNKNOWN_BODY_AREA, UNKNOWN_SYMPTOM
from gateway.core.visits import VISIT_EXPIRED, AnyVisit
from gateway.platform import triage
from gateway.schemas.guidance import (
    Itinerary,
    TriageArea,
    TriageCatalogue,
    TriageRecommendation,
    TriageRequest,
    TriageResult,
    TriageSymptom,
)
from gateway.store.guidance import itinerary

router = APIRouter(prefix="/api/v1", tags=["guidance"])


@router.get(
    "/patients/me/itinerary",
    response_model=Itinerary,
    summary="Today's itinerary: what next, where, queue position and wait",
    responses=error_responses(UNAUTHORIZED, VISIT_EXPIRED, INTERNAL_ERROR),
)
def my_itinerary(visit: AnyVisit, state: State) -> Itinerary:
    with state.db.transaction() as conn:
        return itinerary(conn, visit.patient_id, state.clock())


@router.get(
    "/triage/catalogue",
    response_model=TriageCatalogue,
    summary="Body areas and their symptoms for the recommender",
    responses=error_responses(UNAUTHORIZED, INTERNAL_ERROR),
)
def triage_catalogue(_device: Device) -> TriageCatalogue:
    return TriageCatalogue(
        body_areas=[
            TriageArea(
                code=a.code,
                name=a.name,
                name_en=a.name_en,
                symptoms=[
                    TriageSymptom(code=s.code, name=s.name, name_en=s.name_en, sex=s.sex)
                    for s in a.symptoms
                ],
            )
            for a in triage.BODY_AREAS
        ]
    )


@router.post(
    "/triage",
    response_model=TriageResult,
    summary="Recommend departments for a body area and symptoms",
    description=(
        "Changes nothing, so no `Idempotency-Key` is needed. Red-flag symptoms put "
        "急诊医学科 first with `urgent: true`; children under 14 are sent to paediatrics "
        "for medical complaints."
    ),
    responses=error_responses(
        UNAUTHORIZED, UNKNOWN_BODY_AREA, UNKNOWN_SYMPTOM, INVALID_REQUEST, INTERNAL_ERROR
    ),
)
def recommend(body: TriageRequest, _device: Device) -> TriageResult:
    try:
        found = triage.recommend(body.body_area, body.symptoms, body.age, body.sex)
    except triage.UnknownBodyArea:
        raise GatewayError(UNKNOWN_BODY_AREA) from None
    except triage.UnknownSymptom:
        raise GatewayError(UNKNOWN_SYMPTOM) from None
    return TriageResult(
        recommendations=[TriageRecommendation(**vars(r)) for r in found]
    )
