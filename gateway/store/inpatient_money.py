"""The money of a stay: deposits paid in (住院预交金) and the discharge settlement (出院结算).

A top-up is a deposit order (``open``) paid through scan-to-pay (purpose ``deposit``) and
committed once (``paid``, with its receipt). A discharge is pre-settled (total, insurance
share, deposits, amount due or refund due), then settled once: the amount due is paid
through scan-to-pay (purpose ``discharge``), and surplus deposit is given back to the
channels it came by, newest deposit first. The settlement's row is unique per admission,
so a retried or repeated settlement can never refund twice.
"""

from __future__ import annotations

import sqlite3

from gateway.core.errors import GatewayError
from gateway.core.inpatient_errors import (
    ALREADY_DISCHARGED,
    DEPOSIT_ALREADY_PAID,
    DEPOSIT_EXPIRED,
    DEPOSIT_NOT_FOUND,
    DISCHARGE_CHANGED,
    DISCHARGE_NOT_ALLOWED,
    DISCHARGE_PREVIEW_EXPIRED,
    DISCHARGE_PREVIEW_NOT_FOUND,
    TOP_UP_NOT_ALLOWED,
)
from gateway.schemas.inpatient import Refund
from gateway.store import deposit_refunds, payments
from gateway.store.inpatient import ADMISSION_SELECT, discharge_refusal, top_up_refusal
from gateway.store.inpatient_insurance import inpatient_insurance_share

SCHEMA = """
CREATE TABLE IF NOT EXISTS deposits (
    deposit_id TEXT PRIMARY KEY,
    admission_id TEXT NOT NULL REFERENCES admissions (admission_id),
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    status TEXT NOT NULL CHECK (status IN ('open', 'paid')),
    method TEXT CHECK (method IN ('wechat', 'alipay', 'cash', 'bank_card')),
    channel TEXT NOT NULL CHECK (channel IN ('kiosk', 'office')),
    payment_id TEXT UNIQUE,
    receipt_no TEXT UNIQUE,
    body TEXT,
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    paid_at REAL
);
CREATE INDEX IF NOT EXISTS deposits_by_admission ON deposits (admission_id, status);
CREATE TABLE IF NOT EXISTS discharge_previews (
    preview_id TEXT PRIMARY KEY,
    admission_id TEXT NOT NULL REFERENCES admissions (admission_id),
    total_fen INTEGER NOT NULL,
    insurance_fen INTEGER NOT NULL,
    deposit_fen INTEGER NOT NULL,
    due_fen INTEGER NOT NULL CHECK (due_fen >= 0),
    refund_fen INTEGER NOT NULL CHECK (refund_fen >= 0),
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    settlement_id TEXT UNIQUE
);
CREATE TABLE IF NOT EXISTS discharge_settlements (
    settlement_id TEXT PRIMARY KEY,
    preview_id TEXT NOT NULL UNIQUE REFERENCES discharge_previews (preview_id),
    admission_id TEXT NOT NULL UNIQUE REFERENCES admissions (admission_id),
    receipt_no TEXT NOT NULL UNIQUE,
    payment_id TEXT UNIQUE,
    body TEXT NOT NULL,
    settled_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS deposit_refunds (
    settlement_id TEXT NOT NULL REFERENCES discharge_settlements (settlement_id),
    deposit_id TEXT NOT NULL UNIQUE REFERENCES deposits (deposit_id),
    method TEXT NOT NULL,
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    PRIMARY KEY (settlement_id, deposit_id)
);
"""

