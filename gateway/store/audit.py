"""The counter audit trail kept by the gateway."""

from __future__ import annotations

SCHEMA = """
CREATE TABLE IF NOT EXISTS audit_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    device TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    kind TEXT NOT NULL,
    staff_no TEXT NOT NULL REFERENCES staff (staff_no),
    at TEXT NOT NULL,
    patient_ref TEXT,
    detail TEXT NOT NULL,
    hash TEXT NOT NULL,
    prev_hash TEXT,
    received_at REAL NOT NULL,
    response TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
"""
