"""Scan-to-pay orders and their status machine, shared by registration, billing and the
demo wallet. This store writes only ``payments``.

    processing ──confirm──▶ success ──refund──▶ refunded
        │ ├──fail / cancel / refund──▶ failed
        │ └──(expires_at passes)──▶ expired

A payment pays for one thing (``purpose`` + ``reference``: a lock or a pre-settlement) and
is consumed by exactly one registration or settlement. ``expired`` is derived from the
clock when read, so no background job is needed; write paths persist it.

The service that owns a purpose registers a ``PaymentConsumer`` for it: it says what its
reference costs and what happens to it when paid. A refund needs nothing of the consumer:
only a payment that nothing consumed can be refunded.
"""

from __future__ import annotations

import secrets
import sqlite3
from typing import Protocol

from gateway.core.errors import GatewayError
from gateway.core.service_errors import (
    PAYMENT_CONSUMED,
    PAYMENT_NOT_FOUND,
    PAYMENT_NOT_PENDING,
    PAYMENT_NOT_USABLE,
    PAYMENT_REQUIRED,
)
from gateway.core.timeline import iso_utc
from gateway.platform.payment_provider import trade_no
from gateway.schemas.payment import Payment

SCHEMA = """
CREATE TABLE IF NOT EXISTS payments (
    payment_id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    purpose TEXT NOT NULL CHECK (purpose IN ('registration', 'bills')),
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
CREATE INDEX IF NOT EXISTS payments_by_reference ON payments (reference);
"""

PAYMENT_TTL_S = 180
# Once paid, the lock or pre-settlement it pays for is held at least this long, so a
# patient who pays in the last second of a hold can still complete the commit.
PAID_HOLD_S = 120
# A payment that succeeded but bought nothing (the kiosk died before committing, the hold
# ran out) is refunded after this long: the patient never pays for what they did not get.
ORPHAN_REFUND_S = 30 * 60


class PaymentConsumer(Protocol):
    """A service that sells something (a slot, settled bills) through scan-to-pay."""

    purpose: str

    def amount_due(self, conn: sqlite3.Connection, reference: str, patient_id: str,
                   now: float) -> int:
        """What ``reference`` costs now; raises the ``GatewayError`` why it cannot be paid."""
        ...

    def paid(self, conn: sqlite3.Connection, reference: str, hold_until: float,
             now: float) -> None:
        """A payment for ``reference`` succeeded: keep it open at least until ``hold_until``."""
        ...


_CONSUMERS: dict[str, PaymentConsumer] = {}


def register(consumer: PaymentConsumer) -> None:
    """Called by the store that owns a purpose when it is imported."""
    _CONSUMERS[consumer.purpose] = consumer


def consumer(purpose: str) -> PaymentConsumer:
    try:
        return _CONSUMERS[purpose]
    except KeyError:
        raise LookupError(f"no payment consumer registered for {purpose!r}") from None


def new_payment_id() -> str:
    # Unguessable: the demo wallet page is reached by this id alone, without a token.
    return "PAY" + secrets.token_hex(12).upper()


def effective_status(row: sqlite3.Row, now: float) -> str:
    if row["status"] == "processing" and row["expires_at"] <= now:
        return "expired"
    return row["status"]


def get(conn: sqlite3.Connection, payment_id: str, patient_id: str | None = None) -> sqlite3.Row:
    """The payment; with ``patient_id``, only that patient's (others are 'not found')."""
    row = conn.execute("SELECT * FROM payments WHERE payment_id = ?", (payment_id,)).fetchone()
    if row is None or (patient_id is not None and row["patient_id"] != patient_id):
        raise GatewayError(PAYMENT_NOT_FOUND)
    return row


def refund_orphans(conn: sqlite3.Connection, now: float) -> int:
    """Refund successful payments that no registration or settlement consumed in time.

    Run on the way in to every new order, so no background job is needed. Each refund is
    claimed for the provider (``provider_calls``); the caller sends the claims once this
    transaction is committed."""
    orphans = [r["payment_id"] for r in conn.execute(
        "SELECT payment_id FROM payments WHERE status = 'success'"
        " AND consumed_by IS NULL AND paid_at < ?", (now - ORPHAN_REFUND_S,))]
    for payment_id in orphans:
        conn.execute("UPDATE payments SET status = 'refunded' WHERE payment_id = ?",
                     (payment_id,))
        conn.execute("INSERT OR IGNORE INTO provider_calls VALUES (?, 'refund', ?)",
                     (payment_id, now))
    return len(orphans)


