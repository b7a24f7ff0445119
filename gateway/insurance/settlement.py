"""Settling an insured pre-settlement with the insurer, never twice and never unpaid.

1. Claim: under the write lock, check the pre-settlement, bills and payment, and record the
   2207 about to be sent as ``pending`` (``insurance_settlements``; one live row per
   pre-settlement).
2. Send 2207 with that message id, outside any transaction (the insurer is another system).
3. Record: in the idempotent transaction, settle the bills with the payment and mark the row
   ``settled`` — only if it is still ``pending``.

A 2207 without an answer (lost reply, reset, timeout) has an unknown outcome: it is reversed
(2601) with its message id, which the insurer also applies to a request that arrives late,
and a new attempt gets a new message id. A failure after the insurer settled reverses it.
If even the reversal gets no answer, the row stays ``pending`` and the next settlement of that
pre-settlement, or the sweep before any insured settlement, reverses it first. So an insurer
settlement exists only with its hospital settlement, which consumed its payment.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable

from fastapi import Response

from gateway.core.errors import GatewayError
from gateway.core.idempotency import Idempotency, immediate_transaction
from gateway.core.settings import GatewayState
from gateway.insurance.errors import INSURANCE_SPLIT_CHANGED
from gateway.insurance.interface import INSURANCE_UNAVAILABLE, InsurerUnreachable, Settled
from gateway.insurance.presettle import new_msgid
from gateway.schemas.insurance import InsuranceSplit
from gateway.schemas.payment import Settlement, SettlementRequest
from gateway.store import insurance_ledger as ledger
from gateway.store import payments as payment_store
from gateway.store import settling
from gateway.store.billing import live_preview

logger = logging.getLogger(__name__)

ATTEMPTS = 3  # 2207 attempts within one request, each reversed before the next
REVERSE_TRIES = 3
# A pending 2207 older than this is an abandoned one (its request died): swept.
SWEEP_AFTER_S = 120


def reverse(state: GatewayState, msgid: str) -> bool:
    """2601 for ``msgid``; True once the insurer answered (the row is then ``reversed``)."""
    code = state.settings.hospital_code
    for _ in range(REVERSE_TRIES):
        try:
            state.insurer.reverse(msgid, new_msgid(code))
        except InsurerUnreachable:
            continue
        with immediate_transaction(state.db) as conn:
            ledger.end(conn, msgid, "reversed", state.clock())
        return True
    logger.warning("insurance reversal unanswered; left pending for the sweep")
    return False


def sweep(state: GatewayState, now: float, preview_id: str | None = None,
          key: ledger.Key = "preview_id") -> bool:
    """Reverse abandoned pending 2207s (of ``preview_id``, or of the lock with ``key``
    ``lock_id``: all of them); True if none is left."""
    with state.db.transaction() as conn:
        rows = (ledger.pending(conn, preview_id=preview_id, key=key) if preview_id
                else ledger.pending(conn, before=now - SWEEP_AFTER_S))
    return all([reverse(state, row["msgid"]) for row in rows])


def _claim(state: GatewayState, patient_id: str, body: SettlementRequest, msgid: str,
           now: float):
    with immediate_transaction(state.db) as conn:
        pv = live_preview(conn, body.preview_id, patient_id, now)
        settling.check_bills_open(conn, json.loads(pv["bill_ids"]))
        if pv["self_pay_fen"] > 0:
            payment_store.check_usable(conn, body.payment_id, patient_id=patient_id,
                                       purpose="bills", reference=body.preview_id,
                                       amount_fen=pv["self_pay_fen"], now=now)
        ip = ledger.preview(conn, body.preview_id)
        if ledger.live(conn, body.preview_id) is not None:
            raise GatewayError(INSURANCE_UNAVAILABLE)  # another request is settling it now
        ledger.begin(conn, msgid, ip, now)
        return ip


def settle(state: GatewayState, patient_id: str, body: SettlementRequest,
           idem: Idempotency) -> Response:
    return settle_with_retries(state, idem, body.preview_id, "preview_id",
                               lambda now: _attempt(state, patient_id, body, idem, now))


def settle_with_retries(state: GatewayState, idem: Idempotency, key_value: str,
                        key: ledger.Key, attempt) -> Response:
    """The request around the attempts: a repeat replays, abandoned 2207s (and this one's,
    of ``key`` = ``key_value``) are reversed first, then up to ``ATTEMPTS`` attempts."""
    replay = idem.replayed()
    if replay is not None:
        return replay  # a repeat sends nothing to the insurer
    now = state.clock()
    sweep(state, now)
    if not sweep(state, now, key_value, key=key):
        raise GatewayError(INSURANCE_UNAVAILABLE)
    for _ in range(ATTEMPTS):
        answer = attempt(now)
        if answer is not None:
            return answer
    raise GatewayError(INSURANCE_UNAVAILABLE)


# Records the hospital's side once the insurer settled: (conn, split, the insurer's answer).
Record = Callable[[sqlite3.Connection, InsuranceSplit, Settled], object]


def send_and_record(state: GatewayState, msgid: str, row: sqlite3.Row, idem: Idempotency,
                    record: Record, now: float) -> Response | None:
    """After the claim of ``row`` (a pre-settlement's split) as ``msgid``: 2207, then
    ``record`` in the idempotent transaction. None: the reply was lost and it is reversed,
    try again."""
    try:
        done = state.insurer.settle(row["psn_no"], row["mdtrt_id"], bool(row["use_account"]), msgid)
    except GatewayError:
        with immediate_transaction(state.db) as conn:
            ledger.end(conn, msgid, "refused", now)
        raise
    except InsurerUnreachable:
        if reverse(state, msgid):
            return None
        raise GatewayError(INSURANCE_UNAVAILABLE) from None
    if not done.split.same_amounts(ledger.split_of(row)):
        reverse(state, msgid)
        raise GatewayError(INSURANCE_SPLIT_CHANGED)
    split = InsuranceSplit(
        insutype=row["insutype"], use_account=bool(row["use_account"]),
        fund_fen=done.split.fund_fen, account_fen=done.split.account_fen,
        mutual_aid_fen=done.split.mutual_aid_fen, cash_fen=done.split.cash_fen,
        balance_after_fen=done.split.balance_after_fen)
    try:
        return idem.run(lambda conn: record(conn, split, done), status=201)
    except Exception:
        reverse(state, msgid)  # nothing was recorded: the insurer's side is undone too
        raise


def _attempt(state: GatewayState, patient_id: str, body: SettlementRequest,
             idem: Idempotency, now: float) -> Response | None:
    """One 2207 and its recording; None: its reply was lost and it is reversed, try again."""
    msgid = new_msgid(state.settings.hospital_code)
    ip = _claim(state, patient_id, body, msgid, now)

    def record(conn, split: InsuranceSplit, done: Settled) -> Settlement:
        pv = live_preview(conn, body.preview_id, patient_id, now)
        result = settling.record(conn, pv, body.payment_id, now=now, insurance=split,
                                 hospital_code=state.settings.hospital_code)
        paid_by = body.payment_id if pv["self_pay_fen"] else None
        if not ledger.settled(conn, msgid, done.setl_id, result.settlement_id,
                              result.receipt_no, paid_by, done.split, now):
            raise GatewayError(INSURANCE_UNAVAILABLE)  # reversed meanwhile: try again
        return result

    return send_and_record(state, msgid, ip, idem, record, now)
