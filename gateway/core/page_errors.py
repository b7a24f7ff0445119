"""Refusals of the pages people open (the demo's phone pages): a small HTML page in both
languages instead of the JSON envelope, which a phone's browser would show as raw text.

A route is a page when it answers ``text/html`` (``response_class=HTMLResponse``); its
documented refusals come from :func:`gateway.core.errors.page_responses`, so the served
document and the answers agree.
"""

from __future__ import annotations

import html
from typing import Protocol

from fastapi import Request
from fastapi.responses import HTMLResponse


class Refusal(Protocol):
    code: str
    status: int
    message: str
    message_zh: str


def is_page(request: Request) -> bool:
    route = request.scope.get("route")
    return getattr(route, "response_class", None) is HTMLResponse


def page_response(kind: Refusal, headers: dict[str, str] | None = None) -> HTMLResponse:
    body = (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(kind.message_zh)}</title></head>"
        f'<body><main data-code="{html.escape(kind.code)}"><h1>{html.escape(kind.message_zh)}</h1>'
        f"<p>{html.escape(kind.message)}</p></main></body></html>"
    )
    return HTMLResponse(body, status_code=kind.status, headers=headers)
