"""Registration (挂号): lock a slot → pay → commit; unlock on abandon.

A lock holds one slot for ``LOCK_TTL_S``; the commit turns it into a registration. Every
change runs inside the idempotency helper's ``BEGIN IMMEDIATE`` transaction, and partial
unique indexes back it up: at most one held lock and one active registration per slot,
and one active registration per patient and session, whatever the timing.
"""

from __future__ import annotations

import secrets
import sqlite3
from typing import Annotated

from fastapi import APIRouter, Path, Response

from gateway.core.auth import State
from gateway.core.errors import (
    EXPIRED_CODE,
    INTERNAL_ERROR,
    INVALID_REQUEST,
    UNAUTHORIZED,
    GatewayError,
    responses,
)
from gateway.core.idempotency import IDEMPOTENCY_ERRORS, Idempotent
from gateway.core.service_errors import (
    ALREADY_REGISTERED,
    LOCK_EXPIRED,
    LOCK_NOT_FOUND,
    PAYMENT_NOT_FOUND,
    PAYMENT_NOT_USABLE,
    PAYMENT_REQUIRED,
    SCHEDULE_CLOSED,
    SCHEDULE_NOT_FOUND,
    SLOT_NOT_FOUND,
    SLOT_TAKEN,
    VOUCHER_MISMATCH,
)
from gateway.core.timeline import iso_utc, local_midnight
from gateway.core.visits import STRONGER_ID_REQUIRED, VISIT_EXPIRED, CurrentVisit, OptionalVisit
from gateway.insurance import registration_fee
from gateway.insurance.errors import INSURANCE_CARD_REQUIRED, INSURANCE_SPLIT_CHANGED
from gateway.insurance.interface import INSURANCE_UNAVAILABLE
from gateway.schemas.insurance import InsuranceSplit
from gateway.schemas.registration import (
    CommitRequest,
    Lock,
    LockInsurance,
    LockInsuranceRequest,
    LockRequest,
    LockStatus,
    Paid,
    Registration,
)
from gateway.store import ebills
from gateway.store import payments as payment_store
from gateway.store.counters import next_number
from gateway.store.registration import (
    LOCK_TTL_S,
    appointment_parts,
    check_open,
    fee_model,
    live_lock_total,
    lock_state,
    patient_lock,
)
from gateway.store.schedules import schedule_row, slot_row

router = APIRouter(prefix="/api/v1", tags=["registration"])

_COMMON = (UNAUTHORIZED, VISIT_EXPIRED, STRONGER_ID_REQUIRED, INVALID_REQUEST, INTERNAL_ERROR)
_CHANGE = (*IDEMPOTENCY_ERRORS, *_COMMON)


@router.post(
    "/registrations/locks",
    status_code=201,
    response_model=Lock,
    summary="Hold a slot for this patient while they pay (expires unless committed)",
    description=f"The hold lasts {LOCK_TTL_S} s (longer once paid). A new lock on the same "
    "session releases this patient's previous hold there.",
    responses=responses(SCHEDULE_NOT_FOUND, SLOT_NOT_FOUND, SLOT_TAKEN, ALREADY_REGISTERED,
                        SCHEDULE_CLOSED, *_CHANGE),
)
def lock_slot(body: LockRequest, state: State, visit: CurrentVisit, idem: Idempotent) -> Response:
    now = state.clock()

    def change(conn: sqlite3.Connection) -> Lock:
        schedule = schedule_row(conn, body.schedule_id)
        slot = slot_row(conn, body.slot_id)
        if slot is None or slot["schedule_id"] != body.schedule_id:
            raise GatewayError(SLOT_NOT_FOUND)
        check_open(schedule, slot, now)
        if conn.execute(
            "SELECT 1 FROM registrations WHERE patient_id = ? AND schedule_id = ?"
            " AND status IN ('booked', 'checked_in')",
            (visit.patient_id, body.schedule_id),
        ).fetchone():
            raise GatewayError(ALREADY_REGISTERED)
        conn.execute(
            "UPDATE locks SET status = 'expired' WHERE slot_id = ? AND status = 'held'"
            " AND expires_at <= ?",
            (body.slot_id, now),
        )
        conn.execute(
            "UPDATE locks SET status = 'released' WHERE patient_id = ? AND schedule_id = ?"
            " AND status = 'held'",
            (visit.patient_id, body.schedule_id),
        )
        if conn.execute(
            "SELECT 1 FROM registrations WHERE slot_id = ? AND status IN ('booked', 'checked_in')"
            " UNION ALL SELECT 1 FROM locks WHERE slot_id = ? AND status = 'held'",
            (body.slot_id, body.slot_id),
        ).fetchone():
            raise GatewayError(SLOT_TAKEN)
        lock_id = "LK" + secrets.token_hex(8).upper()
        expires_at = now + LOCK_TTL_S
        conn.execute(
            "INSERT INTO locks VALUES (?, ?, ?, ?, 'held', ?, ?)",
            (lock_id, visit.patient_id, body.schedule_id, body.slot_id, now, expires_at),
        )
        insured = conn.execute(
            "SELECT insured FROM patients WHERE patient_id = ?", (visit.patient_id,)
        ).fetchone()[0]
        return Lock(lock_id=lock_id, expires_at=iso_utc(expires_at),
                    schedule_id=body.schedule_id, slot_id=body.slot_id, fee=fee_model(schedule),
                    insurance_applicable=bool(insured))

    return idem.run(change, status=201)


