"""Paying an order by the payer's payment code (付款码, B扫C): the order's side of a charge.

The kiosk first makes an ordinary order (``payments.create``), then hands its code over
once. The provider is asked with the order's id as the key, so repeats — the kiosk's
retries, a replay after a lost reply — reach the first charge, never a second one:

- the charge succeeds at once → the order is ``success`` (its consumer holds the slot);
- the phone asks for the password → the order stays ``processing``; every read of the
  order asks the provider again (:func:`sync`) until it says paid or refused;
- an outcome the kiosk cannot learn (timeouts, lost replies) ends in :func:`reverse`: the
  provider revokes or closes the order, and a paid order nothing consumed is given back.

The payment code passes through as an argument and is never written anywhere.
"""

from __future__ import annotations

import sqlite3

from gateway.core.errors import GatewayError
from gateway.core.service_errors import PAYMENT_CONSUMED, PAYMENT_NOT_PENDING
from gateway.platform.payment_provider import PROVIDER, Charge
from gateway.store import payments as payment_store


def charged(conn: sqlite3.Connection, payment_id: str) -> bool:
    """Whether this order was handed to the provider as a payment-code charge."""
    return (
        conn.execute(
            "SELECT 1 FROM provider_charges WHERE out_trade_no = ? AND kind = 'micropay'",
            (payment_id,),
        ).fetchone()
        is not None
    )


def charge(
    conn: sqlite3.Connection, row: sqlite3.Row, wallet: str, code: str, now: float
) -> sqlite3.Row:
    """Charge ``code`` for the order ``row``; the order as it stands after the answer."""
    del code  # what a real provider is sent; the emulation accepts any code of its shape
    if not charged(conn, row["payment_id"]):
        if payment_store.effective_status(row, now) != "processing":
            raise GatewayError(PAYMENT_NOT_PENDING)
        PROVIDER.micropay(conn, row["payment_id"], wallet, row["amount_fen"], now)
    return sync(conn, row["payment_id"], now)


def sync(conn: sqlite3.Connection, payment_id: str, now: float) -> sqlite3.Row:
    """Bring a payment-code order up to what the provider says (an order query)."""
    row = payment_store.get(conn, payment_id)
    if row["status"] != "processing" or not charged(conn, payment_id):
        return row
    answer = PROVIDER.query(conn, payment_id)
    if answer.state == "SUCCESS":
        _paid(conn, row, answer, now)
    elif answer.state in ("PAYERROR", "REVOKED", "REFUND"):
        conn.execute("UPDATE payments SET status = 'failed' WHERE payment_id = ?", (payment_id,))
    elif payment_store.effective_status(row, now) == "expired":
        # Still waiting for a password the order can no longer use: call the charge off.
        PROVIDER.reverse(conn, payment_id, now)
        conn.execute("UPDATE payments SET status = 'expired' WHERE payment_id = ?", (payment_id,))
    return payment_store.get(conn, payment_id)


def _paid(conn: sqlite3.Connection, row: sqlite3.Row, answer: Charge, now: float) -> None:
    if payment_store.effective_status(row, now) != "processing":
        # Paid after the order ran out: nothing can use it, so it goes straight back.
        PROVIDER.reverse(conn, row["payment_id"], now)
        conn.execute(
            "UPDATE payments SET status = 'expired' WHERE payment_id = ?", (row["payment_id"],)
        )
        return
    wallet = conn.execute(
        "SELECT wallet FROM provider_charges WHERE out_trade_no = ?", (row["payment_id"],)
    ).fetchone()["wallet"]
    payment_store.confirm(conn, row["payment_id"], wallet, now)
    # The provider's transaction id, not one made up here: reconciliation matches on it.
    conn.execute(
        "UPDATE payments SET trade_no = ? WHERE payment_id = ?",
        (answer.trade_no, row["payment_id"]),
    )


def reverse(conn: sqlite3.Connection, payment_id: str, now: float) -> sqlite3.Row:
    """The kiosk could not learn the outcome: undo the order at the provider, whatever it
    was. A paid order a registration or settlement already used is not undone (409)."""
    row = sync(conn, payment_id, now)
    if row["consumed_by"] is not None:
        raise GatewayError(PAYMENT_CONSUMED)
    PROVIDER.reverse(conn, payment_id, now)
    if row["status"] == "success":
        conn.execute("UPDATE payments SET status = 'refunded' WHERE payment_id = ?", (payment_id,))
    elif payment_store.effective_status(row, now) == "processing":
        conn.execute("UPDATE payments SET status = 'failed' WHERE payment_id = ?", (payment_id,))
    return payment_store.get(conn, payment_id)
