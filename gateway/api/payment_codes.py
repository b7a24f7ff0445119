"""Paying an order by the payer's payment code (``/api/v1/payments/{id}/code``) and undoing
one whose outcome is unknown (``/reverse``); see ``gateway/store/payment_codes.py``.

The charge's idempotency fingerprint leaves the code out (it names the order and the
wallet only), so not even a hash of the code is kept with the stored answer.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Request, Response

from gateway.api.payments import refuse_purpose
from gateway.core.auth import DeviceId, State
from gateway.core.errors import (
    INTERNAL_ERROR,
    INVALID_REQUEST,
    UNAUTHORIZED,
    ErrorKind,
    GatewayError,
    responses,
)
from gateway.core.idempotency import (
    HEADER,
    IDEMPOTENCY_ERRORS,
    IDEMPOTENCY_KEY_REQUIRED,
    KEY_PATTERN,
    VISIT_HEADER,
    Idempotency,
    Idempotent,
    fingerprint,
)
from gateway.core.service_errors import PAYMENT_CONSUMED, PAYMENT_NOT_FOUND, PAYMENT_NOT_PENDING
from gateway.core.settings import GatewayState
from gateway.core.visits import STRONGER_ID_REQUIRED, VISIT_EXPIRED, InpatientVisit, Visit
from gateway.schemas.payment import Payment
from gateway.schemas.payment_code import PaymentCodeCharge, ReverseRequest
from gateway.store import payment_codes
from gateway.store import payments as payment_store
from gateway.store.payments import payment_model

router = APIRouter(prefix="/api/v1", tags=["payment"])

PaymentId = Annotated[str, Path(pattern=r"^PAY[0-9A-F]{24}$", description="From `POST /payments`.")]

# The wallets' published shapes (the kiosk recognises the same ones before sending).
_WALLETS = (
    ("wechat", re.compile(r"1[0-5]\d{16}")),
    ("alipay", re.compile(r"(2[5-9]|30)\d{14,22}")),
)

PAYMENT_CODE_INVALID = ErrorKind(
    "payment_code_invalid",
    400,
    "This is not a WeChat or Alipay payment code. Open the payment code on your phone and "
    "show it to the scanner again.",
    "不是有效的微信或支付宝付款码，请在手机上打开付款码后重新出示",
)

_COMMON = (UNAUTHORIZED, VISIT_EXPIRED, STRONGER_ID_REQUIRED, INVALID_REQUEST, INTERNAL_ERROR)


def wallet_of(code: str) -> str:
    for wallet, shape in _WALLETS:
        if shape.fullmatch(code):
            return wallet
    raise GatewayError(PAYMENT_CODE_INVALID)


async def _code_idempotency(
    request: Request, state: State, device: DeviceId,
    key: Annotated[str | None, Header(
        alias=HEADER, description="Required. Created once per charge and reused on every retry; "
        "a repeat gets the first answer with `Idempotent-Replayed: true`.")] = None,
) -> Idempotency:
    """As ``require_idempotency``, fingerprinting the order and the wallet, not the code."""
    if key is None or not KEY_PATTERN.fullmatch(key):
        raise GatewayError(IDEMPOTENCY_KEY_REQUIRED)
    try:
        body = PaymentCodeCharge.model_validate_json(await request.body())
        wallet = wallet_of(body.payment_code)
    except ValueError:
        wallet = "invalid"  # the route refuses it with a clear message
    except GatewayError:
        wallet = "invalid"
    return Idempotency(
        state=state,
        device=device,
        key=key,
        fingerprint=fingerprint(
            request.method,
            request.url.path,
            request.url.query,
            wallet.encode(),
            request.headers.get(VISIT_HEADER, ""),
        ),
    )


CodeIdempotent = Annotated[Idempotency, Depends(_code_idempotency)]


@router.post(
    "/payments/{payment_id}/code",
    response_model=Payment,
    summary="Pay an order by the payment code the payer shows (付款码)",
    description="The order (from `POST /payments`) is charged once: `success` at once, or "
    "`processing` while the payer's phone asks for the password (poll "
    "`GET /payments/{id}`, which asks the provider again), or `failed`. A retry with the "
    "same key, or a second code for an order already charged, reaches the first charge. "
    "When the outcome stays unknown, `POST /payments/{id}/reverse`.",
    responses=responses(
        PAYMENT_NOT_FOUND, PAYMENT_NOT_PENDING, PAYMENT_CODE_INVALID, *IDEMPOTENCY_ERRORS, *_COMMON
    ),
)
def charge_code(
    payment_id: PaymentId,
    body: PaymentCodeCharge,
    state: State,
    visit: InpatientVisit,
    idem: CodeIdempotent,
) -> Response:
    wallet = wallet_of(body.payment_code)
    replay = idem.replayed()
    if replay is not None:
        return replay  # a repeat reaches nobody: the first answer
    _refuse_purpose(state, visit, payment_id)
    payment_codes.charge(state, payment_id, visit.patient_id, wallet, body.payment_code)
    return _answer(state, idem, payment_id, visit.patient_id)


def _refuse_purpose(state: GatewayState, visit: Visit, payment_id: str) -> None:
    """Before the provider is called: a wristband visit reaches the stay's own orders only."""
    with state.db.transaction() as conn:
        refuse_purpose(visit, payment_store.get(conn, payment_id, visit.patient_id)["purpose"])


def _answer(state, idem: Idempotency, payment_id: str, patient_id: str) -> Response:
    """The order as the provider call left it, stored as this key's answer."""
    now = state.clock()

    def change(conn: sqlite3.Connection) -> Payment:
        return payment_model(payment_store.get(conn, payment_id, patient_id), now)

    return idem.run(change, status=200)


@router.post(
    "/payments/{payment_id}/reverse",
    response_model=Payment,
    summary="Undo an order whose outcome is unknown (冲正 / 撤销)",
    description="For a charge whose reply was lost or that timed out: the provider revokes "
    "it (money taken goes back) or closes the order so it can no longer be charged. "
    "processing → `failed`; success → `refunded`; a payment already used by a registration "
    "or settlement is `409 payment_consumed`.",
    responses=responses(PAYMENT_NOT_FOUND, PAYMENT_CONSUMED, *IDEMPOTENCY_ERRORS, *_COMMON),
)
def reverse_payment(
    payment_id: PaymentId,
    body: ReverseRequest,
    state: State,
    visit: InpatientVisit,
    idem: Idempotent,
) -> Response:
    replay = idem.replayed()
    if replay is not None:
        return replay
    _refuse_purpose(state, visit, payment_id)
    payment_codes.reverse(state, payment_id, visit.patient_id)
    return _answer(state, idem, payment_id, visit.patient_id)
