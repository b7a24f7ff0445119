"""Tables of dispensing: what was handed out, against which prescription."""

from __future__ import annotations

SCHEMA = """
CREATE TABLE IF NOT EXISTS dispenses (
    dispense_id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    staff_no TEXT NOT NULL REFERENCES staff (staff_no),
    device TEXT NOT NULL,
    window TEXT NOT NULL,
    prescription_ids TEXT NOT NULL,  -- JSON list
    dispensed_at REAL NOT NULL,
    body TEXT NOT NULL
);
"""