LockId = Annotated[str, Path(max_length=64)]


@router.delete(
    "/registrations/locks/{lock_id}",
    response_model=LockStatus,
    summary="Release a hold (idempotent: an expired or committed lock reports its status)",
    description="`X-Visit-Token` is optional here: a kiosk restarting after a crash releases "
    "the holds it left without the (long gone) visit. Releasing only frees a slot.",
    responses=responses(LOCK_NOT_FOUND, *_CHANGE),
)
def unlock_slot(lock_id: LockId, state: State, visit: OptionalVisit, idem: Idempotent) -> Response:
    now = state.clock()

    def change(conn: sqlite3.Connection) -> LockStatus:
        if visit is not None:
            lock = patient_lock(conn, lock_id, visit.patient_id)
        else:
            lock = conn.execute("SELECT * FROM locks WHERE lock_id = ?", (lock_id,)).fetchone()
            if lock is None:
                raise GatewayError(LOCK_NOT_FOUND)
        status = lock_state(lock, now)
        if status == "held":
            status = "released"
        if status != lock["status"]:
            conn.execute("UPDATE locks SET status = ? WHERE lock_id = ?", (status, lock_id))
        return LockStatus(lock_id=lock_id, status=status)

    return idem.run(change, status=200)


@router.post(
    "/registrations/locks/{lock_id}/insurance",
    status_code=201,
    response_model=LockInsurance,
    summary="Pre-settle a held slot's fee with medical insurance (1101, 2201/2204, 2206)",
    description="For an insured patient: the fee's split between pooled fund, personal "
    "account (if `use_personal_account`), family mutual aid and cash. Once asked, the lock's "
    "payment is its cash part only (none at 0) and the commit settles it (2207). Asking "
    "again with the other choice replaces the split; nothing is taken at the insurer.",
    responses=responses(LOCK_NOT_FOUND, LOCK_EXPIRED, ALREADY_REGISTERED, SCHEDULE_CLOSED,
                        VOUCHER_MISMATCH, EXPIRED_CODE, INSURANCE_CARD_REQUIRED,
                        INSURANCE_UNAVAILABLE, *_CHANGE),
)
def insure_lock(lock_id: LockId, body: LockInsuranceRequest, state: State, visit: CurrentVisit,
                idem: Idempotent) -> Response:
    return registration_fee.presettle(state, visit.patient_id, lock_id, body, idem)


@router.post(
    "/registrations",
    status_code=201,
    response_model=Registration,
    summary="Commit a held, paid slot: the registration with queue number and location",
    description="Same-day registrations join the queue at once (`appointment_status` "
    "`checked_in`); later days are `booked` and are checked in on the day. A lock "
    "pre-settled with insurance is settled with the insurer (2207) here: `payment_id` pays "
    "its cash part (omit it when that is 0), and the answer carries the split. A fee paid "
    "(by insurance or by the patient) is billed: the answer carries its e-bill. A repeat "
    "with the same key replays the answer; it never settles twice.",
    responses=responses(PAYMENT_REQUIRED, LOCK_NOT_FOUND, PAYMENT_NOT_FOUND, ALREADY_REGISTERED,
                        PAYMENT_NOT_USABLE, LOCK_EXPIRED, SCHEDULE_CLOSED, INSURANCE_UNAVAILABLE,
                        INSURANCE_SPLIT_CHANGED, *_CHANGE),
)
def commit(body: CommitRequest, state: State, visit: CurrentVisit, idem: Idempotent) -> Response:
    now = state.clock()
    code = state.settings.hospital_code

    def register(conn: sqlite3.Connection, split: InsuranceSplit | None = None) -> Registration:
        return _register(conn, body, visit.patient_id, now, split, code)

    with state.db.transaction() as conn:
        insured = registration_fee.insured(conn, body.lock_id)
    if insured:
        return registration_fee.commit(state, visit.patient_id, body, idem, register)
    return idem.run(register, status=201)


