"""What medical insurance paid, as the reconciliation and the money trail read it.

Today the insurance share is a flat formula kept with each settlement and registration
(``gateway/store/billing.py``), so this reads it from there. The national-platform model
keeps its own ``insurance_settlements`` table; once it is in, these two functions read that
table instead, and nothing that calls them changes. :func:`revoke` is the one place a
refund undoes the insurance part.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class InsurancePart:
    receipt_no: str
    insurance_fen: int
    status: str  # settled, revoked
    at: float


def settled_between(conn: sqlite3.Connection, start: float, end: float) -> list[InsurancePart]:
    """The insurance parts of the receipts settled in [start, end)."""
    parts = [
        InsurancePart(row["receipt_no"], json.loads(row["body"])["insurance_fen"], "settled",
                      row["settled_at"])
        for row in conn.execute(
            "SELECT receipt_no, body, settled_at FROM settlements"
            " WHERE settled_at >= ? AND settled_at < ?", (start, end))
    ]
    parts += [
        InsurancePart(row["receipt_no"], row["insurance_fen"],
                      "revoked" if row["status"] == "cancelled" else "settled", row["created_at"])
        for row in conn.execute(
            "SELECT receipt_no, insurance_fen, status, created_at FROM registrations"
            " WHERE channel = 'kiosk' AND receipt_no IS NOT NULL AND created_at >= ?"
            " AND created_at < ?", (start, end))
    ]
    return [p for p in parts if p.insurance_fen]


def for_receipt(conn: sqlite3.Connection, receipt_no: str) -> InsurancePart | None:
    found = [p for p in settled_between(conn, 0, float("inf")) if p.receipt_no == receipt_no]
    return found[0] if found else None


def revoke(conn: sqlite3.Connection, receipt_no: str, now: float) -> None:
    """Undo the insurance part of a cancelled receipt (national platform: 2208). With the
    flat share there is nothing kept apart from the registration, whose status says it."""
    del conn, receipt_no, now
