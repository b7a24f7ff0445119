"""Tables of the guidance service: today's itinerary steps."""

from __future__ import annotations

SCHEMA = """
CREATE TABLE IF NOT EXISTS itinerary_steps (
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('consult', 'lab', 'imaging', 'payment', 'pharmacy')),
    title TEXT NOT NULL,
    title_en TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('todo', 'waiting', 'done')),
    location_code TEXT,
    queue_position INTEGER,
    wait_min INTEGER,
    report_id TEXT,
    prescription_id TEXT,
    PRIMARY KEY (patient_id, seq)
);
"""
