"""Inpatient services (住院服务): the patient's admissions, the daily cost list, and deposit
top-up paid through scan-to-pay. Discharge settlement is in :mod:`gateway.api.inpatient_discharge`.

A top-up: ``POST …/deposits`` (an order for a whole-yuan amount) → ``POST /payments``
(purpose ``deposit``, reference the order) → ``POST /inpatient/deposits/{id}/commit`` with the
successful payment: the deposit is paid in once, with its receipt.
"""

from __future__ import annotations

import secrets
import sqlite3
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from gateway.core.auth import State
from gateway.core.errors import (
    INTERNAL_ERROR,
    INVALID_REQUEST,
    UNAUTHORIZED,
    GatewayError,
    responses,
)
from gateway.core.idempotency import IDEMPOTENCY_ERRORS, Idempotent
from gateway.core.inpatient_errors import (
    ADMISSION_NOT_FOUND,
    BAD_DEPOSIT_AMOUNT,
    DATE_OUTSIDE_STAY,
    DEPOSIT_ALREADY_PAID,
    DEPOSIT_EXPIRED,
    DEPOSIT_NOT_FOUND,
    TOP_UP_NOT_ALLOWED,
)
from gateway.core.masks import mask_visit_card
from gateway.core.service_errors import PAYMENT_NOT_FOUND, PAYMENT_NOT_USABLE, PAYMENT_REQUIRED
from gateway.core.timeline import iso_utc, local_midnight
from gateway.core.visits import STRONGER_ID_REQUIRED, VISIT_EXPIRED, InpatientVisit
from gateway.schemas.inpatient import (
    Admissions,
    DailyList,
    DepositCommit,
    DepositOrder,
    DepositReceipt,
    DepositRequest,
)
from gateway.store import inpatient_money as money
from gateway.store import payments as payment_store
from gateway.store.counters import next_number
from gateway.store.inpatient import admission_model, admission_row, admissions_of, daily_list

router = APIRouter(prefix="/api/v1", tags=["inpatient"])

AdmissionId = Annotated[
    str, Path(pattern=r"^AD[0-9A-Z]{1,30}$", description="From the admissions.")
]
DepositId = Annotated[str, Path(pattern=r"^DP[0-9A-F]{16}$", description="From `POST …/deposits`.")]

COMMON = (UNAUTHORIZED, VISIT_EXPIRED, STRONGER_ID_REQUIRED, INVALID_REQUEST, INTERNAL_ERROR)
CHANGE = (*IDEMPOTENCY_ERRORS, *COMMON)


def receipt_no(conn: sqlite3.Connection, now: float) -> str:
    return f"{local_midnight(now):%Y%m%d}{next_number(conn, 'receipt'):06d}"


@router.get(
    "/patients/me/admissions",
    response_model=Admissions,
    summary="This patient's admissions: ward, bed, deposit, charges, balance, what a kiosk may do",
    responses=responses(*COMMON),
)
def my_admissions(state: State, visit: InpatientVisit) -> Admissions:
    now = state.clock()
    with state.db.transaction() as conn:
        return Admissions(
            admissions=[admission_model(r, now) for r in admissions_of(conn, visit.patient_id)]
        )


@router.get(
    "/inpatient/admissions/{admission_id}/daily-list",
    response_model=DailyList,
    summary="The daily cost list (一日清单) of one hospital day, by category",
    description="`date` defaults to the last day of the stay (today while admitted). Times "
    "are instants; the day is the hospital's.",
    responses=responses(ADMISSION_NOT_FOUND, DATE_OUTSIDE_STAY, *COMMON),
)
def my_daily_list(
    admission_id: AdmissionId,
    state: State,
    visit: InpatientVisit,
    day: Annotated[date | None, Query(alias="date", description="`YYYY-MM-DD`.")] = None,
) -> DailyList:
    now = state.clock()
    with state.db.transaction() as conn:
        row = admission_row(conn, admission_id, visit.patient_id)
        return daily_list(conn, row, day, now)


