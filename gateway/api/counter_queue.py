"""The pharmacy window queue: who waits at a window, their ticket, calls and recalls.

The queue is derived from prescriptions: a patient with paid, undispensed prescriptions
assigned to a window gets one entry per window and day, numbered in order of payment
(``A001``…) when the hospital day begins (``gateway.core.hospital_day``; a call of the
next patient tickets anyone who began waiting since), never by listing the queue. An entry is ``preparing`` until
all its prescriptions are ready, ``called`` once staff call it, ``dispensed`` when nothing
is left to hand out. Every call and recall is recorded with the staff member and time.

Patients are shown by a masked name and ``patient_ref``: an opaque reference, stable for
one patient for one day and unlinkable across days (HMAC of the patient id and the date
under a key kept in the database), which the counter's audit log can carry.
"""

from __future__ import annotations

import sqlite3
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from gateway.api.staff import STAFF_ERRORS, CurrentStaff
from gateway.core.auth import State
from gateway.core.counter_errors import QUEUE_EMPTY, QUEUE_ENTRY_NOT_FOUND
from gateway.core.errors import GatewayError, responses
from gateway.core.idempotency import IDEMPOTENCY_ERRORS, Idempotent
from gateway.core.timeline import today
from gateway.schemas.counter_queue import Call, CallRequest, Queue
from gateway.store.counter_queue import ENTRY_SELECT, entry_model, materialise, record_call

router = APIRouter(prefix="/api/v1/pharmacy", tags=["pharmacy counter"])


@router.get(
    "/queue",
    response_model=Queue,
    summary="A window's queue today: waiting, called and dispensed patients by ticket",
    responses=responses(*STAFF_ERRORS),
)
def get_queue(
    state: State,
    staff: CurrentStaff,
    window: Annotated[str | None, Query(pattern=r"^[0-9]{1,2}$")] = None,
) -> Queue:
    window = window or staff.window
    now = state.clock()
    # Read only: the day's tickets were given when the day began (gateway.core.hospital_day).
    with state.db.transaction() as conn:
        rows = conn.execute(
            ENTRY_SELECT + " WHERE q.day = ? AND q.window = ? ORDER BY q.seq",
            (today(now).isoformat(), window),
        ).fetchall()
        return Queue(window=window, entries=[entry_model(conn, r, now) for r in rows])


@router.post(
    "/queue/call-next",
    response_model=Call,
    summary="Call the next waiting patient (lowest ticket not yet called)",
    responses=responses(QUEUE_EMPTY, *IDEMPOTENCY_ERRORS, *STAFF_ERRORS),
)
def call_next(body: CallRequest, state: State, staff: CurrentStaff, idem: Idempotent) -> Response:
    window = body.window or staff.window
    now = state.clock()

    def change(conn: sqlite3.Connection) -> Call:
        materialise(conn, window, now)
        row = conn.execute(
            ENTRY_SELECT + " WHERE q.day = ? AND q.window = ? AND q.called_at IS NULL"
            " AND q.dispensed_at IS NULL ORDER BY q.seq LIMIT 1",
            (today(now).isoformat(), window),
        ).fetchone()
        if row is None:
            raise GatewayError(QUEUE_EMPTY)
        return record_call(conn, row, staff.staff_no, "call", now)

    return idem.run(change, status=200)


@router.post(
    "/queue/{queue_id}/call",
    response_model=Call,
    summary="Call one entry again (recall), e.g. a patient who did not come",
    responses=responses(QUEUE_ENTRY_NOT_FOUND, *IDEMPOTENCY_ERRORS, *STAFF_ERRORS),
)
def recall(
    state: State, staff: CurrentStaff, idem: Idempotent,
    queue_id: Annotated[str, Path(max_length=64)],
) -> Response:
    now = state.clock()

    def change(conn: sqlite3.Connection) -> Call:
        row = conn.execute(ENTRY_SELECT + " WHERE q.queue_id = ? AND q.day = ?",
                           (queue_id, today(now).isoformat())).fetchone()
        if row is None:
            raise GatewayError(QUEUE_ENTRY_NOT_FOUND)
        return record_call(conn, row, staff.staff_no, "recall", now)

    return idem.run(change, status=200)


