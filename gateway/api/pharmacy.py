"""Pharmacy pickup: the patient's prescriptions, their status and the window to go to.

A prescription moves paid → preparing → ready (at a window) → collected; the pharmacy
system drives it, the kiosk only shows it. Chronic-disease prescriptions (长期处方) are
flagged because they can be renewed without a new consultation (see health services).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from gateway.core.auth import State
from gateway.core.errors import INTERNAL_ERROR, INVALID_REQUEST, UNAUTHORIZED
from gateway.core.errors import responses as error_responses
from gateway.core.visits import VISIT_EXPIRED, AnyVisit
from gateway.schemas.pharmacy import Prescriptions
from gateway.store.pharmacy import list_prescriptions

router = APIRouter(prefix="/api/v1", tags=["pharmacy"])


@router.get(
    "/patients/me/prescriptions",
    response_model=Prescriptions,
    summary="The patient's prescriptions with pickup status and window, newest first",
    description="`chronic=true` lists only chronic-disease prescriptions (renewable).",
    responses=error_responses(UNAUTHORIZED, VISIT_EXPIRED, INVALID_REQUEST, INTERNAL_ERROR),
)
def my_prescriptions(
    visit: AnyVisit,
    state: State,
    chronic: Annotated[bool | None, Query(description="Filter on the chronic flag.")] = None,
) -> Prescriptions:
    with state.db.transaction() as conn:
        return list_prescriptions(conn, visit.patient_id, state.clock(), chronic)
