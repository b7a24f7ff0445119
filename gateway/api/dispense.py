"""Dispensing (发药): hand out verified boxes once, against paid prescriptions.

The workstation verifies each scan as it happens, but the gateway trusts none of it: the
request is re-verified from scratch inside the keyed write transaction, and either every
box is registered and every prescription marked collected, or nothing changes. Checks, in
the order their errors are reported:

1. prescriptions exist (``unknown_prescription``), belong to one patient
   (``mixed_patients``) and are paid, undispensed (``prescription_not_dispensable``);
2. every box names an item of these prescriptions (``unknown_item``), is a traceability
   code (``malformed_trace_code``) and is scanned once (``duplicate_box``);
3. no box was dispensed before, anywhere in the hospital (``code_already_dispensed``: a
   box seen twice is a sign of resold medicine, so it outranks the rest);
4. each box is its item's drug by trace prefix or GTIN (``wrong_drug``), in date
   (``box_expired``), and each item gets exactly its prescribed number of boxes
   (``quantity_mismatch``).
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Response

from gateway.api.staff import STAFF_ERRORS, CurrentStaff
from gateway.core.auth import State
from gateway.core.counter_errors import (
    BOX_EXPIRED,
    CODE_ALREADY_DISPENSED,
    DUPLICATE_BOX,
    MALFORMED_TRACE_CODE,
    MIXED_PATIENTS,
    PRESCRIPTION_NOT_DISPENSABLE,
    QUANTITY_MISMATCH,
    ROLE_NOT_ALLOWED,
    UNKNOWN_ITEM,
    WRONG_DRUG,
)
from gateway.core.errors import INVALID_REQUEST, GatewayError, responses
from gateway.core.idempotency import IDEMPOTENCY_ERRORS, Idempotent
from gateway.core.record_errors import UNKNOWN_PRESCRIPTION
from gateway.schemas.dispense import Dispense, DispenseRequest
from gateway.store.dispense import dispense_change

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/api/v1/pharmacy", tags=["pharmacy counter"])


@router.post(
    "/dispenses",
    status_code=201,
    response_model=Dispense,
    summary="Dispense verified boxes against paid prescriptions, once",
    description="Keyed: a retry with the same `Idempotency-Key` answers the same dispense "
    "and registers nothing again. Every check is repeated here; see the error list.",
    responses=responses(
        UNKNOWN_PRESCRIPTION, PRESCRIPTION_NOT_DISPENSABLE, CODE_ALREADY_DISPENSED,
        MIXED_PATIENTS, UNKNOWN_ITEM, MALFORMED_TRACE_CODE, DUPLICATE_BOX, WRONG_DRUG,
        BOX_EXPIRED, QUANTITY_MISMATCH, ROLE_NOT_ALLOWED, *IDEMPOTENCY_ERRORS, *STAFF_ERRORS,
    ),
)
def create_dispense(
    body: DispenseRequest, state: State, staff: CurrentStaff, idem: Idempotent
) -> Response:
    if staff.role != "pharmacist":
        # Dispensing is the pharmacist's check (药师核对); assistants prepare and call.
        raise GatewayError(ROLE_NOT_ALLOWED)
    if len(set(body.prescription_ids)) != len(body.prescription_ids):
        raise GatewayError(INVALID_REQUEST)
    now = state.clock()
    response = idem.run(lambda conn: dispense_change(
        conn, body, staff.staff_no, staff.window, idem.device, now
    ))
    logger.info("dispense answered %d", response.status_code)
    return response
