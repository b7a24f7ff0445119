"""Tables of the pharmacy window queue."""

from __future__ import annotations

SCHEMA = """
CREATE TABLE IF NOT EXISTS counter_queue (
    queue_id TEXT PRIMARY KEY,
    day TEXT NOT NULL,
    window TEXT NOT NULL,
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    seq INTEGER NOT NULL,
    created_at REAL NOT NULL,
    called_at REAL,
    called_by TEXT,
    dispensed_at REAL,
    dispense_id TEXT,
    UNIQUE (day, window, seq)
);
CREATE UNIQUE INDEX IF NOT EXISTS counter_queue_open
    ON counter_queue (day, window, patient_id) WHERE dispensed_at IS NULL;
CREATE TABLE IF NOT EXISTS counter_calls (
    queue_id TEXT NOT NULL REFERENCES counter_queue (queue_id),
    kind TEXT NOT NULL CHECK (kind IN ('call', 'recall')),
    staff_no TEXT NOT NULL REFERENCES staff (staff_no),
    window TEXT NOT NULL,
    at REAL NOT NULL
);
"""
