"""Hospital data (``/api/v1``): floor plan, departments, schedules and slots.

Not patient-scoped: a device token is enough. Schedule and slot availability is computed
from bookings and live locks at the moment of the request, so a list is a snapshot and
the lock request is the only authority on whether a slot can still be had.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Path, Query

from gateway.core.auth import Device, State
from gateway.core.errors import (
    INTERNAL_ERROR,
    INVALID_REQUEST,
    UNAUTHORIZED,
    GatewayError,
    responses,
)
from gateway.core.service_errors import DEPARTMENT_NOT_FOUND, SCHEDULE_NOT_FOUND
from gateway.core.timeline import today as hospital_today
from gateway.schemas.hospital import (
    Department,
    DepartmentGroup,
    Departments,
    Locations,
    Schedules,
    Slot,
    Slots,
)
from gateway.store.hospital import GROUPS, TITLES, location_model
from gateway.store.schedules import (
    DAYS_AHEAD,
    FREE_SLOT,
    SCHEDULE_SELECT,
    hhmm,
    local_minutes,
    schedule_model,
    schedule_row,
    session_over,
)

router = APIRouter(prefix="/api/v1", tags=["hospital"])

ScheduleId = Annotated[str, Path(max_length=64, description="From the schedule list.")]

_ERRORS = (UNAUTHORIZED, INVALID_REQUEST, INTERNAL_ERROR)


@router.get("/locations", response_model=Locations, summary="The hospital's floor plan",
            responses=responses(*_ERRORS))
def list_locations(state: State, _device: Device) -> Locations:
    with state.db.transaction() as conn:
        rows = conn.execute("SELECT * FROM locations ORDER BY code").fetchall()
    return Locations(locations=[location_model(r) for r in rows])


@router.get("/departments", response_model=Departments,
            summary="Outpatient departments with national 诊疗科目 codes",
            responses=responses(*_ERRORS))
def list_departments(state: State, _device: Device) -> Departments:
    with state.db.transaction() as conn:
        rows = conn.execute("SELECT * FROM departments ORDER BY position").fetchall()
    return Departments(departments=[
        Department(
            code=r["code"], name=r["name"], name_en=r["name_en"],
            group=DepartmentGroup(code=r["group_code"], name=GROUPS[r["group_code"]][0],
                                  name_en=GROUPS[r["group_code"]][1]),
            location_code=r["location_code"], intro=r["intro"], intro_en=r["intro_en"],
        )
        for r in rows
    ])


# How far from today ``from`` may lie.
_FROM_RANGE_DAYS = 366


@router.get(
    "/departments/{code}/schedules",
    response_model=Schedules,
    summary="A department's sessions (date × AM/PM × doctor) with fees and remaining slots",
    description=f"Covers `from` (default today) and up to {DAYS_AHEAD} days; ordered by date, "
    "period, doctor title (senior first). A `from` more than a year from today is "
    "`invalid_request` (422).",
    responses=responses(DEPARTMENT_NOT_FOUND, *_ERRORS),
)
def list_schedules(
    state: State,
    _device: Device,
    code: Annotated[str, Path(pattern=r"^[0-9]{2}([0-9]{2})?$")],
    start: Annotated[date | None, Query(alias="from", description="`YYYY-MM-DD`")] = None,
    days: Annotated[int, Query(ge=1, le=DAYS_AHEAD)] = DAYS_AHEAD,
) -> Schedules:
    now = state.clock()
    today = hospital_today(now)
    first = start or today
    if abs((first - today).days) > _FROM_RANGE_DAYS:
        # Also keeps ``first + days`` inside the calendar (date.max is 9999-12-31).
        raise GatewayError(INVALID_REQUEST)
    last = first + timedelta(days=days - 1)
    seniority = {name: i for i, name in enumerate(TITLES)}
    with state.db.transaction() as conn:
        if conn.execute("SELECT 1 FROM departments WHERE code = ?", (code,)).fetchone() is None:
            raise GatewayError(DEPARTMENT_NOT_FOUND)
        rows = conn.execute(
            SCHEDULE_SELECT + " WHERE s.department_code = ? AND s.date BETWEEN ? AND ?",
            (code, first.isoformat(), last.isoformat()),
        ).fetchall()
        rows = sorted(rows, key=lambda r: (r["date"], r["period"], seniority[r["title"]],
                                           r["doctor_id"]))
        return Schedules(schedules=[schedule_model(conn, r, now, today) for r in rows])


@router.get(
    "/schedules/{schedule_id}/slots",
    response_model=Slots,
    summary="The numbered time slots of one session",
    responses=responses(SCHEDULE_NOT_FOUND, *_ERRORS),
)
def list_slots(schedule_id: ScheduleId, state: State, _device: Device) -> Slots:
    now = state.clock()
    today = hospital_today(now)
    with state.db.transaction() as conn:
        schedule = schedule_row(conn, schedule_id)
        closed = schedule["status"] != "open" or session_over(schedule, today, local_minutes(now))
        rows = conn.execute(
            f"SELECT l.*, ({FREE_SLOT}) AS free FROM slots l"
            " JOIN schedules s ON s.schedule_id = l.schedule_id"
            " WHERE l.schedule_id = :id ORDER BY l.seq",
            {"id": schedule_id, "now": now, "today": today.isoformat(),
             "now_min": local_minutes(now)},
        ).fetchall()
    return Slots(schedule_id=schedule_id, slots=[
        Slot(slot_id=r["slot_id"], seq=r["seq"], start=hhmm(r["start_min"]),
             end=hhmm(r["end_min"]), available=bool(r["free"]) and not closed)
        for r in rows
    ])
