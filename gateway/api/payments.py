"""Scan-to-pay orders (``/api/v1/payments``): create, poll, refund.

The kiosk shows ``qr_url`` as a QR code and polls ``GET /payments/{id}``. In the
reference gateway the URL opens the demo wallet page (``gateway/demo/wallet.py``); a hospital
returns its payment provider's code URL instead.
"""

from __future__ import annotations

import sqlite3
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from gateway.core.auth import State
from gateway.core.errors import (
    INTERNAL_ERROR,
    INVALID_REQUEST,
    UNAUTHORIZED,
    GatewayError,
    responses,
)
from gateway.core.idempotency import IDEMPOTENCY_ERRORS, Idempotent
from gateway.core.service_errors import (
    ALREADY_PAID,
    ALREADY_REGISTERED,
    ALREADY_SETTLED,
    AMOUNT_MISMATCH,
    LOCK_EXPIRED,
    LOCK_NOT_FOUND,
    PAYMENT_CONSUMED,
    PAYMENT_NOT_FOUND,
    PREVIEW_EXPIRED,
    PREVIEW_NOT_FOUND,
)
from gateway.core.timeline import iso_utc
from gateway.core.visits import (
    STRONG,
    STRONGER_ID_REQUIRED,
    VISIT_EXPIRED,
    InpatientVisit,
    Visit,
    refuse_below,
)
from gateway.schemas.payment import Payment, PaymentOrder, PaymentRequest, RefundRequest
from gateway.store import payment_codes, provider_calls
from gateway.store import payments as payment_store
from gateway.store.payments import payment_model

router = APIRouter(prefix="/api/v1", tags=["payment"])

PaymentId = Annotated[str, Path(pattern=r"^PAY[0-9A-F]{24}$", description="From `POST /payments`.")]

_COMMON = (UNAUTHORIZED, VISIT_EXPIRED, STRONGER_ID_REQUIRED, INVALID_REQUEST, INTERNAL_ERROR)


# What a wristband visit may pay: money into the stay (a deposit, what a discharge leaves
# due). Paying in is harmless; outpatient bills and registrations need a strong visit.
INPATIENT_PURPOSES = frozenset({"deposit", "discharge"})


def refuse_purpose(visit: Visit, purpose: str) -> None:
    """``stronger_id_required`` for a wristband visit's order that is not the stay's own."""
    if purpose not in INPATIENT_PURPOSES:
        refuse_below(visit, STRONG)


def wallet_url(request: Request, payment_id: str) -> str:
    # Built from the host the kiosk called, so the QR works wherever the kiosk reaches us.
    return f"{str(request.base_url).rstrip('/')}/pay/{payment_id}"


@router.post(
    "/payments",
    status_code=201,
    response_model=PaymentOrder,
    summary="Create a scan-to-pay order for a held slot or a pre-settlement",
    description=f"Valid {payment_store.PAYMENT_TTL_S} s. `amount_fen` must equal the lock's "
    "total fee or the pre-settlement's self-pay share. A new order for the same reference "
    "expires the one still open, so only one can ever be paid. A visit opened by a wristband "
    "(`assurance: wristband`) may order `deposit` and `discharge` payments only (others are "
    "403 `stronger_id_required`).",
    responses=responses(LOCK_NOT_FOUND, PREVIEW_NOT_FOUND, ALREADY_PAID, ALREADY_REGISTERED,
                        ALREADY_SETTLED, LOCK_EXPIRED, PREVIEW_EXPIRED, AMOUNT_MISMATCH,
                        *IDEMPOTENCY_ERRORS, *_COMMON),
)
def create_payment(
    body: PaymentRequest, request: Request, state: State, visit: InpatientVisit, idem: Idempotent
) -> Response:
    refuse_purpose(visit, body.purpose)
    now = state.clock()

    def change(conn: sqlite3.Connection) -> PaymentOrder:
        due = payment_store.consumer(body.purpose).amount_due(
            conn, body.reference, visit.patient_id, now
        )
        if payment_store.paid_for(conn, body.reference) is not None:
            raise GatewayError(ALREADY_PAID)
        if body.amount_fen != due:
            raise GatewayError(AMOUNT_MISMATCH)
        payment_id = payment_store.create(
            conn, visit.patient_id, body.purpose, body.reference, body.amount_fen, now
        )
        return PaymentOrder(
            payment_id=payment_id, status="processing", amount_fen=body.amount_fen,
            qr_url=wallet_url(request, payment_id),
            expires_at=iso_utc(now + payment_store.PAYMENT_TTL_S),
        )

    answer = idem.run(change, status=201)
    # Orders this one's creation found unused and refunded (payments.refund_orphans).
    provider_calls.send_pending(state)
    return answer


@router.get(
    "/payments/{payment_id}",
    response_model=Payment,
    summary="Poll a payment: processing → success / failed / expired; refunded",
    responses=responses(PAYMENT_NOT_FOUND, *_COMMON),
)
def get_payment(payment_id: PaymentId, state: State, visit: InpatientVisit) -> Payment:
    with state.db.transaction() as conn:
        row = payment_store.get(conn, payment_id, visit.patient_id)
        refuse_purpose(visit, row["purpose"])
        by_code = row["status"] == "processing" and payment_codes.charged(conn, payment_id)
    if by_code:
        # A payment-code charge may be waiting for the payer's password: ask the provider
        # (outside any transaction; the answer is recorded in one of its own).
        row = payment_codes.sync(state, payment_id)
    return payment_model(row, state.clock())


@router.post(
    "/payments/{payment_id}/refund",
    response_model=Payment,
    summary="Refund a payment that was not used, or cancel one still open",
    description="success → `refunded` (e.g. the commit failed after paying); processing → "
    "`failed` (the patient abandoned: it can no longer be paid); failed / expired / refunded "
    "are answered with their status. A payment already used by a registration or "
    "settlement is `409 payment_consumed`.",
    responses=responses(PAYMENT_NOT_FOUND, PAYMENT_CONSUMED, *IDEMPOTENCY_ERRORS, *_COMMON),
)
def refund_payment(
    payment_id: PaymentId, body: RefundRequest, state: State, visit: InpatientVisit,
    idem: Idempotent,
) -> Response:
    replay = idem.replayed()
    if replay is not None:
        return replay
    with state.db.transaction() as conn:
        refuse_purpose(visit, payment_store.get(conn, payment_id, visit.patient_id)["purpose"])
        by_code = payment_codes.charged(conn, payment_id)
    if by_code:
        # The provider holds a payment-code charge: undo it there, not only here.
        payment_codes.reverse(state, payment_id, visit.patient_id)
    now = state.clock()
    claimed = []

    def change(conn: sqlite3.Connection) -> Payment:
        row = payment_store.get(conn, payment_id, visit.patient_id)
        if not by_code and payment_store.refund(conn, row, now):
            # Paid by QR: the provider gives it back once this is committed.
            provider_calls.claim(conn, payment_id, "refund", now)
            claimed.append(payment_id)
        return payment_model(payment_store.get(conn, payment_id), now)

    answer = idem.run(change, status=200)
    for paid in claimed:
        provider_calls.send(state, paid, "refund")
    return answer
