"""The patient's records (我的记录, ``/api/v1/patients/me/records``): today's and recent
transactions with receipt numbers, slip reprints counted up to a limit, and cancelling a
booked appointment with its refund. See ``gateway/store/my_records.py``."""

from __future__ import annotations

import sqlite3
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from gateway.core.auth import State
from gateway.core.errors import INTERNAL_ERROR, INVALID_REQUEST, UNAUTHORIZED, responses
from gateway.core.idempotency import IDEMPOTENCY_ERRORS, Idempotent
from gateway.core.record_service_errors import (
    ALREADY_CANCELLED,
    NOT_CANCELLABLE,
    RECEIPT_NOT_FOUND,
    REPRINT_LIMIT_REACHED,
)
from gateway.core.visits import STRONGER_ID_REQUIRED, VISIT_EXPIRED, CurrentVisit
from gateway.insurance import revocation
from gateway.schemas.records import (
    Cancellation,
    CancelRequest,
    Records,
    Reprint,
    ReprintRequest,
)
from gateway.store import my_records, provider_calls

router = APIRouter(prefix="/api/v1", tags=["records"])

ReceiptNo = Annotated[str, Path(pattern=r"^[0-9]{8,20}$", description="单据号, from the record.")]
_COMMON = (UNAUTHORIZED, VISIT_EXPIRED, STRONGER_ID_REQUIRED, INVALID_REQUEST, INTERNAL_ERROR)


@router.get(
    "/patients/me/records",
    response_model=Records,
    summary="This patient's transactions of today and the last days, newest first",
    description="Registrations and bill settlements (deposits once inpatient services exist), "
    "each with its receipt number, amounts, reprints left and whether it can be cancelled.",
    responses=responses(*_COMMON),
)
def my_transactions(
    state: State, visit: CurrentVisit,
    days: Annotated[int, Query(ge=0, le=90, description="Days before today to include.")] = 7,
) -> Records:
    with state.db.transaction() as conn:
        return Records(records=my_records.listing(
            conn, visit.patient_id, days, state.settings.slip_reprint_limit, state.clock()))


@router.post(
    "/patients/me/records/{receipt_no}/reprints",
    status_code=201,
    response_model=Reprint,
    summary="Count one reprint (补打) of a slip; print it marked as a reprint",
    description="Up to the hospital's limit per slip (`reprints_left`); a repeat with the same "
    "Idempotency-Key is the same reprint, counted once.",
    responses=responses(RECEIPT_NOT_FOUND, REPRINT_LIMIT_REACHED, *IDEMPOTENCY_ERRORS, *_COMMON),
)
def reprint_slip(receipt_no: ReceiptNo, body: ReprintRequest, state: State, visit: CurrentVisit,
                 idem: Idempotent) -> Response:
    now = state.clock()

    def change(conn: sqlite3.Connection) -> Reprint:
        number, record = my_records.reprint(conn, visit.patient_id, receipt_no,
                                            state.settings.slip_reprint_limit, now)
        return Reprint(receipt_no=receipt_no, reprint_no=number,
                       reprints_left=record.reprints_left, record=record)

    return idem.run(change, status=201)


@router.post(
    "/patients/me/records/{receipt_no}/cancellation",
    response_model=Cancellation,
    summary="Cancel a booked appointment and refund it to the channel it was paid with",
    description="Only a kiosk registration still booked (not checked in) whose session has "
    "not started. The payment is refunded, the insurance part revoked, in one step; a repeat "
    "with the same key replays the answer, a new key is `409 already_cancelled`: one refund.",
    responses=responses(RECEIPT_NOT_FOUND, NOT_CANCELLABLE, ALREADY_CANCELLED,
                        *IDEMPOTENCY_ERRORS, *_COMMON),
)
def cancel_appointment(receipt_no: ReceiptNo, body: CancelRequest, state: State,
                       visit: CurrentVisit, idem: Idempotent) -> Response:
    now = state.clock()

    def change(conn: sqlite3.Connection) -> Cancellation:
        return my_records.cancel(conn, visit.patient_id, receipt_no, now)

    replay = idem.replayed()
    if replay is None:
        revocation.send_claimed(state)  # ones left unanswered before: first
    answer = replay if replay is not None else idem.run(change, status=200)
    # The refund and the 2208 claimed with the cancellation, sent now that it is committed;
    # a refund the provider did not answer is sent again by the next order or charge, a 2208
    # the insurer did not answer by the next cancellation or insured registration.
    provider_calls.send_pending(state)
    revocation.send_claimed(state)
    return answer
