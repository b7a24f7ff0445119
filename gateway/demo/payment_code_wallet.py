"""The demo wallet's payment code (付款码): what the patient's phone shows to be scanned,
and the payer's side of a charge that asks for the password.

Reference gateway only. ``GET /pay/code`` shows a fresh demo code (it rotates: a new one on
every load, and the page reloads itself) and the charges waiting for the payer's password,
each with Pay / Decline. The demo codes are random digits of the wallets' shapes; the
emulated provider accepts any code of those shapes, and never stores one.

For tests and the kiosk's demo panel (device token): ``GET /demo/v1/payment-code`` (a fresh
code), ``POST /demo/v1/payment-code/next`` (how the next charge goes: ``pass``, ``password``
or ``fail``) and ``POST /demo/v1/payment-code/charges/{payment_id}/password``.
"""

from __future__ import annotations

import html
import secrets
from typing import Annotated, Literal
from urllib.parse import parse_qs

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel

from gateway.core.auth import Device, State
from gateway.core.errors import (
    INTERNAL_ERROR,
    INVALID_REQUEST,
    UNAUTHORIZED,
    GatewayError,
    responses,
)
from gateway.core.service_errors import PAYMENT_NOT_FOUND
from gateway.demo.wallet import _STYLE, yuan
from gateway.platform.payment_provider import Outcome
from gateway.schemas.payment import Payment
from gateway.store import payment_codes
from gateway.store import payments as payment_store
from gateway.store.payments import payment_model

router = APIRouter(tags=["demo"])

PaymentId = Annotated[str, Path(pattern=r"^PAY[0-9A-F]{24}$")]
Wallet = Literal["wechat", "alipay"]
ROTATE_S = 30  # the page shows a new code this often, as the wallets' own pages do


def demo_code(wallet: Wallet) -> str:
    """A random code of the wallet's shape: WeChat 18 digits from 13, Alipay 18 from 28."""
    digits = "".join(secrets.choice("0123456789") for _ in range(16))
    return ("13" if wallet == "wechat" else "28") + digits


class DemoPaymentCode(BaseModel):
    wallet: Wallet
    payment_code: str


class DemoNextCharge(BaseModel):
    outcome: Outcome


class DemoPassword(BaseModel):
    accept: bool = True


def _waiting_rows(state) -> str:
    waiting = state.provider.waiting()
    forms = []
    for row in waiting:
        pid = html.escape(row["out_trade_no"])
        forms.append(
            f'<div class="box"><div class="amount">{yuan(row["amount_fen"])}</div>'
            '<div class="what">请输入支付密码 · Enter your payment password</div>'
            f'<form method="post" action="/pay/code/{pid}/password"><input type="hidden" '
            'name="accept" value="yes"><button class="pay" type="submit">确认支付 Pay</button>'
            f'</form><form method="post" action="/pay/code/{pid}/password"><input '
            'type="hidden" name="accept" value="no"><button class="cancel" type="submit">'
            "取消 Decline</button></form></div>"
        )
    return "".join(forms)


@router.get(
    "/pay/code",
    response_class=HTMLResponse,
    summary="Demo wallet: a rotating payment code to show the kiosk (no authentication)",
    responses=responses(INVALID_REQUEST, INTERNAL_ERROR),
)
def code_page(state: State, wallet: Annotated[Wallet, Query()] = "wechat") -> HTMLResponse:
    code = demo_code(wallet)
    grouped = " ".join(code[i : i + 4] for i in range(0, len(code), 4))
    name = "微信支付 WeChat Pay" if wallet == "wechat" else "支付宝 Alipay"
    other = "alipay" if wallet == "wechat" else "wechat"
    page = (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="refresh" content="{ROTATE_S}">'
        f"<title>付款码 Payment code</title><style>{_STYLE}"
        ".code{font:bold 28px monospace;letter-spacing:2px;margin:16px 0}</style></head><body><main>"
        f'<div class="box"><div class="merchant">{name}</div>'
        '<div class="what">向商家出示付款码 · Show this code to pay</div>'
        f'<div class="code" id="payment-code">{grouped}</div>'
        f'<div class="what">每{ROTATE_S}秒更新 · Changes every {ROTATE_S} s</div>'
        f'<p><a href="/pay/code?wallet={other}">换成{"支付宝" if other == "alipay" else "微信"}</a></p>'
        f"</div>{_waiting_rows(state)}"
        '<p class="what">演示钱包，不会产生真实扣款 · Demo wallet, no real money</p>'
        "</main></body></html>"
    )
    return HTMLResponse(page, headers={"Cache-Control": "no-store"})


def _answer(state, payment_id: str, accept: bool) -> Payment:
    now = state.clock()
    with state.db.transaction() as conn:
        payment_store.get(conn, payment_id)
        if not payment_codes.charged(conn, payment_id):
            raise GatewayError(PAYMENT_NOT_FOUND)
    state.provider.answer_password(payment_id, accept, now)
    return payment_model(payment_codes.sync(state, payment_id), now)


@router.post(
    "/pay/code/{payment_id}/password",
    status_code=303,
    summary="Demo wallet: answer a charge that asks for the password (form post)",
    responses=responses(PAYMENT_NOT_FOUND, INVALID_REQUEST),
)
async def code_password(payment_id: PaymentId, request: Request, state: State):
    fields = parse_qs((await request.body()).decode("utf-8", "replace"))
    _answer(state, payment_id, fields.get("accept", ["yes"])[0] == "yes")
    return RedirectResponse("/pay/code", status_code=303)


@router.get(
    "/demo/v1/payment-code",
    response_model=DemoPaymentCode,
    summary="A fresh demo payment code (what the wallet page shows)",
    responses=responses(UNAUTHORIZED, INVALID_REQUEST, INTERNAL_ERROR),
)
def fresh_code(_device: Device, wallet: Annotated[Wallet, Query()] = "wechat") -> DemoPaymentCode:
    return DemoPaymentCode(wallet=wallet, payment_code=demo_code(wallet))


@router.post(
    "/demo/v1/payment-code/next",
    response_model=DemoNextCharge,
    summary="How the emulated provider answers the next payment-code charge",
    responses=responses(UNAUTHORIZED, INVALID_REQUEST, INTERNAL_ERROR),
)
def next_charge(body: DemoNextCharge, state: State, _device: Device) -> DemoNextCharge:
    state.provider.set_next_outcome(body.outcome)
    return body


@router.post(
    "/demo/v1/payment-code/charges/{payment_id}/password",
    response_model=Payment,
    summary="Answer a charge waiting for the payer's password, as the phone would",
    responses=responses(UNAUTHORIZED, PAYMENT_NOT_FOUND, INVALID_REQUEST, INTERNAL_ERROR),
)
def password(payment_id: PaymentId, body: DemoPassword, state: State, _device: Device) -> Payment:
    return _answer(state, payment_id, body.accept)
