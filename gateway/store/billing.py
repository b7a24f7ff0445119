"""Outpatient billing: bills and their items, pre-settlements, settlements; the self-pay
share a payment buys. The insurance share is the insurer's (``gateway.insurance``)."""

from __future__ import annotations

import re
import sqlite3

from gateway.core.errors import MALFORMED_CODE, GatewayError
from gateway.core.service_errors import ALREADY_SETTLED, PREVIEW_EXPIRED, PREVIEW_NOT_FOUND
from gateway.platform import health_card
from gateway.schemas.payment import Bill, BillItem
from gateway.store import glossary, payments

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

PREVIEW_TTL_S = 900
PHARMACY_WINDOWS = 6
_VOUCHER = re.compile(r"^NHSA[0-9A-F]{32}$")


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


def bill_item_rows(conn: sqlite3.Connection, bill_ids: list[str]) -> list[sqlite3.Row]:
    marks = ",".join("?" * len(bill_ids))
    return conn.execute(
        f"SELECT * FROM bill_items WHERE bill_id IN ({marks}) ORDER BY bill_id, line", bill_ids
    ).fetchall()


def bill_item_models(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[BillItem]:
    known = glossary.english(conn, (t for r in rows for t in (r["name"], r["unit"])))
    fields = set(BillItem.model_fields) - {"name_en", "unit_en"}
    return [
        BillItem(**{k: r[k] for k in fields}, name_en=known.get(r["name"]), unit_en=known.get(r["unit"]))
        for r in rows
    ]


def bill_models(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[Bill]:
    items: dict[str, list[BillItem]] = {}
    item_rows = bill_item_rows(conn, [r["bill_id"] for r in rows]) if rows else []
    for row, item in zip(item_rows, bill_item_models(conn, item_rows), strict=True):
        items.setdefault(row["bill_id"], []).append(item)
    return [
        Bill(bill_id=r["bill_id"], status=r["status"], date=r["date"],
             department=r["department_name"], department_en=r["department_name_en"],
             department_code=r["department_code"],
             doctor=r["doctor_name"], total_fen=sum(i.amount_fen for i in items[r["bill_id"]]),
             items=items[r["bill_id"]])
        for r in rows
    ]


BILL_SELECT = """
SELECT b.*, p.name AS department_name, p.name_en AS department_name_en, d.name AS doctor_name FROM bills b
JOIN departments p ON p.code = b.department_code JOIN doctors d ON d.doctor_id = b.doctor_id
"""


def voucher_patient(conn: sqlite3.Connection, text: str, now: float) -> str:
    token = text.strip().upper()
    if not _VOUCHER.fullmatch(token):
        raise GatewayError(MALFORMED_CODE)
    return health_card.verify_voucher(conn, token[len(health_card.VOUCHER_PREFIX):], now)


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
