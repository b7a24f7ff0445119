"""Insured registration fees, the way bills are settled (``gateway/insurance/settlement.py``).

Pre-settlement: with the slot held, 1101 + 2201/2204 + 2206 for the lock's fee lines,
outside any transaction; the split is saved on the lock (``registration_insurance``) and the
payment step pays only its cash part (none when the insurer pays it all).

Commit: claim (the 2207 recorded ``pending`` for the lock, under the write lock, with the
lock and the cash payment checked) → 2207 outside → record (the registration, its payment
consumed, the row ``settled`` and the e-bill, in the idempotent transaction). A lost reply is
reversed (2601) and tried again with a new message id; a failure after the insurer settled
reverses it. A repeat with the same key replays the answer and sends nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from fastapi import Response

from gateway.core.errors import GatewayError
from gateway.core.idempotency import Idempotency, immediate_transaction
from gateway.core.service_errors import ALREADY_REGISTERED, SCHEDULE_CLOSED
from gateway.core.settings import GatewayState
from gateway.insurance import revocation
from gateway.insurance.interface import INSURANCE_UNAVAILABLE, Settled
from gateway.insurance.presettle import lookup, new_msgid, pre_settle
from gateway.insurance.settlement import send_and_record, settle_with_retries
from gateway.schemas.insurance import InsuranceSplit
from gateway.schemas.registration import CommitRequest, LockInsurance, LockInsuranceRequest
from gateway.store import insurance_ledger as ledger
from gateway.store import payments as payment_store
from gateway.store import registration_insurance as fees
from gateway.store.registration import fee_model, live_lock_total, patient_lock
from gateway.store.schedules import schedule_row

# Records the registration once the insurer settled: (conn, split) → the answer, which has
# ``registration_id`` and ``receipt_no``.
Register = Callable[[sqlite3.Connection, InsuranceSplit], object]


def _fee_schedule(conn: sqlite3.Connection, lock_id: str, patient_id: str,
                  now: float) -> sqlite3.Row:
    live_lock_total(conn, lock_id, patient_id, now)  # raises unless the hold is live
    if ledger.live(conn, lock_id, key="lock_id") is not None:
        raise GatewayError(INSURANCE_UNAVAILABLE)  # being settled now: the split stays
    return schedule_row(conn, patient_lock(conn, lock_id, patient_id)["schedule_id"])


def split_of(row: sqlite3.Row) -> InsuranceSplit:
    return InsuranceSplit(insutype=row["insutype"], use_account=bool(row["use_account"]),
                          fund_fen=row["fund_fen"], account_fen=row["account_fen"],
                          mutual_aid_fen=row["mutual_aid_fen"], cash_fen=row["cash_fen"],
                          balance_after_fen=row["balance_after_fen"])


def presettle(state: GatewayState, patient_id: str, lock_id: str, body: LockInsuranceRequest,
              idem: Idempotency) -> Response:
    replay = idem.replayed()
    if replay is not None:
        return replay  # a repeat asks the insurer nothing
    now = state.clock()
    with state.db.transaction() as conn:
        schedule = _fee_schedule(conn, lock_id, patient_id, now)
    items = fees.fee_items(schedule)
    person, cert_type = lookup(state.insurer, state.db, patient_id, body.insurance_voucher,
                               body.social_security_card)
    mdtrt_id, split = pre_settle(state.insurer, person, items, body.use_personal_account,
                                 state.settings.hospital_code)

    def change(conn: sqlite3.Connection) -> LockInsurance:
        schedule = _fee_schedule(conn, lock_id, patient_id, now)
        fee = fee_model(schedule)
        if split.total_fen != fee.total_fen:
            raise GatewayError(SCHEDULE_CLOSED)  # the fee changed while the insurer answered
        fees.save(conn, lock_id, patient_id, person.psn_no, person.insutype, mdtrt_id,
                  body.use_personal_account, cert_type, split)
        return LockInsurance(lock_id=lock_id, fee=fee, insurance_fen=fee.total_fen - split.cash_fen,
                             self_pay_fen=split.cash_fen,
                             insurance=split_of(fees.of_lock(conn, lock_id)))

    return idem.run(change, status=201)


def insured(conn: sqlite3.Connection, lock_id: str) -> bool:
    return fees.of_lock(conn, lock_id) is not None


def _claim(state: GatewayState, patient_id: str, body: CommitRequest, msgid: str,
           now: float) -> sqlite3.Row:
    with immediate_transaction(state.db) as conn:
        cash = live_lock_total(conn, body.lock_id, patient_id, now)
        if cash > 0:
            payment_store.check_usable(conn, body.payment_id, patient_id=patient_id,
                                       purpose="registration", reference=body.lock_id,
                                       amount_fen=cash, now=now)
        live = ledger.live(conn, body.lock_id, key="lock_id")
        if live is not None:
            raise GatewayError(ALREADY_REGISTERED if live["status"] == "settled"
                               else INSURANCE_UNAVAILABLE)
        row = fees.of_lock(conn, body.lock_id)
        ledger.begin(conn, msgid, row, now, key="lock_id")
        return row


def commit(state: GatewayState, patient_id: str, body: CommitRequest, idem: Idempotency,
           register: Register) -> Response:
    revocation.send_claimed(state)  # 2208s left unanswered by earlier cancellations

    def attempt(now: float) -> Response | None:
        msgid = new_msgid(state.settings.hospital_code)
        row = _claim(state, patient_id, body, msgid, now)

        def record(conn: sqlite3.Connection, split: InsuranceSplit, done: Settled):
            result = register(conn, split)
            paid_by = body.payment_id if split.cash_fen else None
            if not ledger.settled(conn, msgid, done.setl_id, result.registration_id,
                                  result.receipt_no, paid_by, done.split, now,
                                  owner="registration_id"):
                raise GatewayError(INSURANCE_UNAVAILABLE)  # reversed meanwhile: try again
            return result

        return send_and_record(state, msgid, row, idem, record, now)

    return settle_with_retries(state, idem, body.lock_id, "lock_id", attempt)
