"""The staff money page (``/staff/money``): the daily reconciliation (对账) of one hospital
day and the money trail of one receipt, for staff signed in on the staff page.

The session is the staff page's own (its cookie, see ``gateway/pages/staff_help.py``): sign
in at ``/staff/help`` first; without a session this page says so and links there. Only
reads, so no keys; the same security headers as the help page; receipt numbers, order ids
and amounts only, never patient data.
"""

from __future__ import annotations

import html
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Query
from fastapi.responses import HTMLResponse

from gateway.core.auth import State
from gateway.core.clock import local
from gateway.core.errors import INTERNAL_ERROR, INVALID_REQUEST, responses
from gateway.pages.staff_help import page_staff, secure_under
from gateway.store.money_trail import trail
from gateway.store.reconciliation import reconcile
from gateway.store.staff import Staff

PREFIX = "/staff/money"
router = APIRouter(prefix=PREFIX, tags=["staff page"])

KIND_TEXT = {
    "paid_not_settled": "已付款未结算 Paid, not settled",
    "settled_not_paid": "已结算未付款 Settled, not paid",
    "amount_mismatch": "金额不符 Amounts disagree",
    "refund_pending": "退款未到账 Refund pending",
    "journal_not_provider": "流水有、支付方无 In the journal, not at the provider",
}


def _yuan(fen: int | None) -> str:
    return "–" if fen is None else f"¥{fen // 100}.{fen % 100:02d}"


def _page(title: str, body: str) -> HTMLResponse:
    return HTMLResponse(
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        '<link rel="stylesheet" href="/staff/help/static/staff-help.css"></head><body>'
        f'<div class="bar"><h1>{html.escape(title)}</h1></div><main>{body}</main></body></html>'
    )


_SIGN_IN = ('<p class="status">请先在 <a href="/staff/help">员工页面</a> 登录 · '
            'Sign in on the <a href="/staff/help">staff page</a> first.</p>')


def _forms(day: str, ref: str) -> str:
    return (f'<form method="get" action="{PREFIX}"><label>日期 Day <input type="date" name="date"'
            f' value="{html.escape(day)}"></label> <button type="submit">对账 Reconcile</button></form>'
            f'<form method="get" action="{PREFIX}/trail"><label>单据号 Receipt no. <input name="ref"'
            f' value="{html.escape(ref)}"></label> <button type="submit">资金轨迹 Money trail</button>'
            "</form>")


@router.get("", response_class=HTMLResponse,
            summary="The day's reconciliation: every difference by receipt number (staff session)",
            responses=responses(INVALID_REQUEST, INTERNAL_ERROR))
def money_page(state: State, staff: Annotated[Staff | None, Depends(page_staff)],
               day: Annotated[date | None, Query(alias="date")] = None) -> HTMLResponse:
    if staff is None:
        return _page("对账 Reconciliation", _SIGN_IN)
    day = day or local(state.clock()).date()
    with state.db.transaction() as conn:
        result = reconcile(conn, day, state.provider, state.insurer)
    rows = "".join(
        f'<tr class="difference"><td>{KIND_TEXT[d.kind]}</td>'
        f'<td><a href="{PREFIX}/trail?ref={html.escape(d.receipt_no or d.payment_id or "")}">'
        f"{html.escape(d.receipt_no or '–')}</a></td><td>{html.escape(d.payment_id or '–')}</td>"
        f"<td>{_yuan(d.journal_fen)}</td><td>{_yuan(d.provider_fen)}</td>"
        f"<td>{_yuan(d.hospital_fen)}</td><td>{html.escape(d.detail)}</td></tr>"
        for d in result.differences
    )
    summary = (f'<p class="status">{day}: {result.orders} orders · {result.provider_records} '
               f"provider records · {result.receipts} receipts · insurance "
               f"{_yuan(result.insurance_fen)} · {len(result.differences)} difference(s)</p>")
    table = ("<table><tr><th>差异 Difference</th><th>单据号 Receipt</th><th>订单 Order</th>"
             "<th>流水 Journal</th><th>支付方 Provider</th><th>医院 Hospital</th><th></th></tr>"
             f"{rows}</table>" if rows else '<p class="empty">无差异 No differences.</p>')
    return _page("对账 Reconciliation", _forms(day.isoformat(), "") + summary + table)


@router.get("/trail", response_class=HTMLResponse,
            summary="The money trail of one receipt number, order or trade no (staff session)",
            responses=responses(INVALID_REQUEST, INTERNAL_ERROR))
def trail_page(state: State, staff: Annotated[Staff | None, Depends(page_staff)],
               ref: Annotated[str, Query(min_length=1, max_length=64)]) -> HTMLResponse:
    if staff is None:
        return _page("资金轨迹 Money trail", _SIGN_IN)
    with state.db.transaction() as conn:
        steps = trail(conn, ref, state.provider)
    rows = "".join(
        f'<tr class="step"><td>{local(s.at):%Y-%m-%d %H:%M:%S}</td><td>{s.source}</td>'
        f"<td>{html.escape(s.what)}</td><td>{_yuan(s.amount_fen)}</td><td>{html.escape(s.ref)}</td></tr>"
        for s in steps
    )
    body = ("<table><tr><th>时间 Time</th><th>来源 Source</th><th>记录 Record</th><th>金额 Amount</th>"
            f"<th>编号 Ref</th></tr>{rows}</table>" if rows
            else f'<p class="empty">没有记录 No record names {html.escape(ref)}.</p>')
    return _page("资金轨迹 Money trail", _forms("", ref) + body)


def install(app: FastAPI) -> None:
    app.include_router(router)
    secure_under(app, PREFIX)