def _register(conn: sqlite3.Connection, body: CommitRequest, patient_id: str, now: float,
              split: InsuranceSplit | None, hospital_code: str) -> Registration:
    """The registration of a held lock: its (cash) payment consumed, and with ``split`` (what
    the insurer settled) the insurance part and the e-bill."""
    lock = patient_lock(conn, body.lock_id, patient_id)
    total = live_lock_total(conn, body.lock_id, patient_id, now)
    schedule = schedule_row(conn, lock["schedule_id"])
    if schedule["status"] != "open":
        raise GatewayError(SCHEDULE_CLOSED)
    fee = fee_model(schedule)
    registration_id = "R" + secrets.token_hex(8).upper()
    method = None
    if total > 0:
        payment = payment_store.consume(
            conn, body.payment_id, patient_id=patient_id, purpose="registration",
            reference=body.lock_id, amount_fen=total, consumer=registration_id, now=now,
        )
        method = payment["method"]
    # The lock's checks still hold unless something bypassed it (a phone booking made
    # meanwhile); answer that as a conflict rather than a constraint failure.
    if conn.execute(
        "SELECT 1 FROM registrations WHERE status IN ('booked', 'checked_in')"
        " AND (slot_id = ? OR (patient_id = ? AND schedule_id = ?))",
        (lock["slot_id"], patient_id, lock["schedule_id"]),
    ).fetchone():
        raise GatewayError(ALREADY_REGISTERED)
    today = local_midnight(now).date()
    status = "checked_in" if schedule["date"] == today.isoformat() else "booked"
    slot = slot_row(conn, lock["slot_id"])
    receipt_no = f"{today:%Y%m%d}{next_number(conn, 'receipt'):06d}"
    insurance = fee.total_fen - total if split is not None else 0
    conn.execute(
        "INSERT INTO registrations (registration_id, patient_id, schedule_id, slot_id,"
        " lock_id, status, queue_no, channel, payment_id, self_fen, insurance_fen, method,"
        " receipt_no, created_at, checked_in_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 'kiosk', ?, ?, ?, ?, ?, ?, ?)",
        (registration_id, patient_id, lock["schedule_id"], lock["slot_id"],
         body.lock_id, status, slot["seq"], body.payment_id if total else None, total,
         insurance, method, receipt_no, now, now if status == "checked_in" else None),
    )
    conn.execute("UPDATE locks SET status = 'committed' WHERE lock_id = ?", (body.lock_id,))
    # A fee paid, by the insurer or by the patient, is billed: the e-bill is the patient's
    # receipt for claims and reimbursement. A free registration has nothing to bill.
    ebill = None
    if split is not None or total > 0:
        amounts = split.model_dump() if split is not None else {
            "fund_fen": 0, "account_fen": 0, "mutual_aid_fen": 0, "cash_fen": total}
        ebill = ebills.issue(conn, registration_id=registration_id, patient_id=patient_id,
                             receipt_no=receipt_no,
                             amounts={"total_fen": fee.total_fen, **amounts},
                             hospital_code=hospital_code, now=now)
    parts = appointment_parts(conn, conn.execute(
        "SELECT * FROM registrations WHERE registration_id = ?", (registration_id,)
    ).fetchone())
    return Registration(
        registration_id=registration_id, status="registered", appointment_status=status,
        queue_no=slot["seq"], fee=fee,
        paid=Paid(self_fen=total, insurance_fen=insurance, method=method), receipt_no=receipt_no,
        created_at=iso_utc(now), insurance=split, ebill=ebill,
        **{k: v for k, v in parts.items() if k != "schedule"},
    )
