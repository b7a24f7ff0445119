"""Outpatient payment (缴费): unpaid bills → pre-settle → pay by scan → settle → receipt.

The insurance share follows the national list classes: 甲类 items are fully eligible and
乙类 items 80 %; the fund then pays 70 % of the eligible amount (a typical employee
outpatient rate). It applies only when the patient presents their own valid insurance
e-voucher, as at a real counter; otherwise everything is self-paid.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from gateway.core.auth import State
from gateway.core.errors import (
    EXPIRED_CODE,
    INTERNAL_ERROR,
    INVALID_REQUEST,
    MALFORMED_CODE,
    UNAUTHORIZED,
    UNKNOWN_CODE,
    GatewayError,
    responses,
)
from gateway.core.idempotency import IDEMPOTENCY_ERRORS, Idempotent
from gateway.core.service_errors import (
    ALREADY_SETTLED,
    BILL_NOT_FOUND,
    BILL_NOT_PAYABLE,
    PAYMENT_NOT_FOUND,
    PAYMENT_NOT_USABLE,
    PAYMENT_REQUIRED,
    PREVIEW_EXPIRED,
    PREVIEW_NOT_FOUND,
    VOUCHER_MISMATCH,
)
from gateway.core.timeline import iso_utc, local_midnight
from gateway.core.visits import STRONGER_ID_REQUIRED, VISIT_EXPIRED, CurrentVisit
from gateway.schemas.payment import Bills, Preview, PreviewRequest, Settlement, SettlementRequest
from gateway.store import payments as payment_store
from gateway.store.billing import (
    BILL_SELECT,
    PHARMACY_WINDOWS,
    PREVIEW_TTL_S,
    bill_item_models,
    bill_item_rows,
    bill_models,
    insurance_share,
    live_preview,
    voucher_patient,
)
from gateway.store.counters import next_number
from gateway.store.pharmacy import prescribe_paid

router = APIRouter(prefix="/api/v1", tags=["payment"])

_COMMON = (UNAUTHORIZED, VISIT_EXPIRED, STRONGER_ID_REQUIRED, INVALID_REQUEST, INTERNAL_ERROR)
_CHANGE = (*IDEMPOTENCY_ERRORS, *_COMMON)


@router.get(
    "/patients/me/bills",
    response_model=Bills,
    summary="This patient's bills with items (default: unpaid)",
    responses=responses(*_COMMON),
)
def my_bills(
    state: State,
    visit: CurrentVisit,
    status: Annotated[Literal["unpaid", "paid"], Query()] = "unpaid",
) -> Bills:
    with state.db.transaction() as conn:
        rows = conn.execute(
            BILL_SELECT + " WHERE b.patient_id = ? AND b.status = ? ORDER BY b.bill_id",
            (visit.patient_id, status),
        ).fetchall()
        return Bills(bills=bill_models(conn, rows))


@router.post(
    "/settlements/previews",
    status_code=201,
    response_model=Preview,
    summary="Pre-settle unpaid bills: total, insurance share and the self-pay amount",
    description="The insurance share is computed only when `insurance_voucher` is a valid "
    "e-voucher of this patient (class A items 100 % eligible, B 80 %, C 0; fund pays 70 %).",
    responses=responses(MALFORMED_CODE, BILL_NOT_FOUND, UNKNOWN_CODE, BILL_NOT_PAYABLE,
                        VOUCHER_MISMATCH, EXPIRED_CODE, *_CHANGE),
)
def preview(body: PreviewRequest, state: State, visit: CurrentVisit, idem: Idempotent) -> Response:
    if len(set(body.bill_ids)) != len(body.bill_ids):
        raise GatewayError(INVALID_REQUEST)
    now = state.clock()

    def change(conn: sqlite3.Connection) -> Preview:
        marks = ",".join("?" * len(body.bill_ids))
        bills = conn.execute(
            f"SELECT bill_id, status FROM bills WHERE patient_id = ? AND bill_id IN ({marks})",
            (visit.patient_id, *body.bill_ids),
        ).fetchall()
        if len(bills) != len(body.bill_ids):
            raise GatewayError(BILL_NOT_FOUND)
        if any(b["status"] != "unpaid" for b in bills):
            raise GatewayError(BILL_NOT_PAYABLE)
        insured = False
        if body.insurance_voucher is not None:
            if voucher_patient(conn, body.insurance_voucher, now) != visit.patient_id:
                raise GatewayError(VOUCHER_MISMATCH)
            insured = True
        items = bill_item_rows(conn, body.bill_ids)
        total = sum(i["amount_fen"] for i in items)
        insurance = sum(
            insurance_share(i["amount_fen"], i["insurance_class"]) for i in items
        ) if insured else 0
        preview_id = "PV" + secrets.token_hex(8).upper()
        conn.execute(
            "INSERT INTO previews (preview_id, patient_id, bill_ids, total_fen, insurance_fen,"
            " self_pay_fen, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (preview_id, visit.patient_id, json.dumps(body.bill_ids), total, insurance,
             total - insurance, now, now + PREVIEW_TTL_S),
        )
        return Preview(preview_id=preview_id, bill_ids=body.bill_ids, total_fen=total,
                       insurance_fen=insurance, self_pay_fen=total - insurance,
                       expires_at=iso_utc(now + PREVIEW_TTL_S))

    return idem.run(change, status=201)


@router.post(
    "/settlements",
    status_code=201,
    response_model=Settlement,
    summary="Settle paid bills: receipt number, pharmacy window, lab specimen barcode",
    responses=responses(PAYMENT_REQUIRED, PREVIEW_NOT_FOUND, PAYMENT_NOT_FOUND, ALREADY_SETTLED,
                        BILL_NOT_PAYABLE, PAYMENT_NOT_USABLE, PREVIEW_EXPIRED, *_CHANGE),
)
def settle(
    body: SettlementRequest, state: State, visit: CurrentVisit, idem: Idempotent
) -> Response:
    now = state.clock()

    def change(conn: sqlite3.Connection) -> Settlement:
        pv = live_preview(conn, body.preview_id, visit.patient_id, now)
        bill_ids = json.loads(pv["bill_ids"])
        marks = ",".join("?" * len(bill_ids))
        if conn.execute(
            f"SELECT 1 FROM bills WHERE status != 'unpaid' AND bill_id IN ({marks})", bill_ids
        ).fetchone():
            raise GatewayError(BILL_NOT_PAYABLE)  # paid meanwhile, e.g. at a counter
        settlement_id = "ST" + secrets.token_hex(8).upper()
        method = trade_no = None
        if pv["self_pay_fen"] > 0:
            payment = payment_store.consume(
                conn, body.payment_id, patient_id=visit.patient_id, purpose="bills",
                reference=body.preview_id, amount_fen=pv["self_pay_fen"],
                consumer=settlement_id, now=now,
            )
            method, trade_no = payment["method"], payment["trade_no"]
        items = bill_item_rows(conn, bill_ids)
        categories = {i["category"] for i in items}
        today = local_midnight(now).date()
        receipt_no = f"{today:%Y%m%d}{next_number(conn, 'receipt'):06d}"
        window = barcode = None
        if "drug" in categories:
            window = str(next_number(conn, "pharmacy") % PHARMACY_WINDOWS + 1)
        if "lab" in categories:
            barcode = f"{today:%y%m%d}{next_number(conn, 'specimen'):06d}"
        result = Settlement(
            settlement_id=settlement_id, receipt_no=receipt_no, bill_ids=bill_ids,
            total_fen=pv["total_fen"], insurance_fen=pv["insurance_fen"],
            self_pay_fen=pv["self_pay_fen"], method=method, trade_no=trade_no,
            pharmacy_window=window, specimen_barcode=barcode,
            items=bill_item_models(conn, items), settled_at=iso_utc(now),
        )
        conn.execute(
            "INSERT INTO settlements VALUES (?, ?, ?, ?, ?, ?, ?)",
            (settlement_id, body.preview_id, visit.patient_id, receipt_no,
             body.payment_id if pv["self_pay_fen"] else None, result.model_dump_json(), now),
        )
        conn.execute("UPDATE previews SET settlement_id = ? WHERE preview_id = ?",
                     (settlement_id, body.preview_id))
        conn.execute(
            f"UPDATE bills SET status = 'paid', settlement_id = ? WHERE bill_id IN ({marks})",
            (settlement_id, *bill_ids),
        )
        prescribe_paid(conn, visit.patient_id, bill_ids, window, now)  # now in 取药查询
        return result

    return idem.run(change, status=201)
