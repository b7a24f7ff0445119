"""Calls to the payment provider that give money back, claimed before they are sent.

The gateway never holds its write lock while the provider answers. So a reversal or refund
is first *claimed* (a ``provider_calls`` row, committed with the journal's change: the order
is ``refunded`` or ``failed`` and nothing can use it any more), then sent outside any
transaction, then its claim is deleted. A claim whose call got no answer (timeout, a crash,
a lost reply) stays and is sent again by :func:`send_pending`, which runs on the way in to
every payment-code charge and new order; reversals and refunds are idempotent at the
provider, so sending one twice does no harm.

``code_charges`` records, before the provider is asked, that an order is being charged by
the payer's payment code: a reply that never arrives still leaves the gateway knowing to
ask the provider about that order (query, then reverse).
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Literal

from gateway.core.idempotency import immediate_transaction
from gateway.core.settings import GatewayState
from gateway.platform.payment_provider import ProviderUnreachable

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS code_charges (
    payment_id TEXT PRIMARY KEY REFERENCES payments (payment_id),
    wallet TEXT NOT NULL CHECK (wallet IN ('wechat', 'alipay')),
    sent_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS provider_calls (
    payment_id TEXT NOT NULL REFERENCES payments (payment_id),
    action TEXT NOT NULL CHECK (action IN ('reverse', 'refund')),
    claimed_at REAL NOT NULL,
    PRIMARY KEY (payment_id, action)
);
"""
# Databases from before the provider kept its own file: their payment-code orders are
# kept; the emulated provider's old records are not carried into its new file (a real
# provider's never were in the gateway's).
BACKFILL = """
INSERT OR IGNORE INTO code_charges (payment_id, wallet, sent_at)
    SELECT out_trade_no, wallet, created_at FROM provider_charges
    WHERE kind = 'micropay' AND out_trade_no IN (SELECT payment_id FROM payments);
DROP TABLE IF EXISTS provider_refunds;
DROP TABLE IF EXISTS provider_charges;
DROP TABLE IF EXISTS provider_behaviour;
"""

Action = Literal["reverse", "refund"]


def claim(conn: sqlite3.Connection, payment_id: str, action: Action, now: float) -> None:
    conn.execute("INSERT OR IGNORE INTO provider_calls VALUES (?, ?, ?)",
                 (payment_id, action, now))


def send(state: GatewayState, payment_id: str, action: Action) -> bool:
    """Send one claimed call; True once the provider answered (the claim is then gone)."""
    now = state.clock()
    call = state.provider.reverse if action == "reverse" else state.provider.refund
    try:
        call(payment_id, now)
    except ProviderUnreachable:
        logger.warning("provider %s unanswered; left claimed to send again", action)
        return False
    with immediate_transaction(state.db) as conn:
        conn.execute("DELETE FROM provider_calls WHERE payment_id = ? AND action = ?",
                     (payment_id, action))
    return True


def send_pending(state: GatewayState) -> bool:
    """Send every claimed call still unanswered; True if none is left."""
    with state.db.transaction() as conn:
        rows = conn.execute("SELECT payment_id, action FROM provider_calls"
                            " ORDER BY claimed_at").fetchall()
    return all([send(state, r["payment_id"], r["action"]) for r in rows])


def pending(conn: sqlite3.Connection, payment_id: str) -> list[str]:
    return [r["action"] for r in conn.execute(
        "SELECT action FROM provider_calls WHERE payment_id = ?", (payment_id,))]
