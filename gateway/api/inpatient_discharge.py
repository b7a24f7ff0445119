"""Discharge settlement at a kiosk (自助出院结算): pre-settle, then settle once.

Only an admission with a discharge order and every charge posted can be settled here;
anything else is refused with its reason (ending "请到住院处办理"). When the self-pay share
exceeds the deposits the difference is paid by scan first (purpose ``discharge``); when the
deposits exceed it the surplus goes back to the channels it was paid by.
"""

from __future__ import annotations

import secrets
import sqlite3
from typing import Annotated

from fastapi import APIRouter, Path, Response

from gateway.api.inpatient import CHANGE, COMMON, AdmissionId, receipt_no
from gateway.core.auth import State
from gateway.core.errors import responses
from gateway.core.idempotency import Idempotent
from gateway.core.inpatient_errors import (
    ADMISSION_NOT_FOUND,
    ALREADY_DISCHARGED,
    DISCHARGE_CHANGED,
    DISCHARGE_NOT_ALLOWED,
    DISCHARGE_PREVIEW_EXPIRED,
    DISCHARGE_PREVIEW_NOT_FOUND,
    DISCHARGE_SETTLEMENT_NOT_FOUND,
)
from gateway.core.service_errors import PAYMENT_NOT_FOUND, PAYMENT_NOT_USABLE, PAYMENT_REQUIRED
from gateway.core.timeline import iso_utc
from gateway.core.visits import InpatientVisit
from gateway.schemas.inpatient import (
    DischargePreview,
    DischargePreviewRequest,
    DischargeSettlement,
    DischargeSettlementRequest,
)
from gateway.store import deposit_refunds
from gateway.store import inpatient_money as money
from gateway.store import payments as payment_store
from gateway.store.inpatient import admission_model, admission_row, charge_rows, groups

router = APIRouter(prefix="/api/v1", tags=["inpatient"])

SettlementId = Annotated[
    str, Path(pattern=r"^DS[0-9A-F]{16}$", description="From `POST …/discharge-settlements`.")
]


@router.post(
    "/inpatient/admissions/{admission_id}/discharge-previews",
    status_code=201,
    response_model=DischargePreview,
    summary="Pre-settle a discharge: total, insurance share, deposits, amount due or refund",
    description=f"Valid {money.DISCHARGE_PREVIEW_TTL_S} s. Refused (`discharge_not_allowed`, "
    "`detail.reason`) without a discharge order or with charges still pending.",
    responses=responses(ADMISSION_NOT_FOUND, DISCHARGE_NOT_ALLOWED, ALREADY_DISCHARGED, *CHANGE),
)
def preview_discharge(
    admission_id: AdmissionId,
    body: DischargePreviewRequest,
    state: State,
    visit: InpatientVisit,
    idem: Idempotent,
) -> Response:
    now = state.clock()

    def change(conn: sqlite3.Connection) -> DischargePreview:
        row = admission_row(conn, admission_id, visit.patient_id)
        money.refuse_discharge(row)
        sums = money.amounts(conn, row)
        preview_id = "DV" + secrets.token_hex(8).upper()
        expires = now + money.DISCHARGE_PREVIEW_TTL_S
        conn.execute(
            "INSERT INTO discharge_previews (preview_id, admission_id, total_fen, insurance_fen,"
            " deposit_fen, due_fen, refund_fen, created_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                preview_id,
                admission_id,
                sums["total_fen"],
                sums["insurance_fen"],
                sums["deposit_fen"],
                sums["due_fen"],
                sums["refund_fen"],
                now,
                expires,
            ),
        )
        return DischargePreview(
            preview_id=preview_id, admission_id=admission_id, **sums, expires_at=iso_utc(expires)
        )

    return idem.run(change, status=201)


