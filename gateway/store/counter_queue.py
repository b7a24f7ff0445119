"""Tables of the pharmacy window queue."""

from __future__ import annotations

import hashlib
import hmac
import sqlite3

from gateway.core.timeline import today

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


UNDISPENSED = ("paid", "preparing", "ready")


_REF_KEY = "patient_ref_key"


# The key of the opaque patient references, made once per database by a migration so that
# no read has to create it.
PATIENT_REF_KEY = f"""
INSERT OR IGNORE INTO meta (key, value) VALUES ('{_REF_KEY}', lower(hex(randomblob(32))));
"""


def patient_ref(conn: sqlite3.Connection, patient_id: str, now: float) -> str:
    """Opaque and stable for one patient on one day: the counter never sees a patient id."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_REF_KEY,)).fetchone()
    message = f"{patient_id}:{today(now).isoformat()}".encode()
    return "PR" + hmac.new(bytes.fromhex(row["value"]), message, hashlib.sha256).hexdigest()[:20]


def mark_dispensed(
    conn: sqlite3.Connection, patient_id: str, windows: set[str], dispense_id: str, now: float
) -> None:
    """Close the patient's open entries at ``windows`` that have nothing left to hand out."""
    for window in windows:
        left = conn.execute(
            "SELECT 1 FROM prescriptions WHERE patient_id = ? AND window = ?"
            " AND status IN ('paid', 'preparing', 'ready')", (patient_id, window),
        ).fetchone()
        if left is None:
            conn.execute(
                "UPDATE counter_queue SET dispensed_at = ?, dispense_id = ?"
                " WHERE patient_id = ? AND window = ? AND day = ? AND dispensed_at IS NULL",
                (now, dispense_id, patient_id, window, today(now).isoformat()),
            )
