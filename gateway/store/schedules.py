"""Doctors' schedules (出诊) and their slots; times are minutes after local midnight."""

from __future__ import annotations

import sqlite3
from datetime import date

from gateway.core.errors import GatewayError
from gateway.core.service_errors import SCHEDULE_NOT_FOUND
from gateway.core.timeline import local_midnight
from gateway.schemas.hospital import Schedule
from gateway.store.hospital import department_ref, doctor_model

SCHEMA = """
CREATE TABLE IF NOT EXISTS schedules (
    schedule_id TEXT PRIMARY KEY,
    date TEXT NOT NULL,
    period TEXT NOT NULL CHECK (period IN ('AM', 'PM')),
    department_code TEXT NOT NULL REFERENCES departments (code),
    doctor_id TEXT NOT NULL REFERENCES doctors (doctor_id),
    reg_fee_fen INTEGER NOT NULL,
    treat_fee_fen INTEGER NOT NULL,
    slot_min INTEGER NOT NULL,
    capacity INTEGER NOT NULL,
    location_code TEXT NOT NULL REFERENCES locations (code),
    status TEXT NOT NULL CHECK (status IN ('open', 'stopped')),
    UNIQUE (date, period, doctor_id)
);
CREATE INDEX IF NOT EXISTS schedules_by_department ON schedules (department_code, date);
CREATE TABLE IF NOT EXISTS slots (
    slot_id TEXT PRIMARY KEY,
    schedule_id TEXT NOT NULL REFERENCES schedules (schedule_id),
    seq INTEGER NOT NULL,
    start_min INTEGER NOT NULL,
    end_min INTEGER NOT NULL,
    UNIQUE (schedule_id, seq)
);
"""

DAYS_AHEAD = 7

# Session hours in minutes after midnight (08:00-12:00, 14:00-17:30).
PERIODS = {"AM": (8 * 60, 12 * 60), "PM": (14 * 60, 17 * 60 + 30)}


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def local_minutes(now: float) -> int:
    return int((now - local_midnight(now).timestamp()) // 60)


SCHEDULE_SELECT = """
SELECT s.*, d.name AS doctor_name, d.title, d.specialty, d.specialty_en,
       p.name AS department_name, p.name_en AS department_name_en
FROM schedules s JOIN doctors d ON d.doctor_id = s.doctor_id
JOIN departments p ON p.code = s.department_code
"""


def schedule_row(conn: sqlite3.Connection, schedule_id: str) -> sqlite3.Row:
    row = conn.execute(
        SCHEDULE_SELECT + " WHERE s.schedule_id = ?", (schedule_id,)
    ).fetchone()
    if row is None:
        raise GatewayError(SCHEDULE_NOT_FOUND)
    return row


def session_over(schedule: sqlite3.Row, today: date, now_min: int) -> bool:
    day = date.fromisoformat(schedule["date"])
    return day < today or (day == today and now_min >= PERIODS[schedule["period"]][1])


def slot_row(conn: sqlite3.Connection, slot_id: str) -> sqlite3.Row:
    return conn.execute("SELECT * FROM slots WHERE slot_id = ?", (slot_id,)).fetchone()


# A slot is bookable while neither an active registration nor a live lock holds it.
FREE_SLOT = """
NOT EXISTS (SELECT 1 FROM registrations r WHERE r.slot_id = l.slot_id
            AND r.status IN ('booked', 'checked_in'))
AND NOT EXISTS (SELECT 1 FROM locks k WHERE k.slot_id = l.slot_id
                AND k.status = 'held' AND k.expires_at > :now)
AND NOT (s.date = :today AND l.end_min <= :now_min)
"""


def free_slots(conn: sqlite3.Connection, schedule_id: str, now: float, today: date) -> int:
    return conn.execute(
        f"SELECT COUNT(*) FROM slots l JOIN schedules s ON s.schedule_id = l.schedule_id"
        f" WHERE l.schedule_id = :id AND {FREE_SLOT}",
        {"id": schedule_id, "now": now, "today": today.isoformat(),
         "now_min": local_minutes(now)},
    ).fetchone()[0]


def schedule_model(
    conn: sqlite3.Connection, row: sqlite3.Row, now: float, today: date
) -> Schedule:
    start, end = PERIODS[row["period"]]
    remaining = free_slots(conn, row["schedule_id"], now, today)
    if row["status"] == "stopped":
        status, remaining = "stopped", 0
    elif session_over(row, today, local_minutes(now)):
        status, remaining = "closed", 0
    else:
        status = "open" if remaining else "full"
    return Schedule(
        schedule_id=row["schedule_id"], date=row["date"], period=row["period"],
        start=hhmm(start), end=hhmm(end), status=status,
        department=department_ref(row), doctor=doctor_model(row),
        reg_fee_fen=row["reg_fee_fen"], treat_fee_fen=row["treat_fee_fen"],
        total_fen=row["reg_fee_fen"] + row["treat_fee_fen"],
        remaining=remaining, capacity=row["capacity"], location_code=row["location_code"],
    )
