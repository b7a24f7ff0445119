"""The staff help page (``/staff/help``): signed-in staff see the kiosks' help requests live
and acknowledge and close them in a browser, without a workstation's device token.

A browser has no device token, so the page signs staff in itself (staff number and
password, the same accounts, attempt limit and sessions as ``POST /api/v1/staff/sessions``)
and keeps the session in a cookie that scripts cannot read (``HttpOnly``), that is sent
over HTTPS only (``Secure``, ``__Host-``) and never with a request from another site
(``SameSite=Strict``). The session is that cookie's random token and its record here
(sliding expiry, ended at sign-out), not the client's address, so it keeps working behind
a reverse proxy; failed sign-ins are limited per client address, read from
``X-Forwarded-For`` only when the peer is one of ``--trusted-proxy``. Changes need an
``Idempotency-Key`` header, which a form on another site cannot send. Every answer carries
a strict Content-Security-Policy (the page's own script and style only, no inline code, no
framing). The page shows terminals, screen codes and times, never patient data.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable, Collection
from importlib import resources
from string import Template
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, FastAPI, Header, Path, Request, Response
from fastapi.responses import HTMLResponse

from gateway.core.assets import asset_response
from gateway.core.auth import State
from gateway.core.counter_errors import BAD_CREDENTIALS, STAFF_SESSION_EXPIRED, TOO_MANY_ATTEMPTS
from gateway.core.db import hash_token
from gateway.core.errors import (
    INTERNAL_ERROR,
    INVALID_REQUEST,
    ErrorKind,
    GatewayError,
    responses,
)
from gateway.core.help_errors import HELP_REQUEST_CLOSED, HELP_REQUEST_TAKEN, UNKNOWN_HELP_REQUEST
from gateway.core.idempotency import (
    IDEMPOTENCY_ERRORS,
    IDEMPOTENCY_KEY_REQUIRED,
    KEY_PATTERN,
    Idempotency,
    fingerprint,
)
from gateway.core.timeline import iso_utc
from gateway.schemas.help_requests import REQUEST_ID_PATTERN, HelpRequest, HelpRequests
from gateway.schemas.staff import CurrentSession, SignInRequest
from gateway.store import help_requests
from gateway.store.staff import MAX_S, Staff, end_session, lookup_staff, sign_in

logger = logging.getLogger(__name__)

PREFIX = "/staff/help"
COOKIE = "__Host-staff-help"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
       "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
FOREIGN_ORIGIN = ErrorKind(
    "foreign_origin", 403, "This page accepts changes only from itself; open it again.",
    "请从本页面操作",
)
_STATIC = resources.files("gateway.pages") / "static"
_ASSETS = {"staff-help.js": "text/javascript", "staff-help.css": "text/css", "favicon.svg": "image/svg+xml"}


router = APIRouter(prefix=PREFIX, tags=["staff page"])

RequestId = Annotated[str, Path(pattern=REQUEST_ID_PATTERN, description="The request id.")]
_PAGE_STAFF_ERRORS = (STAFF_SESSION_EXPIRED, INVALID_REQUEST, INTERNAL_ERROR)


# The "device" of every page session: the page itself. A session is its cookie's random
# token and the server-side record it names (sliding expiry, ended at sign-out), not the
# client's address, which behind a reverse proxy is the proxy's and may change under NAT.
PAGE_DEVICE = hash_token("staff-page")


def page_device(_request: Request | None = None) -> str:
    return PAGE_DEVICE


def client_address(request: Request, trusted_proxies: Collection[str]) -> str:
    """Where a request came from, for counting failed sign-ins: the peer's address, or
    behind a configured trusted proxy the nearest address it forwarded that is not itself
    one (``X-Forwarded-For`` from anyone else is ignored: a client could write any)."""
    address = request.client.host if request.client else ""
    if address not in trusted_proxies:
        return address
    forwarded = [a.strip() for a in request.headers.get("x-forwarded-for", "").split(",")]
    for hop in reversed([a for a in forwarded if a]):
        if hop not in trusted_proxies:
            return hop
    return address


def sign_in_source(request: Request, trusted_proxies: Collection[str]) -> str:
    """The failed sign-ins of the page are limited per client address."""
    return hash_token(f"staff-page\n{client_address(request, trusted_proxies)}")


def same_origin(request: Request) -> None:
    """Refuses a change whose ``Origin`` names another host (a browser always sends it).

    Behind a TLS proxy the host the browser saw may arrive as ``X-Forwarded-Host``; a page
    on another site cannot set that header without a preflight this gateway never grants."""
    origin = request.headers.get("origin")
    hosts = {request.headers.get("host"), request.headers.get("x-forwarded-host")} - {None}
    if origin is not None and urlsplit(origin).netloc not in hosts:
        logger.info("staff page refused a change from another origin")
        raise GatewayError(FOREIGN_ORIGIN)


def page_staff(request: Request, state: State) -> Staff | None:
    with state.db.transaction() as conn:
        return lookup_staff(conn, request.cookies.get(COOKIE), page_device(request),
                            state.clock())


def require_page_staff(staff: Annotated[Staff | None, Depends(page_staff)]) -> Staff:
    if staff is None:
        raise GatewayError(STAFF_SESSION_EXPIRED)
    return staff


PageStaff = Annotated[Staff, Depends(require_page_staff)]


def page_idempotency(
    request: Request, state: State, staff: PageStaff,
    key: Annotated[str | None, Header(alias="Idempotency-Key", description="Required: one per "
                                      "click, reused on a retry.")] = None,
) -> Idempotency:
    same_origin(request)
    if key is None or not KEY_PATTERN.fullmatch(key):
        raise GatewayError(IDEMPOTENCY_KEY_REQUIRED)
    # Keyed per staff session: a key of one member never replays another's answer.
    return Idempotency(state=state, device=page_device(request), key=key,
                       fingerprint=fingerprint(request.method, request.url.path, "", b"",
                                               staff.session_id))


PageIdempotent = Annotated[Idempotency, Depends(page_idempotency)]


def _template(name: str) -> Template:
    return Template((_STATIC / name).read_text(encoding="utf-8"))


@router.get(
    "",
    response_class=HTMLResponse,
    summary="The staff help page: the sign-in form, or with a session the live request list",
    description="Without a staff session (cookie) this is only the sign-in form; the list and "
    "its data are served to a signed-in staff member only.",
    responses=responses(INTERNAL_ERROR),
)
def page(staff: Annotated[Staff | None, Depends(page_staff)]) -> HTMLResponse:
    if staff is None:
        return HTMLResponse(_template("signin.html").substitute())
    return HTMLResponse(_template("requests.html").substitute(name=html.escape(staff.name)))


@router.post(
    "/session",
    status_code=201,
    response_model=CurrentSession,
    summary="Sign in on the staff page (staff number and password; sets the session cookie)",
    description="The same accounts and attempt limit as `POST /api/v1/staff/sessions`; the "
    "session token travels only in an `HttpOnly`, `Secure`, `SameSite=Strict` cookie.",
    responses=responses(BAD_CREDENTIALS, TOO_MANY_ATTEMPTS, FOREIGN_ORIGIN, INVALID_REQUEST,
                        INTERNAL_ERROR),
)
def page_sign_in(body: SignInRequest, request: Request, response: Response,
                 state: State) -> CurrentSession:
    same_origin(request)
    token, staff = sign_in(state.db, body.staff_no, body.password, PAGE_DEVICE, state.clock(),
                           source=sign_in_source(request, state.settings.trusted_proxies))
    response.set_cookie(COOKIE, token, max_age=MAX_S, path="/", secure=True,
                        httponly=True, samesite="strict")
    return CurrentSession(staff=staff.member(), expires_at=iso_utc(staff.expires_at))


@router.delete(
    "/session",
    status_code=204,
    summary="Sign out of the staff page (the session ends at once)",
    responses=responses(FOREIGN_ORIGIN, *_PAGE_STAFF_ERRORS),
)
def page_sign_out(request: Request, state: State, staff: PageStaff) -> Response:
    same_origin(request)
    with state.db.transaction() as conn:
        end_session(conn, staff.session_id, state.clock())
    response = Response(status_code=204)
    response.delete_cookie(COOKIE, path="/", secure=True, httponly=True, samesite="strict")
    return response


@router.get(
    "/requests",
    response_model=HelpRequests,
    summary="The help requests under way, for the page (staff session cookie)",
    responses=responses(*_PAGE_STAFF_ERRORS),
)
def page_requests(state: State, _staff: PageStaff) -> HelpRequests:
    with state.db.transaction() as conn:
        return help_requests.listing(conn, help_requests.ACTIVE, 100, state.clock(),
                                     state.settings.help_overdue_s)


_CHANGE_ERRORS = (UNKNOWN_HELP_REQUEST, HELP_REQUEST_CLOSED, FOREIGN_ORIGIN, *IDEMPOTENCY_ERRORS,
                  *_PAGE_STAFF_ERRORS)


@router.post(
    "/requests/{request_id}/acknowledge",
    response_model=HelpRequest,
    summary="Acknowledge a help request from the page (keyed)",
    responses=responses(HELP_REQUEST_TAKEN, *_CHANGE_ERRORS),
)
def page_acknowledge(request_id: RequestId, state: State, staff: PageStaff,
                     idem: PageIdempotent) -> Response:
    return help_requests.answer(idem, state, "acknowledge", request_id, staff.staff_no)


@router.post(
    "/requests/{request_id}/close",
    response_model=HelpRequest,
    summary="Close a help request from the page (keyed)",
    responses=responses(*_CHANGE_ERRORS),
)
def page_close(request_id: RequestId, state: State, staff: PageStaff,
               idem: PageIdempotent) -> Response:
    return help_requests.answer(idem, state, "close", request_id, staff.staff_no)


@router.get("/static/{name}", include_in_schema=False)
def asset(name: str) -> Response:
    return asset_response(_STATIC, _ASSETS, name)


def install(app: FastAPI) -> None:
    """Mount the page; every answer under it, errors and unknown paths included, carries
    the security headers."""
    app.include_router(router)
    secure_under(app, PREFIX)


def secure_under(app: FastAPI, prefix: str) -> None:
    """Every answer under ``prefix`` carries the staff pages' security headers."""

    @app.middleware("http")
    async def _page_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        if request.url.path == prefix or request.url.path.startswith(prefix + "/"):
            response.headers.update(HEADERS)
        return response
