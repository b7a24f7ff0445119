"""The pharmacy window queue: who waits at a window, their ticket, calls and recalls.

The queue is derived from prescriptions: a patient with paid, undispensed prescriptions
assigned to a window gets one entry per window and day, numbered in order of payment
(``A001``…) when the queue is first read after they paid. An entry is ``preparing`` until
all its prescriptions are ready, ``called`` once staff call it, ``dispensed`` when nothing
is left to hand out. Every call and recall is recorded with the staff member and time.

Patients are shown by a masked name and ``patient_ref``: an opaque reference, stable for
one patient for one day and unlinkable across days (HMAC of the patient id and the date
under a key kept in the database), which the counter's audit log can carry.
"""

from __future__ import annotations

import secrets
import sqlite3
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from gateway.api.staff import STAFF_ERRORS, CurrentStaff, Staff
from gateway.core.auth import State
from gateway.core.counter_errors import QUEUE_EMPTY, QUEUE_ENTRY_NOT_FOUND
from gateway.core.errors import GatewayError, responses
from gateway.core.idempotency import IDEMPOTENCY_ERRORS, Idempotent, immediate_transaction
from gateway.core.timeline import instant, iso_utc, today
from gateway.schemas.counter_queue import Call, CallRequest, Queue, QueueEntry
from gateway.store.counter_queue import patient_ref
from gateway.store.counters import next_number

router = APIRouter(prefix="/api/v1/pharmacy", tags=["pharmacy counter"])


def mask_name(name: str) -> str:
    """张*三 / 李* / 欧阳**: first character, last one when long enough, stars between."""
    if len(name) <= 2:
        return name[:1] + "*" * (len(name) - 1)
    return name[0] + "*" * (len(name) - 2) + name[-1]


def _waiting(conn: sqlite3.Connection, window: str) -> list[sqlite3.Row]:
    """Patients with undispensed prescriptions at ``window``, first paid first."""
    return conn.execute(
        "SELECT patient_id, MIN(paid_min) AS paid_min, COUNT(*) AS n,"
        " SUM(status = 'ready') AS ready FROM prescriptions"
        " WHERE window = ? AND status IN ('paid', 'preparing', 'ready')"
        " GROUP BY patient_id ORDER BY MIN(paid_min), patient_id",
        (window,),
    ).fetchall()


def materialise(conn: sqlite3.Connection, window: str, now: float) -> None:
    """Give every waiting patient without an open entry today a ticket."""
    day = today(now).isoformat()
    open_ids = {r[0] for r in conn.execute(
        "SELECT patient_id FROM counter_queue WHERE day = ? AND window = ?"
        " AND dispensed_at IS NULL", (day, window),
    )}
    for row in _waiting(conn, window):
        if row["patient_id"] in open_ids:
            continue
        seq = next_number(conn, f"pharmacy_ticket:{day}:{window}")
        conn.execute(
            "INSERT INTO counter_queue (queue_id, day, window, patient_id, seq, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            ("Q" + secrets.token_hex(8).upper(), day, window, row["patient_id"], seq, now),
        )


def ticket(seq: int) -> str:
    return f"A{seq:03d}"


def _entry(conn: sqlite3.Connection, row: sqlite3.Row, now: float) -> QueueEntry:
    waiting = conn.execute(
        "SELECT MIN(paid_min) AS paid_min, COUNT(*) AS n, SUM(status = 'ready') AS ready"
        " FROM prescriptions WHERE patient_id = ? AND window = ?"
        " AND status IN ('paid', 'preparing', 'ready')",
        (row["patient_id"], row["window"]),
    ).fetchone()
    if row["dispensed_at"] is not None:
        status = "dispensed"
    elif row["called_at"] is not None:
        status = "called"
    else:
        status = "ready" if waiting["n"] and waiting["ready"] == waiting["n"] else "preparing"
    return QueueEntry(
        queue_id=row["queue_id"], ticket_no=ticket(row["seq"]),
        patient_ref=patient_ref(conn, row["patient_id"], now),
        name_masked=mask_name(row["name"]), status=status,
        paid_at=instant(now, waiting["paid_min"]),
        called_at=iso_utc(row["called_at"]) if row["called_at"] is not None else None,
        called_by=row["called_by"], prescription_count=waiting["n"] or 0,
    )


_ENTRY_SELECT = (
    "SELECT q.*, p.name FROM counter_queue q JOIN patients p ON p.patient_id = q.patient_id"
)


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
    with immediate_transaction(state.db) as conn:
        materialise(conn, window, now)
        rows = conn.execute(
            _ENTRY_SELECT + " WHERE q.day = ? AND q.window = ? ORDER BY q.seq",
            (today(now).isoformat(), window),
        ).fetchall()
        return Queue(window=window, entries=[_entry(conn, r, now) for r in rows])


def _call(conn: sqlite3.Connection, row: sqlite3.Row, staff: Staff, kind: str,
          now: float) -> Call:
    conn.execute("UPDATE counter_queue SET called_at = ?, called_by = ? WHERE queue_id = ?",
                 (now, staff.staff_no, row["queue_id"]))
    conn.execute("INSERT INTO counter_calls VALUES (?, ?, ?, ?, ?)",
                 (row["queue_id"], kind, staff.staff_no, row["window"], now))
    return Call(queue_id=row["queue_id"], ticket_no=ticket(row["seq"]),
                patient_ref=patient_ref(conn, row["patient_id"], now),
                name_masked=mask_name(row["name"]), window=row["window"],
                called_at=iso_utc(now), called_by=staff.staff_no)


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
            _ENTRY_SELECT + " WHERE q.day = ? AND q.window = ? AND q.called_at IS NULL"
            " AND q.dispensed_at IS NULL ORDER BY q.seq LIMIT 1",
            (today(now).isoformat(), window),
        ).fetchone()
        if row is None:
            raise GatewayError(QUEUE_EMPTY)
        return _call(conn, row, staff, "call", now)

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
        row = conn.execute(_ENTRY_SELECT + " WHERE q.queue_id = ? AND q.day = ?",
                           (queue_id, today(now).isoformat())).fetchone()
        if row is None:
            raise GatewayError(QUEUE_ENTRY_NOT_FOUND)
        return _call(conn, row, staff, "recall", now)

    return idem.run(change, status=200)