@router.post(
    "/inpatient/admissions/{admission_id}/deposits",
    status_code=201,
    response_model=DepositOrder,
    summary="Order a deposit top-up (住院预交金) to pay by scan",
    description=f"Whole yuan from ¥{money.MIN_DEPOSIT_FEN // 100} to "
    f"¥{money.MAX_DEPOSIT_FEN // 100}; valid {money.DEPOSIT_TTL_S} s. Only while the patient "
    "is `admitted` (`top_up_not_allowed` carries `detail.reason`).",
    responses=responses(ADMISSION_NOT_FOUND, TOP_UP_NOT_ALLOWED, BAD_DEPOSIT_AMOUNT, *CHANGE),
)
def order_deposit(
    admission_id: AdmissionId,
    body: DepositRequest,
    state: State,
    visit: InpatientVisit,
    idem: Idempotent,
) -> Response:
    now = state.clock()
    amount = body.amount_fen
    if not money.MIN_DEPOSIT_FEN <= amount <= money.MAX_DEPOSIT_FEN or amount % 100:
        raise GatewayError(
            BAD_DEPOSIT_AMOUNT, {"min_fen": money.MIN_DEPOSIT_FEN, "max_fen": money.MAX_DEPOSIT_FEN}
        )

    def change(conn: sqlite3.Connection) -> DepositOrder:
        row = admission_row(conn, admission_id, visit.patient_id)
        money.refuse_top_up(row)
        deposit_id = "DP" + secrets.token_hex(8).upper()
        conn.execute(
            "INSERT INTO deposits (deposit_id, admission_id, amount_fen, status, channel,"
            " created_at, expires_at) VALUES (?, ?, ?, 'open', 'kiosk', ?, ?)",
            (deposit_id, admission_id, amount, now, now + money.DEPOSIT_TTL_S),
        )
        return DepositOrder(
            deposit_id=deposit_id,
            admission_id=admission_id,
            amount_fen=amount,
            expires_at=iso_utc(now + money.DEPOSIT_TTL_S),
        )

    return idem.run(change, status=201)


@router.post(
    "/inpatient/deposits/{deposit_id}/commit",
    status_code=201,
    response_model=DepositReceipt,
    summary="Pay the deposit in with its successful payment: the deposit receipt",
    description="Once per order: a repeat with the same key replays the receipt; any other "
    "repeat is `deposit_already_paid`.",
    responses=responses(
        DEPOSIT_NOT_FOUND,
        DEPOSIT_ALREADY_PAID,
        DEPOSIT_EXPIRED,
        TOP_UP_NOT_ALLOWED,
        PAYMENT_REQUIRED,
        PAYMENT_NOT_FOUND,
        PAYMENT_NOT_USABLE,
        *CHANGE,
    ),
)
def commit_deposit(
    deposit_id: DepositId, body: DepositCommit, state: State, visit: InpatientVisit, idem: Idempotent
) -> Response:
    now = state.clock()

    def change(conn: sqlite3.Connection) -> DepositReceipt:
        deposit = money.open_deposit(conn, deposit_id, visit.patient_id, now)
        payment = payment_store.consume(
            conn,
            body.payment_id,
            patient_id=visit.patient_id,
            purpose="deposit",
            reference=deposit_id,
            amount_fen=deposit["amount_fen"],
            consumer=deposit_id,
            now=now,
        )
        number = receipt_no(conn, now)
        conn.execute(
            "UPDATE deposits SET status = 'paid', method = ?, payment_id = ?, receipt_no = ?,"
            " paid_at = ? WHERE deposit_id = ?",
            (payment["method"], body.payment_id, number, now, deposit_id),
        )
        admission = admission_row(conn, deposit["admission_id"], visit.patient_id)
        receipt = DepositReceipt(
            deposit_id=deposit_id,
            receipt_no=number,
            admission_id=admission["admission_id"],
            inpatient_no=mask_visit_card(admission["inpatient_no"]),
            ward=admission["ward"],
            bed=admission["bed"],
            amount_fen=deposit["amount_fen"],
            method=payment["method"],
            trade_no=payment["trade_no"],
            deposit_fen=admission["deposit_fen"],
            balance_fen=admission["deposit_fen"] - admission["charges_fen"],
            paid_at=iso_utc(now),
        )
        conn.execute(
            "UPDATE deposits SET body = ? WHERE deposit_id = ?",
            (receipt.model_dump_json(), deposit_id),
        )
        return receipt

    return idem.run(change, status=201)
