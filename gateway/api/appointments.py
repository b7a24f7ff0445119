"""Appointments and check-in (签到): the patient's bookings, and joining the doctor's queue.

A booked appointment is checked in on its day before its session ends; the answer carries
the queue number (the slot's number), the position and an estimated wait. A repeat with
the same Idempotency-Key replays; with a new key it is ``already_checked_in`` carrying the
same queue data, so a kiosk that lost the first answer can still print the ticket.
"""

from __future__ import annotations

import sqlite3
from typing import Annotated

from fastapi import APIRouter, Path, Response

from gateway.core.auth import State
from gateway.core.errors import (
    INTERNAL_ERROR,
    INVALID_REQUEST,
    UNAUTHORIZED,
    GatewayError,
    responses,
)
from gateway.core.idempotency import IDEMPOTENCY_ERRORS, Idempotent
from gateway.core.service_errors import (
    ALREADY_CHECKED_IN,
    APPOINTMENT_CLOSED,
    APPOINTMENT_NOT_FOUND,
    NOT_CHECKABLE,
)
from gateway.core.timeline import local_midnight
from gateway.core.visits import VISIT_EXPIRED, AnyVisit
from gateway.schemas.registration import Appointment, Appointments, CheckIn, CheckInRequest
from gateway.store.hospital import location
from gateway.store.registration import appointment_parts, appointment_status, queue_position
from gateway.store.schedules import schedule_row

router = APIRouter(prefix="/api/v1", tags=["registration"])

_COMMON = (UNAUTHORIZED, VISIT_EXPIRED, INVALID_REQUEST, INTERNAL_ERROR)
_CHANGE = (*IDEMPOTENCY_ERRORS, *_COMMON)


@router.get(
    "/patients/me/appointments",
    response_model=Appointments,
    summary="This patient's appointments and registrations, soonest first",
    responses=responses(*_COMMON),
)
def my_appointments(state: State, visit: AnyVisit) -> Appointments:
    now = state.clock()
    with state.db.transaction() as conn:
        rows = conn.execute(
            "SELECT r.* FROM registrations r JOIN schedules s ON s.schedule_id = r.schedule_id"
            " WHERE r.patient_id = ? ORDER BY s.date, s.period, r.queue_no",
            (visit.patient_id,),
        ).fetchall()
        result = []
        for reg in rows:
            parts = appointment_parts(conn, reg)
            schedule = parts.pop("schedule")
            result.append(Appointment(
                appointment_id=reg["registration_id"],
                status=appointment_status(reg, schedule, now), queue_no=reg["queue_no"], **parts,
            ))
    return Appointments(appointments=result)


@router.post(
    "/appointments/{appointment_id}/check-in",
    response_model=CheckIn,
    summary="Check in for a booked appointment on its day: queue number, position, wait",
    description="A repeat with the same Idempotency-Key replays the answer; a new key on a "
    "checked-in appointment is `409 already_checked_in` with the queue data in `detail`.",
    responses=responses(APPOINTMENT_NOT_FOUND, ALREADY_CHECKED_IN, NOT_CHECKABLE,
                        APPOINTMENT_CLOSED, *_CHANGE),
)
def check_in(
    appointment_id: Annotated[str, Path(max_length=64)],
    body: CheckInRequest,
    state: State,
    visit: AnyVisit,
    idem: Idempotent,
) -> Response:
    now = state.clock()

    def queue_data(conn: sqlite3.Connection, reg: sqlite3.Row) -> CheckIn:
        position, wait = queue_position(conn, reg, now)
        schedule = schedule_row(conn, reg["schedule_id"])
        return CheckIn(appointment_id=appointment_id, status="checked_in",
                       queue_no=reg["queue_no"], position=position, estimated_wait_min=wait,
                       location=location(conn, schedule["location_code"]))

    def change(conn: sqlite3.Connection) -> CheckIn:
        reg = conn.execute(
            "SELECT * FROM registrations WHERE registration_id = ? AND patient_id = ?",
            (appointment_id, visit.patient_id),
        ).fetchone()
        if reg is None:
            raise GatewayError(APPOINTMENT_NOT_FOUND)
        schedule = schedule_row(conn, reg["schedule_id"])
        status = appointment_status(reg, schedule, now)
        if status == "checked_in":
            raise GatewayError(ALREADY_CHECKED_IN, detail=queue_data(conn, reg).model_dump())
        if status != "booked" or schedule["status"] != "open":
            raise GatewayError(APPOINTMENT_CLOSED)
        if schedule["date"] != local_midnight(now).date().isoformat():
            raise GatewayError(NOT_CHECKABLE)
        conn.execute(
            "UPDATE registrations SET status = 'checked_in', checked_in_at = ?"
            " WHERE registration_id = ?",
            (now, appointment_id),
        )
        return queue_data(conn, reg)

    return idem.run(change, status=200)
