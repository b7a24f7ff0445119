"""Paying an order by the payer's payment code (付款码, B扫C): the order's side of a charge.

The kiosk first makes an ordinary order (``payments.create``), then hands its code over
once. The provider is asked with the order's id as the key, so repeats — the kiosk's
retries, a replay after a lost reply — reach the first charge, never a second one:

- the charge succeeds at once → the order is ``success`` (its consumer holds the slot);
- the phone asks for the password → the order stays ``processing``; every read of the
  order asks the provider again (:func:`sync`) until it says paid or refused;
- an outcome the kiosk cannot learn (timeouts, lost replies) ends in :func:`reverse`: the
  provider revokes or closes the order, and a paid order nothing consumed is given back.

Every provider call is made with no gateway transaction open (claim → call → record,
``gateway/store/provider_calls.py``): the charge is claimed in ``code_charges`` first, so
a reply that never came is found again by the next read, which asks the provider.

The payment code passes through as an argument and is never written anywhere.
"""

from __future__ import annotations

import sqlite3

from gateway.core.errors import GatewayError
from gateway.core.idempotency import immediate_transaction
from gateway.core.service_errors import PAYMENT_CONSUMED, PAYMENT_NOT_PENDING
from gateway.core.settings import GatewayState
from gateway.platform.payment_provider import Charge, ProviderUnreachable
from gateway.store import payments as payment_store
from gateway.store import provider_calls


def charged(conn: sqlite3.Connection, payment_id: str) -> bool:
    """Whether this order was handed to the provider as a payment-code charge."""
    return conn.execute("SELECT 1 FROM code_charges WHERE payment_id = ?",
                        (payment_id,)).fetchone() is not None


def charge(state: GatewayState, payment_id: str, patient_id: str, wallet: str,
           code: str) -> sqlite3.Row:
    """Charge ``code`` for the order; the order as it stands after the answer."""
    del code  # what a real provider is sent; the emulation accepts any code of its shape
    now = state.clock()
    provider_calls.send_pending(state)
    with immediate_transaction(state.db) as conn:  # claim
        row = payment_store.get(conn, payment_id, patient_id)
        first = not charged(conn, payment_id)
        if first:
            if payment_store.effective_status(row, now) != "processing":
                raise GatewayError(PAYMENT_NOT_PENDING)
            conn.execute("INSERT INTO code_charges VALUES (?, ?, ?)", (payment_id, wallet, now))
    if not first:
        return sync(state, payment_id)
    try:
        answer = state.provider.micropay(payment_id, wallet, row["amount_fen"], now)
    except ProviderUnreachable:
        return sync(state, payment_id)  # the reply was lost: ask again
    return _record(state, payment_id, answer, now)


def sync(state: GatewayState, payment_id: str) -> sqlite3.Row:
    """Bring a payment-code order up to what the provider says (an order query)."""
    now = state.clock()
    with state.db.transaction() as conn:
        row = payment_store.get(conn, payment_id)
        if row["status"] != "processing" or not charged(conn, payment_id):
            return row
    try:
        answer = state.provider.query(payment_id)
    except ProviderUnreachable:
        answer = Charge("NOTPAY") if row["expires_at"] <= now else None
        if answer is None:
            return row  # still unknown and still in time: the next read asks again
    return _record(state, payment_id, answer, now)


def _record(state: GatewayState, payment_id: str, answer: Charge, now: float) -> sqlite3.Row:
    """The provider's answer into the journal; reverses what can no longer be used."""
    call_off = False
    with immediate_transaction(state.db) as conn:
        row = payment_store.get(conn, payment_id)
        live = payment_store.effective_status(row, now) == "processing"
        if row["status"] != "processing":
            pass  # recorded meanwhile by another read
        elif answer.state == "SUCCESS" and live:
            wallet = conn.execute("SELECT wallet FROM code_charges WHERE payment_id = ?",
                                  (payment_id,)).fetchone()["wallet"]
            payment_store.confirm(conn, payment_id, wallet, now)
            # The provider's transaction id, not one made up here: reconciliation matches it.
            conn.execute("UPDATE payments SET trade_no = ? WHERE payment_id = ?",
                         (answer.trade_no, payment_id))
        elif answer.state in ("PAYERROR", "REVOKED", "REFUND"):
            conn.execute("UPDATE payments SET status = 'failed' WHERE payment_id = ?",
                         (payment_id,))
        elif not live:
            # Paid after the order ran out, or still waiting for a password it can no longer
            # use: nothing can use it, so the provider is told to call it off.
            conn.execute("UPDATE payments SET status = 'expired' WHERE payment_id = ?",
                         (payment_id,))
            provider_calls.claim(conn, payment_id, "reverse", now)
            call_off = True
    if call_off:
        provider_calls.send(state, payment_id, "reverse")
    with state.db.transaction() as conn:
        return payment_store.get(conn, payment_id)


def reverse(state: GatewayState, payment_id: str, patient_id: str) -> sqlite3.Row:
    """The kiosk could not learn the outcome: undo the order at the provider, whatever it
    was. A paid order a registration or settlement already used is not undone (409)."""
    now = state.clock()
    with state.db.transaction() as conn:
        payment_store.get(conn, payment_id, patient_id)
    sync(state, payment_id)
    with immediate_transaction(state.db) as conn:  # claim: from here nothing can use it
        row = payment_store.get(conn, payment_id)
        if row["consumed_by"] is not None:
            raise GatewayError(PAYMENT_CONSUMED)
        if row["status"] == "success":
            conn.execute("UPDATE payments SET status = 'refunded' WHERE payment_id = ?",
                         (payment_id,))
        elif payment_store.effective_status(row, now) == "processing":
            conn.execute("UPDATE payments SET status = 'failed' WHERE payment_id = ?",
                         (payment_id,))
        provider_calls.claim(conn, payment_id, "reverse", now)
    provider_calls.send(state, payment_id, "reverse")
    with state.db.transaction() as conn:
        return payment_store.get(conn, payment_id)
