"""What the gateway owes the health-card platform, kept until the platform has it.

Usage reports (``reportHISData``) and card bindings that failed (``bindCardRelation``) are
written here in the transaction that records them, then sent by the forwarder
(``gateway.platform.forwarder``) outside any transaction, retried with backoff while the
platform is unavailable, across gateway restarts. Each entry has a key (``usage:<report
id>``, ``bind:<patient id>``): a second copy of the same entry is ignored, a sent one is never
sent again, and the key goes to the platform as the request id, so a repeat after an answer
that was lost is recognisably the same request. Entries hold card ids and codes only, never a
name; a refused one (the platform said no, not "later") is kept as ``refused`` for staff.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS platform_outbox (
    key TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('usage', 'bind')),
    payload TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'refused')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at REAL NOT NULL,
    created_at REAL NOT NULL,
    done_at REAL,
    last_error TEXT
);
CREATE INDEX IF NOT EXISTS platform_outbox_due ON platform_outbox (state, next_at);
"""

BATCH = 20


def add(conn: sqlite3.Connection, key: str, kind: str, payload: dict[str, Any], now: float) -> bool:
    """Owe the platform this entry; False when it is owed (or was sent) already."""
    cursor = conn.execute(
        "INSERT OR IGNORE INTO platform_outbox (key, kind, payload, next_at, created_at)"
        " VALUES (?, ?, ?, ?, ?)", (key, kind, json.dumps(payload, sort_keys=True), now, now))
    return cursor.rowcount == 1


def due(conn: sqlite3.Connection, now: float, limit: int = BATCH) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT key, kind, payload, attempts FROM platform_outbox"
        " WHERE state = 'pending' AND next_at <= ? ORDER BY next_at, key LIMIT ?",
        (now, limit)).fetchall()


def next_due(conn: sqlite3.Connection) -> float | None:
    row = conn.execute(
        "SELECT MIN(next_at) FROM platform_outbox WHERE state = 'pending'").fetchone()
    return row[0]


def sent(conn: sqlite3.Connection, key: str, now: float) -> None:
    conn.execute("UPDATE platform_outbox SET state = 'sent', done_at = ?, attempts = attempts + 1,"
                 " last_error = NULL WHERE key = ? AND state = 'pending'", (now, key))


def later(conn: sqlite3.Connection, key: str, at: float, error: str) -> None:
    conn.execute("UPDATE platform_outbox SET attempts = attempts + 1, next_at = ?, last_error = ?"
                 " WHERE key = ? AND state = 'pending'", (at, error, key))


def refused(conn: sqlite3.Connection, key: str, now: float, error: str) -> None:
    conn.execute("UPDATE platform_outbox SET state = 'refused', done_at = ?,"
                 " attempts = attempts + 1, last_error = ? WHERE key = ? AND state = 'pending'",
                 (now, error, key))

