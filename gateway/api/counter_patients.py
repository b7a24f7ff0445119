"""The patient at the counter: a scan → the patient and their paid, undispensed prescriptions.

Resolution is identify's (health codes, ID numbers, visit cards, insurance vouchers, with
the same errors) plus the receipt barcode of a settlement, which names the patient who
paid. No visit is opened: the counter acts under the staff session, not as the patient.
The full name is returned because the workstation is staff-only; it decides masking.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter

from gateway.api.staff import STAFF_ERRORS, CurrentStaff
from gateway.core.auth import Device, State
from gateway.core.errors import (
    CARD_CANCELLED,
    EXPIRED_CODE,
    MALFORMED_CODE,
    NOT_REGISTERED,
    UNKNOWN_CODE,
    responses,
)
from gateway.schemas.counter_patients import Lookup
from gateway.schemas.identify import IdentifyRequest
from gateway.store.counter_items import lookup_patient
from gateway.store.patients import identify_attempt

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/api/v1/pharmacy", tags=["pharmacy counter"])


@router.post(
    "/lookup",
    response_model=Lookup,
    summary="Scan the patient at the counter: paid, undispensed prescriptions and allergies",
    description="Accepts what identify accepts, plus a settlement's 14-digit receipt number "
    "(optionally `R`-prefixed). Opens no visit.",
    responses=responses(MALFORMED_CODE, CARD_CANCELLED, UNKNOWN_CODE, NOT_REGISTERED,
                        EXPIRED_CODE, *STAFF_ERRORS),
)
def lookup(body: IdentifyRequest, state: State, device: Device, _staff: CurrentStaff) -> Lookup:
    now = state.clock()
    with identify_attempt(state.db, "counter lookup", now, device, body.terminal_id,
                          body.source) as attempt:
        with state.db.transaction() as conn:
            result = lookup_patient(conn, body.text, now, state.platform, state.wristband)
        attempt.outcome = "counter_" + result.patient.matched_by
        return result
