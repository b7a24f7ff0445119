"""Telling the payment provider about a discharge's surplus deposit (退预交金原路退回).

The settlement records each refund part (``deposit_refunds``) and, in the same transaction,
claims its provider refund ``pending`` here under a refund number of its own. The provider is
called afterwards, outside any write transaction of the gateway (for a real provider it is a
network call), and the outcome is recorded in another: ``done`` (with the provider's refund
id) or ``refused`` (with its reason, for the admissions office). A refund left ``pending`` by a
crash or a lost reply is resolved by the next read of the discharge, the next settlement, or
``resolve_pending``: the provider is asked by the refund number first and refunds under that
number at most once, so nothing is ever refunded twice.

A deposit paid in cash or by bank card at the office has no charge at the provider: its part
is ``office`` at once (paid out at the admissions office).
"""

from __future__ import annotations

import logging
import sqlite3

from gateway.core.db import Database
from gateway.core.errors import GatewayError
from gateway.core.idempotency import immediate_transaction
from gateway.core.inpatient_errors import DISCHARGE_SETTLEMENT_NOT_FOUND
from gateway.platform.payment_provider import PaymentProvider, RefundAnswer
from gateway.schemas.inpatient import DischargeSettlement

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS deposit_refund_calls (
    refund_no TEXT PRIMARY KEY,
    settlement_id TEXT NOT NULL REFERENCES discharge_settlements (settlement_id),
    deposit_id TEXT NOT NULL UNIQUE REFERENCES deposit_refunds (deposit_id),
    out_trade_no TEXT,
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'refused', 'office')),
    refund_id TEXT,
    reason TEXT,
    claimed_at REAL NOT NULL,
    resolved_at REAL
);
CREATE INDEX IF NOT EXISTS deposit_refund_calls_pending ON deposit_refund_calls (state);
"""

# The wallets whose deposits the provider holds; other methods are paid out at the office.
_AT_PROVIDER = ("wechat", "alipay")


def charge_of(deposit: sqlite3.Row) -> str | None:
    """The provider's order a deposit was paid by: the kiosk's payment, or the office POS's
    order (the deposit id) for a wallet; None for cash or bank card."""
    if deposit["method"] not in _AT_PROVIDER:
        return None
    return deposit["payment_id"] or deposit["deposit_id"]


def claim(conn: sqlite3.Connection, settlement_id: str, deposit: sqlite3.Row, amount_fen: int,
          now: float) -> None:
    """Within the settlement's transaction: this part is owed, not yet told."""
    out_trade_no = charge_of(deposit)
    conn.execute(
        "INSERT INTO deposit_refund_calls (refund_no, settlement_id, deposit_id, out_trade_no,"
        " amount_fen, state, claimed_at, resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        ("RF" + deposit["deposit_id"], settlement_id, deposit["deposit_id"], out_trade_no,
         amount_fen, "pending" if out_trade_no else "office", now, None if out_trade_no else now),
    )


def settlement(conn: sqlite3.Connection, settlement_id: str,
               patient_id: str) -> DischargeSettlement:
    """The patient's discharge settlement as answered, each refund in its state now."""
    row = conn.execute(
        "SELECT s.body FROM discharge_settlements s JOIN admissions a"
        " ON a.admission_id = s.admission_id WHERE s.settlement_id = ? AND a.patient_id = ?",
        (settlement_id, patient_id),
    ).fetchone()
    if row is None:
        raise GatewayError(DISCHARGE_SETTLEMENT_NOT_FOUND)
    answered = DischargeSettlement.model_validate_json(row["body"])
    now_states = dict(conn.execute(
        "SELECT d.receipt_no, c.state FROM deposit_refund_calls c"
        " JOIN deposits d ON d.deposit_id = c.deposit_id WHERE c.settlement_id = ?",
        (settlement_id,)).fetchall())
    refunds = [r.model_copy(update={"state": now_states.get(r.deposit_receipt_no, r.state)})
               for r in answered.refunds]
    return answered.model_copy(update={"refunds": refunds})


def _ask(provider: PaymentProvider, call: sqlite3.Row, now: float) -> RefundAnswer:
    # By the refund number first: a refund whose reply was lost is found, not made again.
    answer = provider.query_refund(call["refund_no"])
    if answer.state == "NOTFOUND":
        answer = provider.refund_amount(call["out_trade_no"], call["refund_no"],
                                        call["amount_fen"], now)
    return answer


def _record(conn: sqlite3.Connection, call: sqlite3.Row, answer: RefundAnswer, now: float) -> None:
    if answer.state == "NOTFOUND":
        return  # still pending: asked again on the next read
    conn.execute(
        "UPDATE deposit_refund_calls SET state = ?, refund_id = ?, reason = ?, resolved_at = ?"
        " WHERE refund_no = ? AND state = 'pending'",
        ("done" if answer.state == "SUCCESS" else "refused", answer.refund_id, answer.reason,
         now, call["refund_no"]),
    )
    if answer.state != "SUCCESS":
        logger.warning("the provider refused deposit refund %s: %s; the admissions office pays "
                       "it out", call["refund_no"], answer.reason)


def resolve_pending(db: Database, provider: PaymentProvider, now: float,
                    settlement_id: str | None = None) -> int:
    """Tell the provider every refund still pending (of one settlement, or all); returns
    how many were resolved. Each call stands alone: one failing leaves the others told."""
    with db.transaction() as conn:
        calls = conn.execute(
            "SELECT * FROM deposit_refund_calls WHERE state = 'pending'"
            + (" AND settlement_id = ?" if settlement_id else "") + " ORDER BY refund_no",
            (settlement_id,) if settlement_id else (),
        ).fetchall()
    resolved = 0
    for call in calls:
        try:
            answer = _ask(provider, call, now)  # outside any transaction of the gateway's
        except Exception:  # noqa: BLE001 - a provider outage leaves the refund pending
            logger.warning("deposit refund %s not told to the provider yet; asked again on the "
                           "next read", call["refund_no"], exc_info=True)
            continue
        with immediate_transaction(db) as conn:
            _record(conn, call, answer, now)
        resolved += answer.state != "NOTFOUND"
    return resolved
