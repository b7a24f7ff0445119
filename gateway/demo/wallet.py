"""The demo wallet: what the patient's phone shows after scanning the kiosk's pay QR code.

Reference gateway only. ``GET /pay/{payment_id}`` is a small mobile page (amount, the
hospital as merchant, Confirm / Cancel) that needs no login, like a real wallet's
checkout reached from a QR code; the unguessable payment id is the only key. Tests and
the kiosk's demo panel use ``POST /demo/v1/payments/{id}/confirm|fail`` (device token)
instead of the page. ``GET /demo/v1/scenarios`` names demo patients with something to do.
"""

from __future__ import annotations

import html
from datetime import date
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Body, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field

from gateway.core.auth import Device, State
from gateway.core.errors import (
    INTERNAL_ERROR,
    INVALID_REQUEST,
    UNAUTHORIZED,
    GatewayError,
    page_responses,
    responses,
)
from gateway.core.idempotency import immediate_transaction
from gateway.core.service_errors import PAYMENT_NOT_FOUND, PAYMENT_NOT_PENDING
from gateway.core.timeline import age_on
from gateway.core.timeline import today as hospital_today
from gateway.platform.payment_provider import trade_no
from gateway.schemas.identify import DemoPatient
from gateway.schemas.payment import DemoPaymentAction, Payment
from gateway.store import payment_codes
from gateway.store import payments as payment_store
from gateway.store.payments import payment_model

router = APIRouter(tags=["demo"])

PaymentId = Annotated[str, Path(pattern=r"^PAY[0-9A-F]{24}$")]
PURPOSES = {"registration": ("挂号费", "Registration fee"), "bills": ("门诊缴费", "Outpatient bill")}
STATUS_TEXT = {
    "processing": ("待支付", "Waiting for payment"),
    "success": ("支付成功", "Paid"),
    "failed": ("已取消", "Cancelled"),
    "expired": ("订单已过期", "Expired"),
    "refunded": ("已退款", "Refunded"),
}

_STYLE = """
body{margin:0;font-family:"Noto Sans CJK SC","PingFang SC",sans-serif;background:#f2f2f2}
main{max-width:420px;margin:0 auto;padding:16px}
.box{background:#fff;border-radius:12px;padding:20px;text-align:center}
.merchant{color:#555;font-size:18px}.amount{font-size:44px;font-weight:bold;margin:12px 0}
.what{color:#777}.status{font-size:22px;margin:16px 0}.ok{color:#07a35a}.bad{color:#b00}
label{display:inline-block;margin:8px 12px;font-size:18px}
button{display:block;width:100%;min-height:56px;margin-top:12px;border:0;border-radius:8px;
font-size:20px}.pay{background:#07c160;color:#fff}.cancel{background:#e5e5e5;color:#333}
"""


def yuan(fen: int) -> str:
    return f"¥{fen // 100}.{fen % 100:02d}"


def _page(state, row, status: str) -> str:
    zh, en = PURPOSES[row["purpose"]]
    st_zh, st_en = STATUS_TEXT[status]
    pid = html.escape(row["payment_id"])
    if status == "processing":
        action = (
            f'<form method="post" action="/pay/{pid}/confirm">'
            '<label><input type="radio" name="method" value="wechat" checked> 微信支付 WeChat'
            '</label><label><input type="radio" name="method" value="alipay"> 支付宝 Alipay'
            '</label><button class="pay" type="submit">确认支付 Confirm</button></form>'
            f'<form method="post" action="/pay/{pid}/cancel">'
            '<button class="cancel" type="submit">取消 Cancel</button></form>'
        )
    else:
        tone = "ok" if status == "success" else "bad"
        action = f'<div class="status {tone}">{st_zh} · {st_en}</div>'
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>支付 {yuan(row['amount_fen'])}</title><style>{_STYLE}</style></head><body><main>"
        f'<div class="box"><div class="merchant">{html.escape(state.settings.hospital_name)}<br>'
        f"<small>{html.escape(state.settings.hospital_name_en)}</small></div>"
        f'<div class="amount">{yuan(row["amount_fen"])}</div>'
        f'<div class="what">{zh} · {en}</div>{action}</div>'
        '<p class="what">演示钱包，不会产生真实扣款 · Demo wallet, no real money</p>'
        "</main></body></html>"
    )