# SQLite cannot widen a CHECK in place: the payments table is rebuilt with the two new
# purposes, rows and index unchanged (nothing references it by a foreign key).
PAYMENT_PURPOSES = """
CREATE TABLE payments_widened (
    payment_id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    purpose TEXT NOT NULL
        CHECK (purpose IN ('registration', 'bills', 'deposit', 'discharge')),
    reference TEXT NOT NULL,
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    status TEXT NOT NULL
        CHECK (status IN ('processing', 'success', 'failed', 'expired', 'refunded')),
    method TEXT,
    trade_no TEXT,
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    paid_at REAL,
    consumed_by TEXT UNIQUE
);
INSERT INTO payments_widened SELECT payment_id, patient_id, purpose, reference, amount_fen,
    status, method, trade_no, created_at, expires_at, paid_at, consumed_by FROM payments;
DROP TABLE payments;
ALTER TABLE payments_widened RENAME TO payments;
CREATE INDEX IF NOT EXISTS payments_by_reference ON payments (reference);
"""

DEPOSIT_TTL_S = 900
DISCHARGE_PREVIEW_TTL_S = 900
# A kiosk takes whole yuan between these (a larger sum goes through the office's POS).
MIN_DEPOSIT_FEN = 100_00
MAX_DEPOSIT_FEN = 50_000_00


def _admission(conn: sqlite3.Connection, admission_id: str) -> sqlite3.Row:
    return conn.execute(ADMISSION_SELECT + " WHERE a.admission_id = ?", (admission_id,)).fetchone()


def refuse_top_up(row: sqlite3.Row) -> None:
    refusal = top_up_refusal(row)
    if refusal is not None:
        raise GatewayError(TOP_UP_NOT_ALLOWED, {"reason": refusal[0], "reason_en": refusal[1]})


def refuse_discharge(row: sqlite3.Row) -> None:
    if row["status"] == "settled":
        raise GatewayError(ALREADY_DISCHARGED)
    refusal = discharge_refusal(row)
    if refusal is not None:
        raise GatewayError(DISCHARGE_NOT_ALLOWED, {"reason": refusal[0], "reason_en": refusal[1]})


def deposit_row(conn: sqlite3.Connection, deposit_id: str, patient_id: str) -> sqlite3.Row:
    row = conn.execute(
        "SELECT d.* FROM deposits d JOIN admissions a ON a.admission_id = d.admission_id"
        " WHERE d.deposit_id = ? AND a.patient_id = ? AND d.channel = 'kiosk'",
        (deposit_id, patient_id),
    ).fetchone()
    if row is None:
        raise GatewayError(DEPOSIT_NOT_FOUND)
    return row


def open_deposit(
    conn: sqlite3.Connection, deposit_id: str, patient_id: str, now: float
) -> sqlite3.Row:
    """A deposit order that can still be paid and committed."""
    row = deposit_row(conn, deposit_id, patient_id)
    if row["status"] == "paid":
        raise GatewayError(DEPOSIT_ALREADY_PAID)
    if row["expires_at"] <= now:
        raise GatewayError(DEPOSIT_EXPIRED)
    refuse_top_up(_admission(conn, row["admission_id"]))
    return row


def live_discharge_preview(
    conn: sqlite3.Connection, preview_id: str, patient_id: str, now: float
) -> sqlite3.Row:
    row = conn.execute(
        "SELECT v.* FROM discharge_previews v JOIN admissions a ON a.admission_id = v.admission_id"
        " WHERE v.preview_id = ? AND a.patient_id = ?",
        (preview_id, patient_id),
    ).fetchone()
    if row is None:
        raise GatewayError(DISCHARGE_PREVIEW_NOT_FOUND)
    if row["settlement_id"] is not None:
        raise GatewayError(ALREADY_DISCHARGED)
    if row["expires_at"] <= now:
        raise GatewayError(DISCHARGE_PREVIEW_EXPIRED)
    return row


