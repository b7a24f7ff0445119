"""Demo web pages that play the patient's phone: a health-card screen with a live
dynamic QR code, and an index of the demo cards.

No authentication: these pages exist only in the demo gateway, to be opened on a phone
or second screen and held in front of the kiosk camera. Names and ID numbers are masked
as on real health-card screens.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from string import Template
from typing import Annotated

import segno
from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse, Response

from gateway.core.assets import asset_response
from gateway.core.auth import State
from gateway.core.errors import (
    INTERNAL_ERROR,
    INVALID_REQUEST,
    UNKNOWN_CODE,
    page_responses,
    responses,
)
from gateway.demo.api import iso
from gateway.platform import health_card
from gateway.schemas.identify import CardCode

router = APIRouter(prefix="/ehc", tags=["ehc-demo"])

CardId = Annotated[str, Path(pattern=r"^[0-9A-Fa-f]{64}$")]
_STATIC = resources.files("gateway.demo") / "static"
_ASSETS = {"card.js": "text/javascript", "ehc.css": "text/css"}


def mask_name(name: str) -> str:
    """张三 → 张*, 张小三 → 张*三, 欧阳娜娜 → 欧**娜."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_id(number: str) -> str:
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def qr_svg(text: str) -> str:
    return segno.make(text, error="m", micro=False).svg_inline(scale=4, border=2, omitsize=True)


def _template(name: str) -> Template:
    return Template((_STATIC / name).read_text(encoding="utf-8"))


def _card_code(state, health_card_id: str) -> CardCode:
    now = state.clock()
    lifetime = state.settings.code_lifetime
    with state.db.transaction() as conn:
        code = health_card.issue_dynamic(conn, health_card_id, None, now, lifetime)
    return CardCode(
        text=code.text,
        expires_at=iso(code.expires_at),
        svg=qr_svg(code.text),
        expires_in_s=lifetime,
        lifetime_s=lifetime,
    )


@router.get(
    "/",
    response_class=HTMLResponse,
    summary="Index of demo health cards",
    responses=page_responses(INTERNAL_ERROR),
)
def index(state: State) -> HTMLResponse:
    with state.db.transaction() as conn:
        rows = conn.execute(
            "SELECT r.health_card_id, r.name, r.card_status, p.patient_id FROM residents r"
            " LEFT JOIN patients p ON p.health_card_id = r.health_card_id"
            " ORDER BY p.patient_id IS NULL, r.card_status, p.patient_id"
        ).fetchall()
    items = []
    for row in rows:
        tag = "已注销" if row["card_status"] == "cancelled" else ""
        tag = tag or ("本院未建档" if row["patient_id"] is None else "")
        items.append(
            f'<li><a href="/ehc/cards/{row["health_card_id"]}">'
            f'{html.escape(mask_name(row["name"]))}<span class="tag">{tag}</span></a></li>'
        )
    body = (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<title>演示电子健康卡</title><link rel="stylesheet" href="/ehc/static/ehc.css"></head>'
        f'<body><h1>演示电子健康卡</h1><ul class="cards">{"".join(items)}</ul></body></html>'
    )
    return HTMLResponse(body)


@router.get(
    "/cards/{health_card_id}",
    response_class=HTMLResponse,
    summary="A health-card screen with a self-refreshing dynamic QR code",
    description="A page for people: an unknown card or a malformed id is answered with an "
    "HTML page too (`text/html`), not the JSON envelope.",
    responses=page_responses(UNKNOWN_CODE, INVALID_REQUEST, INTERNAL_ERROR),
)
def card_page(health_card_id: CardId, state: State) -> HTMLResponse:
    card_id = health_card_id.upper()
    with state.db.transaction() as conn:
        card = health_card.card(conn, card_id)
    active = card["card_status"] == "active"
    if active:
        code = _card_code(state, card_id)
        block, hint, expires_in = code.svg, "", code.expires_in_s
    else:
        block, hint, expires_in = '<div class="status">该卡已注销</div>', "card cancelled", 0
    page = _template("card.html").substitute(
        status_class="" if active else "cancelled",
        name=html.escape(mask_name(card["name"])),
        id_masked=html.escape(mask_id(card["id_number"])),
        code_block=block,
        hint=hint,
        code_url=f"/ehc/cards/{card_id}/code.json",
        active=json.dumps(active),
        expires_in=json.dumps(expires_in),
    )
    return HTMLResponse(page, headers={"Cache-Control": "no-store"})


@router.get(
    "/cards/{health_card_id}/code.json",
    response_model=CardCode,
    summary="A fresh dynamic code for the card page",
    responses=responses(UNKNOWN_CODE, INVALID_REQUEST, INTERNAL_ERROR),
)
def card_code(health_card_id: CardId, state: State) -> CardCode:
    return _card_code(state, health_card_id.upper())


@router.get("/static/{name}", include_in_schema=False)
def asset(name: str) -> Response:
    return asset_response(_STATIC, _ASSETS, name)