@router.get(
    "/pay/{payment_id}",
    response_class=HTMLResponse,
    summary="Demo wallet page (opened from the pay QR code; no authentication)",
    responses=page_responses(PAYMENT_NOT_FOUND, INVALID_REQUEST, INTERNAL_ERROR),
)
def wallet_page(payment_id: PaymentId, state: State) -> HTMLResponse:
    with state.db.transaction() as conn:
        row = payment_store.get(conn, payment_id)
    status = payment_store.effective_status(row, state.clock())
    return HTMLResponse(_page(state, row, status), headers={"Cache-Control": "no-store"})


def _finish(state, payment_id: str, confirm: bool, method: str = "wechat") -> None:
    now = state.clock()
    with state.db.transaction() as conn:
        if payment_codes.charged(conn, payment_id):
            # Charged by payment code: only the payer's password answers it, never this QR.
            raise GatewayError(PAYMENT_NOT_PENDING)
        row = payment_store.get(conn, payment_id)
    if not confirm:
        with immediate_transaction(state.db) as conn:
            payment_store.fail(conn, payment_id, now)
        return
    if payment_store.effective_status(row, now) != "processing":
        raise GatewayError(PAYMENT_NOT_PENDING)
    # The phone pays the provider first (its own record, outside the gateway's lock), then
    # the provider's notice confirms the order here.
    paid_as = trade_no(method, now)
    state.provider.native_paid(payment_id, method, row["amount_fen"], paid_as, now)
    try:
        with immediate_transaction(state.db) as conn:
            payment_store.confirm(conn, payment_id, method, now)
            conn.execute("UPDATE payments SET trade_no = ? WHERE payment_id = ?",
                         (paid_as, payment_id))
    except GatewayError:
        state.provider.refund(payment_id, now)  # ran out meanwhile: the money goes back
        raise


async def _form_method(request: Request) -> str:
    # A plain form post; parsed here so the gateway needs no multipart dependency.
    fields = parse_qs((await request.body()).decode("utf-8", "replace"))
    method = fields.get("method", ["wechat"])[0]
    return method if method in ("wechat", "alipay") else "wechat"


def _after_post(state, payment_id: str, confirm: bool, method: str) -> RedirectResponse:
    with state.db.transaction() as conn:
        payment_store.get(conn, payment_id)  # unknown id → 404 envelope
    try:
        _finish(state, payment_id, confirm, method)
    except GatewayError as exc:  # a second tap on a finished order just shows its status
        if exc.kind is not PAYMENT_NOT_PENDING:
            raise
    return RedirectResponse(f"/pay/{payment_id}", status_code=303)


_SEE_PAGE = {303: {"description": "See Other: back to `GET /pay/{payment_id}`."}}
_FORM = {"requestBody": {"required": False, "content": {"application/x-www-form-urlencoded": {
    "schema": {"type": "object", "properties": {
        "method": {"type": "string", "enum": ["wechat", "alipay"], "default": "wechat"}}}}}}}


@router.post("/pay/{payment_id}/confirm", summary="Demo wallet: pay (form post, then the page)",
             status_code=303, openapi_extra=_FORM,
             responses={**_SEE_PAGE, **responses(PAYMENT_NOT_FOUND, INVALID_REQUEST)})
async def wallet_confirm(payment_id: PaymentId, request: Request, state: State):
    method = await _form_method(request)
    return _after_post(state, payment_id, True, method)


@router.post("/pay/{payment_id}/cancel", summary="Demo wallet: cancel (form post, then the page)",
             status_code=303,
             responses={**_SEE_PAGE, **responses(PAYMENT_NOT_FOUND, INVALID_REQUEST)})
def wallet_cancel(payment_id: PaymentId, state: State):
    return _after_post(state, payment_id, False, "wechat")


def _demo_action(state, payment_id: str, confirm: bool, method: str) -> Payment:
    _finish(state, payment_id, confirm, method)
    with state.db.transaction() as conn:
        return payment_model(payment_store.get(conn, payment_id), state.clock())


