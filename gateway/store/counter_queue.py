"""The pharmacy window queue: tickets, calls, and the counter's opaque patient references."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3

from gateway.core.db import Database
from gateway.core.idempotency import immediate_transaction
from gateway.core.timeline import instant, iso_utc, today
from gateway.schemas.counter_queue import Call, QueueEntry
from gateway.store.counters import next_number

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


def mask_name(name: str) -> str:
    """张*三 / 李* / 欧阳**: first character, last one when long enough, stars between."""
    if len(name) <= 2:
        return name[:1] + "*" * (len(name) - 1)
    return name[0] + "*" * (len(name) - 2) + name[-1]


def _waiting(conn: sqlite3.Connection, window: str) -> list[sqlite3.Row]:
    """Patients with undispensed prescriptions at ``window``, first paid first."""
    return conn.execute(
        "SELECT patient_id, MIN(paid_min) AS paid_min, COUNT(*) AS n,"
        " SUM(status = 'ready') AS ready FROM prescriptions"
        " WHERE window = ? AND status IN ('paid', 'preparing', 'ready')"
        " GROUP BY patient_id ORDER BY MIN(paid_min), patient_id",
        (window,),
    ).fetchall()


def ticket_waiting(db: Database, now: float) -> None:
    """The day's job: a ticket for every waiting patient at every window."""
    with immediate_transaction(db) as conn:
        windows = [r[0] for r in conn.execute(
            "SELECT DISTINCT window FROM prescriptions WHERE window IS NOT NULL"
            " AND status IN ('paid', 'preparing', 'ready') ORDER BY window"
        )]
        for window in windows:
            materialise(conn, window, now)


def materialise(conn: sqlite3.Connection, window: str, now: float) -> None:
    """Give every waiting patient without an open entry today a ticket."""
    day = today(now).isoformat()
    open_ids = {r[0] for r in conn.execute(
        "SELECT patient_id FROM counter_queue WHERE day = ? AND window = ?"
        " AND dispensed_at IS NULL", (day, window),
    )}
    for row in _waiting(conn, window):
        if row["patient_id"] in open_ids:
            continue
        seq = next_number(conn, f"pharmacy_ticket:{day}:{window}")
        conn.execute(
            "INSERT INTO counter_queue (queue_id, day, window, patient_id, seq, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            ("Q" + secrets.token_hex(8).upper(), day, window, row["patient_id"], seq, now),
        )


def ticket(seq: int) -> str:
    return f"A{seq:03d}"


def entry_model(conn: sqlite3.Connection, row: sqlite3.Row, now: float) -> QueueEntry:
    waiting = conn.execute(
        "SELECT MIN(paid_min) AS paid_min, COUNT(*) AS n, SUM(status = 'ready') AS ready"
        " FROM prescriptions WHERE patient_id = ? AND window = ?"
        " AND status IN ('paid', 'preparing', 'ready')",
        (row["patient_id"], row["window"]),
    ).fetchone()
    if row["dispensed_at"] is not None:
        status = "dispensed"
    elif row["called_at"] is not None:
        status = "called"
    else:
        status = "ready" if waiting["n"] and waiting["ready"] == waiting["n"] else "preparing"
    return QueueEntry(
        queue_id=row["queue_id"], ticket_no=ticket(row["seq"]),
        patient_ref=patient_ref(conn, row["patient_id"], now),
        name_masked=mask_name(row["name"]), status=status,
        paid_at=instant(now, waiting["paid_min"]),
        called_at=iso_utc(row["called_at"]) if row["called_at"] is not None else None,
        called_by=row["called_by"], prescription_count=waiting["n"] or 0,
    )


ENTRY_SELECT = (
    "SELECT q.*, p.name FROM counter_queue q JOIN patients p ON p.patient_id = q.patient_id"
)


def record_call(conn: sqlite3.Connection, row: sqlite3.Row, staff_no: str, kind: str,
                now: float) -> Call:
    """A call (or recall) of the entry by ``staff_no``, kept in ``counter_calls``."""
    conn.execute("UPDATE counter_queue SET called_at = ?, called_by = ? WHERE queue_id = ?",
                 (now, staff_no, row["queue_id"]))
    conn.execute("INSERT INTO counter_calls VALUES (?, ?, ?, ?, ?)",
                 (row["queue_id"], kind, staff_no, row["window"], now))
    return Call(queue_id=row["queue_id"], ticket_no=ticket(row["seq"]),
                patient_ref=patient_ref(conn, row["patient_id"], now),
                name_masked=mask_name(row["name"]), window=row["window"],
                called_at=iso_utc(now), called_by=staff_no)
