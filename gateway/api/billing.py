"""Outpatient payment (缴费): unpaid bills → pre-settle → pay by scan → settle → receipt.

With the patient's own insurance e-voucher or social-security card, the pre-settlement is
the insurer's (1101, 2201/2204, 2206: ``gateway.insurance``) and so is the settlement
(2207, reversed with 2601 when its reply is lost); otherwise everything is self-paid.
Each settlement issues its electronic bill (``gateway.api.ebills``).
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
    NOT_INSURED,
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
from gateway.core.timeline import iso_utc
from gateway.core.visits import STRONGER_ID_REQUIRED, VISIT_EXPIRED, CurrentVisit
from gateway.insurance import settlement as insured_settlement
from gateway.insurance.errors import (
    INSURANCE_ALREADY_SETTLED,
    INSURANCE_CARD_REQUIRED,
    INSURANCE_SPLIT_CHANGED,
)
from gateway.insurance.interface import INSURANCE_UNAVAILABLE
from gateway.insurance.presettle import insured_preview, save_insured_preview
from gateway.schemas.payment import Bills, Preview, PreviewRequest, Settlement, SettlementRequest
from gateway.store import insurance_ledger, settling
from gateway.store.billing import (
    BILL_SELECT,
    PREVIEW_TTL_S,
    bill_item_rows,
    bill_models,
    live_preview,
)

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
    description="With this patient's own `insurance_voucher` or `social_security_card` the "
    "insurer pre-settles (1101, 2201/2204, 2206) and `insurance` gives the per-fund split: "
    "pooled fund, personal account (if `use_personal_account`), family mutual aid, cash due "
    "(= `self_pay_fen`) and the account balance after. Nothing is taken yet.",
    responses=responses(MALFORMED_CODE, BILL_NOT_FOUND, UNKNOWN_CODE, NOT_INSURED,
                        BILL_NOT_PAYABLE, VOUCHER_MISMATCH, EXPIRED_CODE,
                        INSURANCE_CARD_REQUIRED, INSURANCE_UNAVAILABLE, *_CHANGE),
)
def preview(body: PreviewRequest, state: State, visit: CurrentVisit, idem: Idempotent) -> Response:
    if len(set(body.bill_ids)) != len(body.bill_ids):
        raise GatewayError(INVALID_REQUEST)
    now = state.clock()
    replay = idem.replayed()
    if replay is not None:
        return replay  # a repeat asks the insurer nothing
    insured = None
    if body.insurance_voucher is not None or body.social_security_card is not None:
        with state.db.transaction() as conn:
            items = _payable_items(conn, visit.patient_id, body.bill_ids)
        # 1101, 2201/2204, 2206 with no gateway transaction open: a slow insurer holds no
        # write lock. The bills are checked again, and must be the same, in the change.
        insured = insured_preview(state, visit.patient_id, body, items)

    def change(conn: sqlite3.Connection) -> Preview:
        items = _payable_items(conn, visit.patient_id, body.bill_ids)
        total = sum(i["amount_fen"] for i in items)
        if insured is not None and insured[1].total_fen != total:
            raise GatewayError(BILL_NOT_PAYABLE)  # the bills changed while the insurer answered
        preview_id = "PV" + secrets.token_hex(8).upper()
        insurance = total - insured[1].cash_fen if insured else 0
        conn.execute(
            "INSERT INTO previews (preview_id, patient_id, bill_ids, total_fen, insurance_fen,"
            " self_pay_fen, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (preview_id, visit.patient_id, json.dumps(body.bill_ids), total, insurance,
             total - insurance, now, now + PREVIEW_TTL_S),
        )
        split = save_insured_preview(conn, preview_id, visit.patient_id, body, insured)
        return Preview(preview_id=preview_id, bill_ids=body.bill_ids, total_fen=total,
                       insurance_fen=insurance, self_pay_fen=total - insurance,
                       expires_at=iso_utc(now + PREVIEW_TTL_S), insurance=split)

    return idem.run(change, status=201)


def _payable_items(conn: sqlite3.Connection, patient_id: str,
                   bill_ids: list[str]) -> list[sqlite3.Row]:
    """The items of the patient's bills, all unpaid; raises why not."""
    marks = ",".join("?" * len(bill_ids))
    bills = conn.execute(
        f"SELECT bill_id, status FROM bills WHERE patient_id = ? AND bill_id IN ({marks})",
        (patient_id, *bill_ids),
    ).fetchall()
    if len(bills) != len(bill_ids):
        raise GatewayError(BILL_NOT_FOUND)
    if any(b["status"] != "unpaid" for b in bills):
        raise GatewayError(BILL_NOT_PAYABLE)
    return bill_item_rows(conn, bill_ids)


@router.post(
    "/settlements",
    status_code=201,
    response_model=Settlement,
    summary="Settle paid bills: receipt number, pharmacy window, lab specimen barcode, e-bill",
    description="An insured pre-settlement is settled with the insurer (2207) first; a 2207 "
    "whose reply is lost is reversed (2601) and tried again. `503 insurance_unavailable`: "
    "nothing was settled, retry with the same Idempotency-Key. `409 insurance_split_changed`: "
    "the insurer's amounts differ from the pre-settlement; refund the payment.",
    responses=responses(PAYMENT_REQUIRED, PREVIEW_NOT_FOUND, PAYMENT_NOT_FOUND, ALREADY_SETTLED,
                        BILL_NOT_PAYABLE, PAYMENT_NOT_USABLE, INSURANCE_ALREADY_SETTLED,
                        INSURANCE_SPLIT_CHANGED, PREVIEW_EXPIRED, INSURANCE_UNAVAILABLE,
                        *_CHANGE),
)
def settle(
    body: SettlementRequest, state: State, visit: CurrentVisit, idem: Idempotent
) -> Response:
    with state.db.transaction() as conn:
        insured = insurance_ledger.preview(conn, body.preview_id) is not None
    if insured:
        return insured_settlement.settle(state, visit.patient_id, body, idem)
    now = state.clock()

    def change(conn: sqlite3.Connection) -> Settlement:
        pv = live_preview(conn, body.preview_id, visit.patient_id, now)
        return settling.record(conn, pv, body.payment_id, now=now,
                               hospital_code=state.settings.hospital_code)

    return idem.run(change, status=201)
