"""Tables of outpatient billing: bills, items, pre-settlements and settlements."""

from __future__ import annotations

import sqlite3

from gateway.core.errors import GatewayError
from gateway.core.service_errors import ALREADY_SETTLED, PREVIEW_EXPIRED, PREVIEW_NOT_FOUND
from gateway.store import payments

SCHEMA = """
CREATE TABLE IF NOT EXISTS bills (
    bill_id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    date TEXT NOT NULL,
    department_code TEXT NOT NULL REFERENCES departments (code),
    doctor_id TEXT NOT NULL REFERENCES doctors (doctor_id),
    status TEXT NOT NULL CHECK (status IN ('unpaid', 'paid')),
    settlement_id TEXT,
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS bills_by_patient ON bills (patient_id, status);
CREATE TABLE IF NOT EXISTS bill_items (
    bill_id TEXT NOT NULL REFERENCES bills (bill_id),
    line INTEGER NOT NULL,
    name TEXT NOT NULL,
    spec TEXT NOT NULL,
    unit TEXT NOT NULL,
    qty INTEGER NOT NULL,
    price_fen INTEGER NOT NULL,
    amount_fen INTEGER NOT NULL,
    category TEXT NOT NULL,
    insurance_class TEXT NOT NULL,
    PRIMARY KEY (bill_id, line)
);
CREATE TABLE IF NOT EXISTS previews (
    preview_id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    bill_ids TEXT NOT NULL,
    total_fen INTEGER NOT NULL,
    insurance_fen INTEGER NOT NULL,
    self_pay_fen INTEGER NOT NULL,
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    settlement_id TEXT UNIQUE
);
CREATE TABLE IF NOT EXISTS settlements (
    settlement_id TEXT PRIMARY KEY,
    preview_id TEXT NOT NULL UNIQUE REFERENCES previews (preview_id),
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    receipt_no TEXT NOT NULL UNIQUE,
    payment_id TEXT UNIQUE,
    body TEXT NOT NULL,
    settled_at REAL NOT NULL
);
"""


def live_preview(
    conn: sqlite3.Connection, preview_id: str, patient_id: str, now: float
) -> sqlite3.Row:
    """A pre-settlement that can still be paid and settled."""
    row = conn.execute(
        "SELECT * FROM previews WHERE preview_id = ? AND patient_id = ?", (preview_id, patient_id)
    ).fetchone()
    if row is None:
        raise GatewayError(PREVIEW_NOT_FOUND)
    if row["settlement_id"] is not None:
        raise GatewayError(ALREADY_SETTLED)
    if row["expires_at"] <= now:
        raise GatewayError(PREVIEW_EXPIRED)
    return row


class PreviewPayments:
    """What scan-to-pay needs of billing: the self-pay share a pre-settlement waits for,
    and keeping it open once that share is paid."""

    purpose = "bills"

    def amount_due(self, conn: sqlite3.Connection, reference: str, patient_id: str,
                   now: float) -> int:
        return live_preview(conn, reference, patient_id, now)["self_pay_fen"]

    def paid(self, conn: sqlite3.Connection, reference: str, hold_until: float,
             now: float) -> None:
        conn.execute(
            "UPDATE previews SET expires_at = MAX(expires_at, ?)"
            " WHERE preview_id = ? AND settlement_id IS NULL AND expires_at > ?",
            (hold_until, reference, now),
        )


payments.register(PreviewPayments())
