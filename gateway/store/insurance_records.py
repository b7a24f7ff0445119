"""What medical insurance paid, as the reconciliation and the money trail read it: the
hospital's record of what the insurer acknowledged (``insurance_settlements``, one row per
2207 sent, ``gateway/store/insurance_ledger.py``), not the amounts a settlement's receipt
printed. The insurance part of a row is its total less the cash the patient paid.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class InsurancePart:
    receipt_no: str
    insurance_fen: int
    status: str  # settled, revoked
    at: float
    msgid: str = ""
    setl_id: str | None = None


def _part(row: sqlite3.Row) -> InsurancePart:
    return InsurancePart(row["receipt_no"], row["total_fen"] - row["cash_fen"], row["status"],
                         row["settled_at"], row["msgid"], row["setl_id"])


def settled_between(conn: sqlite3.Connection, start: float, end: float) -> list[InsurancePart]:
    """The insurance parts the insurer acknowledged in [start, end) (settled, or settled and
    revoked since)."""
    return [_part(row) for row in conn.execute(
        "SELECT * FROM insurance_settlements WHERE status IN ('settled', 'revoked')"
        " AND settled_at >= ? AND settled_at < ? ORDER BY settled_at", (start, end))]


def sent_between(conn: sqlite3.Connection, start: float, end: float) -> list[sqlite3.Row]:
    """Every 2207 the gateway sent in [start, end), whatever became of it."""
    return conn.execute("SELECT * FROM insurance_settlements WHERE created_at >= ?"
                        " AND created_at < ?", (start, end)).fetchall()


def for_receipt(conn: sqlite3.Connection, receipt_no: str) -> InsurancePart | None:
    row = conn.execute("SELECT * FROM insurance_settlements WHERE receipt_no = ?",
                       (receipt_no,)).fetchone()
    return _part(row) if row is not None else None