def create(
    conn: sqlite3.Connection, patient_id: str, purpose: str, reference: str, amount_fen: int,
    now: float,
) -> str:
    refund_orphans(conn, now)
    # A new QR for the same thing replaces the one still open, so two cannot both be paid.
    conn.execute(
        "UPDATE payments SET status = 'expired' WHERE reference = ? AND status = 'processing'",
        (reference,),
    )
    payment_id = new_payment_id()
    conn.execute(
        "INSERT INTO payments (payment_id, patient_id, purpose, reference, amount_fen, status,"
        " created_at, expires_at) VALUES (?, ?, ?, ?, ?, 'processing', ?, ?)",
        (payment_id, patient_id, purpose, reference, amount_fen, now, now + PAYMENT_TTL_S),
    )
    return payment_id


def paid_for(conn: sqlite3.Connection, reference: str) -> sqlite3.Row | None:
    """A successful payment for ``reference`` (paid, not refunded), if any."""
    return conn.execute(
        "SELECT * FROM payments WHERE reference = ? AND status = 'success'", (reference,)
    ).fetchone()


def _trade_no(method: str, now: float) -> str:
    return trade_no(method, now)  # the provider's shape (platform/payment_provider.py)


def confirm(conn: sqlite3.Connection, payment_id: str, method: str, now: float) -> sqlite3.Row:
    row = get(conn, payment_id)
    if effective_status(row, now) != "processing":
        raise GatewayError(PAYMENT_NOT_PENDING)
    conn.execute(
        "UPDATE payments SET status = 'success', method = ?, trade_no = ?, paid_at = ?"
        " WHERE payment_id = ?",
        (method, _trade_no(method, now), now, payment_id),
    )
    consumer(row["purpose"]).paid(conn, row["reference"], now + PAID_HOLD_S, now)
    return get(conn, payment_id)


def fail(conn: sqlite3.Connection, payment_id: str, now: float) -> sqlite3.Row:
    row = get(conn, payment_id)
    if effective_status(row, now) != "processing":
        raise GatewayError(PAYMENT_NOT_PENDING)
    conn.execute("UPDATE payments SET status = 'failed' WHERE payment_id = ?", (payment_id,))
    return get(conn, payment_id)


def refund(conn: sqlite3.Connection, row: sqlite3.Row, now: float) -> bool:
    """Give the money back, or make sure it is never taken; consumed payments stay. True
    when money was taken and is now to be given back by the provider."""
    status = effective_status(row, now)
    if row["consumed_by"] is not None:
        raise GatewayError(PAYMENT_CONSUMED)
    if status == "processing":
        conn.execute(
            "UPDATE payments SET status = 'failed' WHERE payment_id = ?", (row["payment_id"],)
        )
    elif status == "success":
        conn.execute(
            "UPDATE payments SET status = 'refunded' WHERE payment_id = ?", (row["payment_id"],)
        )
        return True
    elif status == "expired" and row["status"] != "expired":
        conn.execute(
            "UPDATE payments SET status = 'expired' WHERE payment_id = ?", (row["payment_id"],)
        )
    return False


def refund_consumed(conn: sqlite3.Connection, payment_id: str) -> None:
    """Give back a payment whose purchase was undone (a cancelled appointment): the only
    way a consumed payment is refunded."""
    conn.execute(
        "UPDATE payments SET status = 'refunded' WHERE payment_id = ? AND status = 'success'",
        (payment_id,),
    )


def consume(
    conn: sqlite3.Connection,
    payment_id: str | None,
    *,
    patient_id: str,
    purpose: str,
    reference: str,
    amount_fen: int,
    consumer: str,
    now: float,
) -> sqlite3.Row:
    """Use a successful payment for ``reference``; raises the reason it cannot be used."""
    row = check_usable(conn, payment_id, patient_id=patient_id, purpose=purpose,
                       reference=reference, amount_fen=amount_fen, now=now)
    conn.execute(
        "UPDATE payments SET consumed_by = ? WHERE payment_id = ?", (consumer, payment_id)
    )
    return row


def check_usable(
    conn: sqlite3.Connection,
    payment_id: str | None,
    *,
    patient_id: str,
    purpose: str,
    reference: str,
    amount_fen: int,
    now: float,
) -> sqlite3.Row:
    """What ``consume`` checks, without using the payment (before calling an insurer)."""
    if payment_id is None:
        raise GatewayError(PAYMENT_REQUIRED)
    row = get(conn, payment_id, patient_id)
    if (row["purpose"], row["reference"], row["amount_fen"]) != (purpose, reference, amount_fen):
        raise GatewayError(PAYMENT_NOT_USABLE)
    if row["consumed_by"] is not None:
        raise GatewayError(PAYMENT_NOT_USABLE)
    if effective_status(row, now) != "success":
        raise GatewayError(PAYMENT_REQUIRED)
    return row


def payment_model(row: sqlite3.Row, now: float) -> Payment:
    return Payment(
        payment_id=row["payment_id"], status=effective_status(row, now),
        purpose=row["purpose"], reference=row["reference"], amount_fen=row["amount_fen"],
        method=row["method"], trade_no=row["trade_no"], expires_at=iso_utc(row["expires_at"]),
        paid_at=iso_utc(row["paid_at"]) if row["paid_at"] is not None else None,
    )