_DEMO_ERRORS = (UNAUTHORIZED, PAYMENT_NOT_FOUND, PAYMENT_NOT_PENDING, INVALID_REQUEST,
                INTERNAL_ERROR)


@router.post("/demo/v1/payments/{payment_id}/confirm", response_model=Payment,
             summary="Complete a payment as the patient's wallet would",
             responses=responses(*_DEMO_ERRORS))
def demo_confirm(
    payment_id: PaymentId, state: State, _device: Device,
    body: Annotated[DemoPaymentAction | None, Body()] = None,
) -> Payment:
    return _demo_action(state, payment_id, True, (body or DemoPaymentAction()).method)


@router.post("/demo/v1/payments/{payment_id}/fail", response_model=Payment,
             summary="Make a payment fail (the patient cancelled or the wallet declined)",
             responses=responses(*_DEMO_ERRORS))
def demo_fail(payment_id: PaymentId, state: State, _device: Device) -> Payment:
    return _demo_action(state, payment_id, False, "wechat")


ELDER_AGE = 65


class Scenarios(BaseModel):
    appointment_today: list[DemoPatient]
    unpaid_bills: list[DemoPatient]
    several_unpaid_bills: list[DemoPatient] = Field(
        description="Patients with two or more unpaid bills (a subset of unpaid_bills)."
    )
    ready_reports: list[DemoPatient] = Field(
        description="Patients with ready reports still below the print limit.")
    ready_medicine: list[DemoPatient] = Field(description="Patients with medicine ready.")
    elders: list[DemoPatient] = Field(
        description=f"Patients aged {ELDER_AGE} or more on the hospital's today (the kiosk's "
        "default elder-mode age); intersect with the others for an elder's journey.")


_SCENARIO_SELECT = """
SELECT DISTINCT p.patient_id, p.name, p.gender, p.health_card_id, p.insured
FROM patients p JOIN residents r ON r.health_card_id = p.health_card_id
WHERE r.card_status = 'active' AND p.patient_id IN ({ids}) ORDER BY p.patient_id
"""


@router.get("/demo/v1/scenarios", response_model=Scenarios,
            summary="Demo patients who have a booked appointment today, unpaid bills, ready reports or "
            "medicine now, and the elders among them",
            responses=responses(UNAUTHORIZED, INTERNAL_ERROR))
def scenarios(state: State, _device: Device) -> Scenarios:
    today = hospital_today(state.clock())
    booked = (
        "SELECT r.patient_id FROM registrations r JOIN schedules s"
        " ON s.schedule_id = r.schedule_id WHERE s.date = ? AND r.status = 'booked'"
        " AND r.channel = 'phone'"
    )
    unpaid = "SELECT patient_id FROM bills WHERE status = 'unpaid'"
    several = unpaid + " GROUP BY patient_id HAVING COUNT(*) >= 2"
    printable = "SELECT patient_id FROM reports WHERE status = 'ready' AND print_count < ?"
    ready = "SELECT patient_id FROM prescriptions WHERE status = 'ready'"
    with state.db.transaction() as conn:
        def people(ids: str, args: tuple) -> list[DemoPatient]:
            rows = conn.execute(_SCENARIO_SELECT.format(ids=ids), args).fetchall()
            return [DemoPatient(patient_id=r["patient_id"], name=r["name"], gender=r["gender"],
                                health_card_id=r["health_card_id"], status="active",
                                insured=bool(r["insured"])) for r in rows]

        births = conn.execute("SELECT patient_id, birth_date FROM patients").fetchall()
        elders = [r["patient_id"] for r in births
                  if age_on(date.fromisoformat(r["birth_date"]), today) >= ELDER_AGE]
        return Scenarios(appointment_today=people(booked, (today.isoformat(),)),
                         unpaid_bills=people(unpaid, ()),
                         several_unpaid_bills=people(several, ()),
                         ready_reports=people(printable, (state.settings.report_print_limit,)),
                         ready_medicine=people(ready, ()),
                         elders=people(",".join("?" * len(elders)) or "NULL", tuple(elders)))
