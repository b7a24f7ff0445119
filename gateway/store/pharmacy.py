"""Tables of prescriptions and their items."""

from __future__ import annotations

import sqlite3

from gateway.core.errors import GatewayError
from gateway.core.record_errors import UNKNOWN_PRESCRIPTION

SCHEMA = """
CREATE TABLE IF NOT EXISTS prescriptions (
    prescription_id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    status TEXT NOT NULL CHECK (status IN ('paid', 'preparing', 'ready', 'collected')),
    department TEXT NOT NULL,
    doctor TEXT NOT NULL,
    diagnosis TEXT NOT NULL,
    chronic INTEGER NOT NULL,
    pharmacy TEXT NOT NULL,
    location_code TEXT,
    window TEXT,
    -- instants as minutes after today's local midnight (gateway.core.timeline)
    prescribed_min INTEGER NOT NULL,
    paid_min INTEGER,
    ready_min INTEGER,
    collected_min INTEGER
);
CREATE INDEX IF NOT EXISTS prescriptions_patient ON prescriptions (patient_id);
CREATE TABLE IF NOT EXISTS prescription_items (
    prescription_id TEXT NOT NULL REFERENCES prescriptions (prescription_id),
    seq INTEGER NOT NULL,
    drug TEXT NOT NULL,
    spec TEXT NOT NULL,
    qty INTEGER NOT NULL,
    unit TEXT NOT NULL,
    route TEXT NOT NULL,
    dose TEXT NOT NULL,
    frequency TEXT NOT NULL,
    days INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (prescription_id, seq)
);
"""


def own_prescription(
    conn: sqlite3.Connection, patient_id: str, prescription_id: str
) -> sqlite3.Row:
    row = conn.execute(
        "SELECT * FROM prescriptions WHERE prescription_id = ? AND patient_id = ?",
        (prescription_id, patient_id),
    ).fetchone()
    if row is None:
        raise GatewayError(UNKNOWN_PRESCRIPTION)
    return row
