"""Gap-free counters: receipt numbers, specimen barcodes, pharmacy tickets."""

from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
"""


def next_number(conn: sqlite3.Connection, name: str) -> int:
    """A gap-free counter (receipt numbers, barcodes); callers hold the write lock."""
    conn.execute(
        "INSERT INTO counters (name, value) VALUES (?, 1)"
        " ON CONFLICT (name) DO UPDATE SET value = value + 1",
        (name,),
    )
    return conn.execute("SELECT value FROM counters WHERE name = ?", (name,)).fetchone()[0]
