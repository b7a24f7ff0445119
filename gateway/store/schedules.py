"""Doctors' schedules (出诊) and their slots; times are minutes after local midnight."""

from __future__ import annotations

from gateway.core.timeline import local_midnight

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
