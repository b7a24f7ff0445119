"""The counter audit trail kept by the gateway, and the anchor of each workstation's chain.

``hash`` / ``prev_hash`` hold an event's ``link`` / ``prev_link`` (the names of the first,
unkeyed release); ``audit_chain_places`` (version 5) places each keyed event in its device's
chain, one event per place.
"""

from __future__ import annotations

import sqlite3

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

# Version 5: keyed chains anchored here, one event per place of its device's chain (events
# of the first release have none). Append-only like the events.
CHAINS = """
CREATE TABLE IF NOT EXISTS audit_chain_places (
    event_seq INTEGER PRIMARY KEY REFERENCES audit_events (seq),
    device TEXT NOT NULL,
    chain TEXT NOT NULL,
    chain_seq INTEGER NOT NULL,
    UNIQUE (device, chain, chain_seq)
);
CREATE TRIGGER IF NOT EXISTS audit_chain_places_no_update BEFORE UPDATE ON audit_chain_places
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_chain_places_no_delete BEFORE DELETE ON audit_chain_places
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
"""


def place(conn: sqlite3.Connection, event_seq: int, device: str, chain: str, chain_seq: int) -> None:
    conn.execute("INSERT INTO audit_chain_places (event_seq, device, chain, chain_seq)"
                 " VALUES (?, ?, ?, ?)", (event_seq, device, chain, chain_seq))


def last_link(conn: sqlite3.Connection, device: str, chain: str) -> tuple[int, str] | None:
    """(seq, link) of the last accepted event of ``device``'s ``chain``."""
    row = conn.execute(
        "SELECT p.chain_seq, e.hash FROM audit_chain_places p"
        " JOIN audit_events e ON e.seq = p.event_seq WHERE p.device = ? AND p.chain = ?"
        " ORDER BY p.chain_seq DESC LIMIT 1", (device, chain),
    ).fetchone()
    return (row["chain_seq"], row["hash"]) if row is not None else None


def anchors(conn: sqlite3.Connection, device: str) -> list[sqlite3.Row]:
    """Each chain of ``device``: its last event's seq, link and arrival, oldest chain first."""
    return conn.execute(
        "SELECT p.chain, p.chain_seq, e.hash, e.received_at FROM audit_chain_places p"
        " JOIN audit_events e ON e.seq = p.event_seq"
        " JOIN (SELECT chain, MAX(chain_seq) AS last, MIN(event_seq) AS first"
        "       FROM audit_chain_places WHERE device = ? GROUP BY chain) c"
        " ON p.chain = c.chain AND p.chain_seq = c.last WHERE p.device = ?"
        " ORDER BY c.first", (device, device),
    ).fetchall()