def amounts(conn: sqlite3.Connection, admission: sqlite3.Row) -> dict[str, int]:
    """What the stay comes to now: total, insurance, deposits, and due or refund."""
    charges = conn.execute(
        "SELECT amount_fen, insurance_class FROM inpatient_charges WHERE admission_id = ?",
        (admission["admission_id"],),
    ).fetchall()
    total = sum(c["amount_fen"] for c in charges)
    insurance = inpatient_insurance_share(
        [(c["amount_fen"], c["insurance_class"]) for c in charges], bool(admission["insured"])
    )
    self_pay = total - insurance
    deposit = admission["deposit_fen"]
    return {
        "total_fen": total,
        "insurance_fen": insurance,
        "self_pay_fen": self_pay,
        "deposit_fen": deposit,
        "due_fen": max(self_pay - deposit, 0),
        "refund_fen": max(deposit - self_pay, 0),
    }


def check_unchanged(conn: sqlite3.Connection, preview: sqlite3.Row) -> sqlite3.Row:
    """The admission, refused if it can no longer be settled or its sums moved."""
    admission = _admission(conn, preview["admission_id"])
    refuse_discharge(admission)
    now_amounts = amounts(conn, admission)
    if any(
        now_amounts[k] != preview[k] for k in ("total_fen", "deposit_fen", "due_fen", "refund_fen")
    ):
        raise GatewayError(DISCHARGE_CHANGED)
    return admission


def give_back(
    conn: sqlite3.Connection, admission_id: str, settlement_id: str, refund_fen: int, now: float
) -> list[Refund]:
    """Surplus deposit back to where it came from, newest deposit first; recorded once
    (a deposit's refund row is unique) and claimed for the provider (``deposit_refunds``
    tells it once this transaction has committed)."""
    refunds: list[Refund] = []
    left = refund_fen
    deposits = conn.execute(
        "SELECT deposit_id, receipt_no, method, amount_fen, payment_id FROM deposits"
        " WHERE admission_id = ? AND status = 'paid' ORDER BY paid_at DESC, deposit_id DESC",
        (admission_id,),
    ).fetchall()
    for deposit in deposits:
        if left <= 0:
            break
        part = min(left, deposit["amount_fen"])
        conn.execute(
            "INSERT INTO deposit_refunds VALUES (?, ?, ?, ?)",
            (settlement_id, deposit["deposit_id"], deposit["method"], part),
        )
        deposit_refunds.claim(conn, settlement_id, deposit, part, now)
        refunds.append(
            Refund(
                deposit_receipt_no=deposit["receipt_no"],
                method=deposit["method"],
                amount_fen=part,
                state="pending" if deposit_refunds.charge_of(deposit) else "office",
            )
        )
        left -= part
    return refunds


class DepositPayments:
    """What scan-to-pay needs of a top-up: the order's amount, and keeping it open once paid."""

    purpose = "deposit"

    def amount_due(
        self, conn: sqlite3.Connection, reference: str, patient_id: str, now: float
    ) -> int:
        return open_deposit(conn, reference, patient_id, now)["amount_fen"]

    def paid(self, conn: sqlite3.Connection, reference: str, hold_until: float, now: float) -> None:
        conn.execute(
            "UPDATE deposits SET expires_at = MAX(expires_at, ?)"
            " WHERE deposit_id = ? AND status = 'open' AND expires_at > ?",
            (hold_until, reference, now),
        )


class DischargePayments:
    """What scan-to-pay needs of a discharge: the amount due of a live pre-settlement."""

    purpose = "discharge"

    def amount_due(
        self, conn: sqlite3.Connection, reference: str, patient_id: str, now: float
    ) -> int:
        preview = live_discharge_preview(conn, reference, patient_id, now)
        check_unchanged(conn, preview)
        return preview["due_fen"]

    def paid(self, conn: sqlite3.Connection, reference: str, hold_until: float, now: float) -> None:
        conn.execute(
            "UPDATE discharge_previews SET expires_at = MAX(expires_at, ?)"
            " WHERE preview_id = ? AND settlement_id IS NULL AND expires_at > ?",
            (hold_until, reference, now),
        )


payments.register(DepositPayments())
payments.register(DischargePayments())
