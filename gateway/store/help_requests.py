"""Help requests (叫工作人员): a kiosk asks for a person; staff acknowledge and close.

A request belongs to the device that made it (a kiosk reads and cancels only its own) and
carries no personal data: terminal, screen code and seconds waited. Staff are recorded by
staff number; answers name them by display name only. Whether a request is overdue is
computed on every read from the hospital clock, so a read never writes.
"""

from __future__ import annotations

import logging
import secrets
import sqlite3
from collections.abc import Sequence

from fastapi.responses import JSONResponse

from gateway.core.errors import GatewayError
from gateway.core.help_errors import (
    HELP_REQUEST_ACTIVE,
    HELP_REQUEST_CLOSED,
    HELP_REQUEST_TAKEN,
    TOO_MANY_HELP_REQUESTS,
    UNKNOWN_HELP_REQUEST,
)
from gateway.core.idempotency import Idempotency
from gateway.core.settings import GatewayState
from gateway.core.timeline import iso_utc
from gateway.schemas.help_requests import HelpRequest, HelpRequestCreate, HelpRequests

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS help_requests (
    request_id TEXT PRIMARY KEY,
    device TEXT NOT NULL,
    terminal_id TEXT NOT NULL,
    screen TEXT NOT NULL,
    waited_s INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'closed')),
    created_at REAL NOT NULL,
    acknowledged_at REAL,
    acknowledged_by TEXT REFERENCES staff (staff_no),
    closed_at REAL,
    closed_by TEXT CHECK (closed_by IN ('staff', 'kiosk')),
    closed_staff TEXT REFERENCES staff (staff_no)
);
CREATE INDEX IF NOT EXISTS help_requests_by_status ON help_requests (status, created_at);
CREATE INDEX IF NOT EXISTS help_requests_by_device ON help_requests (device, terminal_id, status);
"""

# Under way at once per device: a kiosk has one terminal, a few share a token at most.
ACTIVE_PER_DEVICE = 8
RETENTION_S = 30 * 86_400
ACTIVE = ("open", "acknowledged")

_SELECT = ("SELECT h.*, s.name AS staff_name FROM help_requests h"
           " LEFT JOIN staff s ON s.staff_no = h.acknowledged_by")


def model(row: sqlite3.Row, now: float, overdue_s: int) -> HelpRequest:
    answered = row["acknowledged_at"] or row["closed_at"]
    return HelpRequest(
        request_id=row["request_id"], status=row["status"], terminal_id=row["terminal_id"],
        screen=row["screen"], waited_s=row["waited_s"], created_at=iso_utc(row["created_at"]),
        waiting_s=max(0, int((answered or now) - row["created_at"])),
        overdue=row["status"] == "open" and now - row["created_at"] >= overdue_s,
        overdue_at=iso_utc(row["created_at"] + overdue_s),
        acknowledged_at=iso_utc(row["acknowledged_at"]) if row["acknowledged_at"] else None,
        acknowledged_by=row["staff_name"],
        closed_at=iso_utc(row["closed_at"]) if row["closed_at"] else None,
        closed_by=row["closed_by"],
    )


def _row(conn: sqlite3.Connection, request_id: str, device: str | None = None) -> sqlite3.Row:
    """The request; with ``device``, only if that device made it (another's is unknown)."""
    sql, args = _SELECT + " WHERE h.request_id = ?", [request_id]
    if device is not None:
        sql += " AND h.device = ?"
        args.append(device)
    row = conn.execute(sql, args).fetchone()
    if row is None:
        raise GatewayError(UNKNOWN_HELP_REQUEST)
    return row


def get(conn: sqlite3.Connection, request_id: str, device: str | None, now: float,
        overdue_s: int) -> HelpRequest:
    return model(_row(conn, request_id, device), now, overdue_s)


def create(conn: sqlite3.Connection, body: HelpRequestCreate, device: str, now: float,
           overdue_s: int) -> HelpRequest:
    marks = ",".join("?" * len(ACTIVE))
    active = conn.execute(
        f"SELECT request_id, terminal_id FROM help_requests WHERE device = ? AND status IN ({marks})",
        (device, *ACTIVE),
    ).fetchall()
    same = [r["request_id"] for r in active if r["terminal_id"] == body.terminal_id]
    if same:
        raise GatewayError(HELP_REQUEST_ACTIVE, detail={"request_id": same[0]})
    if len(active) >= ACTIVE_PER_DEVICE:
        raise GatewayError(TOO_MANY_HELP_REQUESTS)
    request_id = "H" + secrets.token_hex(8).upper()
    conn.execute(
        "INSERT INTO help_requests (request_id, device, terminal_id, screen, waited_s, status,"
        " created_at) VALUES (?, ?, ?, ?, ?, 'open', ?)",
        (request_id, device, body.terminal_id, body.screen, body.waited_s, now),
    )
    conn.execute("DELETE FROM help_requests WHERE status = 'closed' AND closed_at < ?",
                 (now - RETENTION_S,))
    logger.info("help requested")
    return get(conn, request_id, device, now, overdue_s)


# Each answer below changes the row only if its state allows (one conditional UPDATE) and
# then reads it once: that one read both decides any refusal and makes the answer.

def cancel(conn: sqlite3.Connection, request_id: str, device: str, now: float,
           overdue_s: int) -> HelpRequest:
    """The patient left: the request closes (a closed one stays as it is)."""
    changed = conn.execute(
        "UPDATE help_requests SET status = 'closed', closed_at = ?, closed_by = 'kiosk'"
        " WHERE request_id = ? AND device = ? AND status != 'closed'", (now, request_id, device),
    ).rowcount
    if changed:
        logger.info("help request cancelled by the kiosk")
    return get(conn, request_id, device, now, overdue_s)


def acknowledge(conn: sqlite3.Connection, request_id: str, staff_no: str, now: float,
                overdue_s: int) -> HelpRequest:
    """A staff member is on the way; acknowledging one's own again changes nothing."""
    changed = conn.execute(
        "UPDATE help_requests SET status = 'acknowledged', acknowledged_at = ?,"
        " acknowledged_by = ? WHERE request_id = ? AND status = 'open'",
        (now, staff_no, request_id),
    ).rowcount
    row = _row(conn, request_id)
    if row["status"] == "closed":
        raise GatewayError(HELP_REQUEST_CLOSED)
    if row["acknowledged_by"] != staff_no:
        raise GatewayError(HELP_REQUEST_TAKEN)
    if changed:
        logger.info("help request acknowledged")
    return model(row, now, overdue_s)


def close(conn: sqlite3.Connection, request_id: str, staff_no: str, now: float,
          overdue_s: int) -> HelpRequest:
    """Resolved. Closing an open request also records who answered it, and when."""
    changed = conn.execute(
        "UPDATE help_requests SET status = 'closed', closed_at = ?, closed_by = 'staff',"
        " closed_staff = ?, acknowledged_at = COALESCE(acknowledged_at, ?),"
        " acknowledged_by = COALESCE(acknowledged_by, ?) WHERE request_id = ?"
        " AND status != 'closed'",
        (now, staff_no, now, staff_no, request_id),
    ).rowcount
    row = _row(conn, request_id)
    if not changed:  # closed before this answer (or never there: _row said unknown)
        raise GatewayError(HELP_REQUEST_CLOSED)
    logger.info("help request closed by staff")
    return model(row, now, overdue_s)


# What staff do to a request, by the name of the route that does it.
ANSWERS = {"acknowledge": acknowledge, "close": close}


def answer(idem: Idempotency, state: GatewayState, action: str, request_id: str,
           staff_no: str) -> JSONResponse:
    """A staff member's keyed answer to a request, for the workstation API and the staff
    page alike (they differ only in how the staff member signed in)."""
    now, overdue = state.clock(), state.settings.help_overdue_s
    change = ANSWERS[action]
    return idem.run(lambda conn: change(conn, request_id, staff_no, now, overdue), status=200)


def listing(conn: sqlite3.Connection, statuses: Sequence[str], limit: int, now: float,
            overdue_s: int) -> HelpRequests:
    marks = ",".join("?" * len(statuses))
    rows = conn.execute(
        f"{_SELECT} WHERE h.status IN ({marks})"
        " ORDER BY h.status = 'closed', CASE WHEN h.status = 'closed' THEN -h.closed_at"
        " ELSE h.created_at END, h.request_id LIMIT ?",
        (*statuses, limit),
    ).fetchall()
    requests = [model(r, now, overdue_s) for r in rows]
    return HelpRequests(requests=requests, as_of=iso_utc(now), overdue_after_s=overdue_s,
                        overdue_count=sum(r.overdue for r in requests))
