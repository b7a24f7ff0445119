"""Today's itinerary: the planned steps, with live status from registration and billing."""

from __future__ import annotations

import sqlite3

from gateway.core.timeline import today
from gateway.schemas.guidance import Itinerary, Step, StepStatus
from gateway.schemas.hospital import Location
from gateway.store import itinerary as itinerary_live
from gateway.store.hospital import location_model

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


def _location(conn: sqlite3.Connection, code: str | None) -> Location | None:
    row = conn.execute("SELECT * FROM locations WHERE code = ?", (code,)).fetchone()
    return location_model(row) if row is not None else None


def _linked_status(conn: sqlite3.Connection, row: sqlite3.Row) -> tuple[StepStatus, str | None]:
    """The step's status from the record it refers to, and the pickup window."""
    if row["report_id"]:
        report = conn.execute(
            "SELECT collected_min FROM reports WHERE report_id = ?", (row["report_id"],)
        ).fetchone()
        if report is not None and report["collected_min"] is not None:
            return "done", None
    if row["prescription_id"]:
        rx = conn.execute(
            "SELECT status, window FROM prescriptions WHERE prescription_id = ?",
            (row["prescription_id"],),
        ).fetchone()
        if rx is not None:
            status = {"ready": "todo", "collected": "done"}.get(rx["status"], "waiting")
            return status, rx["window"] if rx["status"] == "ready" else None
    return row["status"], None


def _live(conn: sqlite3.Connection, step: itinerary_live.LiveStep) -> Step:
    return Step(
        kind=step.kind, title=step.title, title_en=step.title_en, status=step.status,
        location=_location(conn, step.location_code), queue_position=step.queue_position,
        estimated_wait_min=step.wait_min, window=None, report_id=None, prescription_id=None,
    )


def itinerary(conn: sqlite3.Connection, patient_id: str, now: float,
              appointments: itinerary_live.Appointments | None = None) -> Itinerary:
    """``appointments``: today's (``appointments_today``), when the caller has them."""
    rows = conn.execute(
        "SELECT * FROM itinerary_steps WHERE patient_id = ? ORDER BY seq", (patient_id,)
    ).fetchall()
    # A booked or checked-in appointment today comes first: it is why the patient is here.
    steps = [_live(conn, s)
             for s in itinerary_live.consult_steps(conn, patient_id, now, appointments)]
    for row in rows:
        status, window = _linked_status(conn, row)
        queued = status != "done" and row["queue_position"] is not None
        steps.append(
            Step(
                kind=row["kind"],
                title=row["title"],
                title_en=row["title_en"],
                status=status,
                location=_location(conn, row["location_code"]),
                queue_position=row["queue_position"] if queued else None,
                estimated_wait_min=row["wait_min"] if queued else None,
                window=window,
                report_id=row["report_id"],
                prescription_id=row["prescription_id"],
            )
        )
    # Bills still unpaid today need a payment step unless one is already open.
    open_payment = any(s.kind == "payment" and s.status != "done" for s in steps)
    if not open_payment and itinerary_live.unpaid_today(conn, patient_id, now):
        steps.append(_live(conn, itinerary_live.payment_step()))
    pending = [i for i, s in enumerate(steps) if s.status != "done"]
    return Itinerary(date=today(now).isoformat(), steps=steps, next=pending[0] if pending else None)
