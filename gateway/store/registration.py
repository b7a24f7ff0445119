"""Tables of registration: slot locks and registrations."""

from __future__ import annotations

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
