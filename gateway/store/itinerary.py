"""Itinerary steps read live from registration and billing rather than from the plan.

Today's booked or checked-in appointment becomes the first consultation step (with the
doctor's real queue), and bills still unpaid today become a payment step, so the itinerary
agrees with the check-in and payment screens even after the patient used them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from gateway.core.timeline import today
from gateway.store.registration import appointment_status, queue_position
from gateway.store.schedules import schedule_row

CASHIER = "OP1-CASH"


@dataclass(frozen=True)
class LiveStep:
    kind: str
    title: str
    title_en: str
    status: str
    location_code: str
    queue_position: int | None = None
    wait_min: int | None = None


def appointments_today(
    conn: sqlite3.Connection, patient_id: str, now: float
) -> list[tuple[sqlite3.Row, str]]:
    """Today's booked or checked-in registrations in visit order, each with its status now
    (a booked one whose session is over is ``expired``)."""
    rows = conn.execute(
        "SELECT r.*, d.name AS dept, d.name_en AS dept_en, s.location_code AS location_code"
        " FROM registrations r JOIN schedules s ON s.schedule_id = r.schedule_id"
        " JOIN departments d ON d.code = s.department_code"
        " WHERE r.patient_id = ? AND s.date = ? AND r.status IN ('booked', 'checked_in')"
        " ORDER BY s.period, r.queue_no",
        (patient_id, today(now).isoformat()),
    ).fetchall()
    return [(reg, appointment_status(reg, schedule_row(conn, reg["schedule_id"]), now))
            for reg in rows]


Appointments = list[tuple[sqlite3.Row, str]]


def consult_steps(conn: sqlite3.Connection, patient_id: str, now: float,
                  appointments: Appointments | None = None) -> list[LiveStep]:
    """``appointments``: today's, when the caller has read them already."""
    steps = []
    if appointments is None:
        appointments = appointments_today(conn, patient_id, now)
    for reg, status in appointments:
        if status == "booked":
            steps.append(LiveStep("consult", f"签到候诊 {reg['dept']}",
                                  f"Check in: {reg['dept_en']}", "todo", reg["location_code"]))
        elif status == "checked_in":
            position, wait = queue_position(conn, reg, now)
            # The itinerary says how many are ahead; check-in says the place in line.
            steps.append(LiveStep("consult", f"看诊 {reg['dept']}",
                                  f"See the doctor: {reg['dept_en']}", "waiting",
                                  reg["location_code"], position - 1, wait))
    return steps


def unpaid_today(conn: sqlite3.Connection, patient_id: str, now: float) -> bool:
    return conn.execute(
        "SELECT 1 FROM bills WHERE patient_id = ? AND date = ? AND status = 'unpaid'",
        (patient_id, today(now).isoformat()),
    ).fetchone() is not None


def payment_step() -> LiveStep:
    return LiveStep("payment", "缴费", "Pay", "todo", CASHIER)