@router.post(
    "/inpatient/discharge-settlements",
    status_code=201,
    response_model=DischargeSettlement,
    summary="Settle the discharge: pay what is due or get the surplus deposit back, once",
    description="`payment_id` is the successful payment of `due_fen` (null when nothing is "
    "due). The stay becomes `settled`; a second settlement of it is `already_discharged`, so "
    "a refund is never made twice.",
    responses=responses(
        DISCHARGE_PREVIEW_NOT_FOUND,
        ALREADY_DISCHARGED,
        DISCHARGE_CHANGED,
        DISCHARGE_NOT_ALLOWED,
        DISCHARGE_PREVIEW_EXPIRED,
        PAYMENT_REQUIRED,
        PAYMENT_NOT_FOUND,
        PAYMENT_NOT_USABLE,
        *CHANGE,
    ),
)
def settle_discharge(
    body: DischargeSettlementRequest, state: State, visit: InpatientVisit, idem: Idempotent
) -> Response:
    now = state.clock()

    def change(conn: sqlite3.Connection) -> DischargeSettlement:
        preview = money.live_discharge_preview(conn, body.preview_id, visit.patient_id, now)
        admission = money.check_unchanged(conn, preview)
        settlement_id = "DS" + secrets.token_hex(8).upper()
        method = trade_no = None
        if preview["due_fen"] > 0:
            payment = payment_store.consume(
                conn,
                body.payment_id,
                patient_id=visit.patient_id,
                purpose="discharge",
                reference=body.preview_id,
                amount_fen=preview["due_fen"],
                consumer=settlement_id,
                now=now,
            )
            method, trade_no = payment["method"], payment["trade_no"]
        number = receipt_no(conn, now)
        # The settlement row first: unique per admission, it is what makes a refund once-only.
        conn.execute(
            "INSERT INTO discharge_settlements VALUES (?, ?, ?, ?, ?, '', ?)",
            (
                settlement_id,
                body.preview_id,
                admission["admission_id"],
                number,
                body.payment_id if preview["due_fen"] else None,
                now,
            ),
        )
        refunds = money.give_back(
            conn, admission["admission_id"], settlement_id, preview["refund_fen"], now
        )
        conn.execute(
            "UPDATE discharge_previews SET settlement_id = ? WHERE preview_id = ?",
            (settlement_id, body.preview_id),
        )
        conn.execute(
            "UPDATE admissions SET status = 'settled', settled_at = ? WHERE admission_id = ?",
            (now, admission["admission_id"]),
        )
        summary = admission_model(
            admission_row(conn, admission["admission_id"], visit.patient_id), now
        )
        result = DischargeSettlement(
            settlement_id=settlement_id,
            receipt_no=number,
            admission_id=summary.admission_id,
            inpatient_no=summary.inpatient_no,
            department=summary.department,
            ward=summary.ward,
            bed=summary.bed,
            admitted_at=summary.admitted_at,
            days=summary.days,
            total_fen=preview["total_fen"],
            insurance_fen=preview["insurance_fen"],
            self_pay_fen=preview["total_fen"] - preview["insurance_fen"],
            deposit_fen=preview["deposit_fen"],
            due_fen=preview["due_fen"],
            refund_fen=preview["refund_fen"],
            method=method,
            trade_no=trade_no,
            refunds=refunds,
            categories=groups(charge_rows(conn, admission["admission_id"]), with_items=False),
            settled_at=iso_utc(now),
        )
        conn.execute(
            "UPDATE discharge_settlements SET body = ? WHERE settlement_id = ?",
            (result.model_dump_json(), settlement_id),
        )
        return result

    answer = idem.run(change, status=201)
    # Committed: tell the provider of this settlement's refunds and any a crash or a lost
    # reply left pending, outside the settlement's transaction (deposit_refunds).
    deposit_refunds.resolve_pending(state.db, state.provider, state.clock())
    return answer


@router.get(
    "/inpatient/discharge-settlements/{settlement_id}",
    response_model=DischargeSettlement,
    summary="A discharge settlement with each refund's state at the payment provider",
    description="A refund still `pending` (the provider's reply was lost) is asked again by "
    "its refund number first, so it is resolved here and never refunded twice.",
    responses=responses(DISCHARGE_SETTLEMENT_NOT_FOUND, *COMMON),
)
def get_discharge_settlement(
    settlement_id: SettlementId, state: State, visit: InpatientVisit
) -> DischargeSettlement:
    with state.db.transaction() as conn:
        deposit_refunds.settlement(conn, settlement_id, visit.patient_id)  # or not found
    deposit_refunds.resolve_pending(state.db, state.provider, state.clock(), settlement_id)
    with state.db.transaction() as conn:
        return deposit_refunds.settlement(conn, settlement_id, visit.patient_id)
