"""Registration: slot locks and registrations, their status and queue positions, and what
paying for a lock holds."""

from __future__ import annotations

import sqlite3

from gateway.core.errors import GatewayError
from gateway.core.service_errors import (
    ALREADY_REGISTERED,
    LOCK_EXPIRED,
    LOCK_NOT_FOUND,
    SCHEDULE_CLOSED,
)
from gateway.core.timeline import local_midnight
from gateway.schemas.hospital import Fee
from gateway.store import payments
from gateway.store.hospital import department_ref, doctor_model, location
from gateway.store.schedules import (
    PERIODS,
    hhmm,
    local_minutes,
    schedule_row,
    session_over,
    slot_row,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS locks (
    lock_id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    schedule_id TEXT NOT NULL REFERENCES schedules (schedule_id),
    slot_id TEXT NOT NULL REFERENCES slots (slot_id),
    status TEXT NOT NULL CHECK (status IN ('held', 'released', 'expired', 'committed')),
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS locks_one_held_per_slot ON locks (slot_id)
    WHERE status = 'held';
CREATE TABLE IF NOT EXISTS registrations (
    registration_id TEXT PRIMARY KEY,
    -- NULL for the demo crowd: patients booked through other channels, not in this demo
    patient_id TEXT REFERENCES patients (patient_id),
    schedule_id TEXT NOT NULL REFERENCES schedules (schedule_id),
    slot_id TEXT NOT NULL REFERENCES slots (slot_id),
    lock_id TEXT UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('booked', 'checked_in', 'cancelled')),
    queue_no INTEGER NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('kiosk', 'phone', 'other')),
    payment_id TEXT,
    self_fen INTEGER NOT NULL,
    insurance_fen INTEGER NOT NULL,
    method TEXT,
    receipt_no TEXT,
    created_at REAL NOT NULL,
    checked_in_at REAL
);
CREATE UNIQUE INDEX IF NOT EXISTS registrations_one_per_slot ON registrations (slot_id)
    WHERE status IN ('booked', 'checked_in');
CREATE UNIQUE INDEX IF NOT EXISTS registrations_one_per_session
    ON registrations (patient_id, schedule_id) WHERE status IN ('booked', 'checked_in');
"""

LOCK_TTL_S = 300


def lock_state(row: sqlite3.Row, now: float) -> str:
    if row["status"] == "held" and row["expires_at"] <= now:
        return "expired"
    return row["status"]


def patient_lock(conn: sqlite3.Connection, lock_id: str, patient_id: str) -> sqlite3.Row:
    row = conn.execute(
        "SELECT * FROM locks WHERE lock_id = ? AND patient_id = ?", (lock_id, patient_id)
    ).fetchone()
    if row is None:
        raise GatewayError(LOCK_NOT_FOUND)
    return row


def live_lock_total(conn: sqlite3.Connection, lock_id: str, patient_id: str, now: float) -> int:
    """The fee a live lock is waiting for (of an insured one, the cash part); raises when the
    lock cannot be paid any more."""
    lock = patient_lock(conn, lock_id, patient_id)
    state = lock_state(lock, now)
    if state == "committed":
        raise GatewayError(ALREADY_REGISTERED)
    if state != "held":
        raise GatewayError(LOCK_EXPIRED)
    insured = conn.execute("SELECT cash_fen FROM registration_insurance WHERE lock_id = ?",
                           (lock_id,)).fetchone()
    if insured is not None:
        return insured["cash_fen"]  # the insurer pays the rest (registration_insurance)
    schedule = schedule_row(conn, lock["schedule_id"])
    return schedule["reg_fee_fen"] + schedule["treat_fee_fen"]


def appointment_parts(conn: sqlite3.Connection, reg: sqlite3.Row) -> dict:
    schedule = schedule_row(conn, reg["schedule_id"])
    slot = slot_row(conn, reg["slot_id"])
    return {
        "schedule": schedule,
        "department": department_ref(schedule),
        "doctor": doctor_model(schedule),
        "date": schedule["date"],
        "period": schedule["period"],
        "time": f"{hhmm(slot['start_min'])}-{hhmm(slot['end_min'])}",
        "location": location(conn, schedule["location_code"]),
    }


# Shared with the appointment and itinerary endpoints.
def appointment_status(reg: sqlite3.Row, schedule: sqlite3.Row, now: float) -> str:
    if reg["status"] == "booked" and session_over(
        schedule, local_midnight(now).date(), local_minutes(now)
    ):
        return "expired"
    return reg["status"]


def queue_position(conn: sqlite3.Connection, reg: sqlite3.Row, now: float) -> tuple[int, int]:
    """(position, estimated wait in minutes): patients checked in before this one whose
    slot has not ended yet are still ahead; each takes one slot's length, and nobody is
    seen before their own slot starts (one estimate for check-in and guidance alike)."""
    schedule = schedule_row(conn, reg["schedule_id"])
    now_min = local_minutes(now)
    ahead = conn.execute(
        "SELECT COUNT(*) FROM registrations r JOIN slots l ON l.slot_id = r.slot_id"
        " WHERE r.schedule_id = ? AND r.status = 'checked_in' AND r.queue_no < ?"
        " AND l.end_min > ?",
        (reg["schedule_id"], reg["queue_no"], now_min),
    ).fetchone()[0]
    before_start = max(0, PERIODS[schedule["period"]][0] - now_min)
    slot = conn.execute("SELECT start_min FROM slots WHERE slot_id = ?", (reg["slot_id"],)).fetchone()
    own_slot = max(0, slot[0] - now_min) if slot is not None else 0
    return ahead + 1, max(own_slot, before_start + ahead * schedule["slot_min"])


def fee_model(schedule: sqlite3.Row) -> Fee:
    reg, treat = schedule["reg_fee_fen"], schedule["treat_fee_fen"]
    return Fee(reg_fee_fen=reg, treat_fee_fen=treat, total_fen=reg + treat)


def check_open(schedule: sqlite3.Row, slot: sqlite3.Row, now: float) -> None:
    today = local_midnight(now).date()
    now_min = local_minutes(now)
    passed = schedule["date"] == today.isoformat() and slot["end_min"] <= now_min
    if schedule["status"] != "open" or session_over(schedule, today, now_min) or passed:
        raise GatewayError(SCHEDULE_CLOSED)


class LockPayments:
    """What scan-to-pay needs of registration: the fee a lock waits for, and holding the
    slot once its fee is paid."""

    purpose = "registration"

    # The fee the lock waits for; raises when it can no longer be paid.
    amount_due = staticmethod(live_lock_total)

    def paid(self, conn: sqlite3.Connection, reference: str, hold_until: float,
             now: float) -> None:
        conn.execute(
            "UPDATE locks SET expires_at = MAX(expires_at, ?)"
            " WHERE lock_id = ? AND status = 'held' AND expires_at > ?",
            (hold_until, reference, now),
        )


payments.register(LockPayments())
