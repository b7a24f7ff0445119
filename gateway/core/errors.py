"""The error envelope and the stable error codes of the Kiosk Gateway API.

Every 4xx/5xx answer has the same body so a kiosk needs one error route:
``{"error": {"code": ..., "message": ..., "message_zh": ...}}``. Codes are stable API;
messages may be reworded. Chinese texts reuse the wording of the health-card platforms
so staff recognise them.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from gateway.core.page_errors import is_page, page_response

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ErrorKind:
    code: str
    status: int
    message: str
    message_zh: str


MALFORMED_CODE = ErrorKind("malformed_code", 400, "The scanned code is not valid.", "二维码错误")
UNKNOWN_CODE = ErrorKind("unknown_code", 404, "No health card matches this code.", "健康卡不存在")
UNKNOWN_PATIENT = ErrorKind(
    "unknown_code", 404, "No patient matches this number.", "未找到该患者的就诊信息"
)
EXPIRED_CODE = ErrorKind(
    "expired_code", 410, "The code has expired; refresh it and scan again.", "有效时间已过期"
)
CARD_CANCELLED = ErrorKind("card_cancelled", 403, "This health card was cancelled.", "该卡已注销")
NOT_REGISTERED = ErrorKind(
    "not_registered",
    404,
    "The card is valid but the resident has no record at this hospital.",
    "该居民未注册",
)
NOT_INSURED = ErrorKind(
    "not_insured", 409, "This patient has no medical insurance.", "该患者未参加医保"
)
UNAUTHORIZED = ErrorKind(
    "unauthorized", 401, "Missing or unknown device token.", "设备未授权"
)
INVALID_REQUEST = ErrorKind(
    "invalid_request", 422, "The request body or parameters are invalid.", "请求参数错误"
)
NOT_FOUND = ErrorKind("not_found", 404, "No such resource.", "资源不存在")
METHOD_NOT_ALLOWED = ErrorKind(
    "method_not_allowed", 405, "Method not allowed on this resource.", "不支持的请求方法"
)
TOO_MANY_IDENTIFY_ATTEMPTS = ErrorKind(
    "too_many_identify_attempts",
    429,
    "Too many attempts on this kiosk; please try again later or go to a staffed window.",
    "尝试次数过多，请稍后再试或到人工窗口",
)
PAYLOAD_TOO_LARGE = ErrorKind(
    "payload_too_large", 413, "The request body is too large.", "请求内容过大"
)
INTERNAL_ERROR = ErrorKind(
    "internal_error", 500, "Internal gateway error.", "系统内部错误，请到人工窗口办理"
)
GATEWAY_BUSY = ErrorKind(
    "gateway_busy", 503, "The gateway is busy; nothing was changed, try again shortly.",
    "系统繁忙，请稍后重试",
)
# Seconds a client waits before repeating a request refused as busy (its Retry-After).
BUSY_RETRY_AFTER_S = 1

ALL_KINDS = (
    MALFORMED_CODE,
    UNKNOWN_CODE,
    EXPIRED_CODE,
    CARD_CANCELLED,
    NOT_REGISTERED,
    NOT_INSURED,
    UNAUTHORIZED,
    INVALID_REQUEST,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    TOO_MANY_IDENTIFY_ATTEMPTS,
    PAYLOAD_TOO_LARGE,
    INTERNAL_ERROR,
    GATEWAY_BUSY,
)


class GatewayError(Exception):
    """A typed failure that becomes the error envelope; never carries request data."""

    def __init__(self, kind: ErrorKind, detail: dict | None = None) -> None:
        super().__init__(kind.code)
        self.kind = kind
        # Safe, structured context for the kiosk (e.g. the existing queue data of an
        # already_checked_in); never request data or personal details.
        self.detail = detail


class ErrorBody(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. `expired_code`.")
    message: str = Field(description="English text, safe to show.")
    message_zh: str = Field(description="Chinese text, safe to show to the patient.")
    detail: dict | None = Field(
        default=None, description="Only some codes: structured context (absent otherwise)."
    )


class ErrorEnvelope(BaseModel):
    error: ErrorBody


def error_response(
    kind: ErrorKind, headers: dict[str, str] | None = None, detail: dict | None = None
) -> JSONResponse:
    body = ErrorEnvelope(
        error=ErrorBody(
            code=kind.code, message=kind.message, message_zh=kind.message_zh, detail=detail
        )
    )
    if kind is UNAUTHORIZED:
        headers = {"WWW-Authenticate": "Bearer", **(headers or {})}
    return JSONResponse(
        body.model_dump(exclude_none=True), status_code=kind.status, headers=headers
    )


def _by_status(kinds: tuple[ErrorKind, ...]) -> list[tuple[int, str]]:
    """(status, "Phrase: `code`, `code`") for each status the kinds answer with."""
    by_status: dict[int, list[str]] = {}
    for kind in kinds:
        by_status.setdefault(kind.status, []).append(kind.code)
    return [(status, f"{HTTPStatus(status).phrase}: " + ", ".join(f"`{c}`" for c in codes))
            for status, codes in sorted(by_status.items())]


_RETRY_AFTER = {
    "description": "Seconds to wait before repeating the request (with the same Idempotency-Key, "
                   "if it had one).",
    "schema": {"type": "integer", "minimum": 1},
}


def _with_busy(kinds: tuple[ErrorKind, ...]) -> tuple[ErrorKind, ...]:
    # Any operation may meet a database busy past its timeout, so each one documents it.
    return kinds if GATEWAY_BUSY in kinds else (*kinds, GATEWAY_BUSY)


def _headers(status: int) -> dict:
    return {"headers": {"Retry-After": _RETRY_AFTER}} if status == GATEWAY_BUSY.status else {}


def responses(*kinds: ErrorKind) -> dict[int | str, dict]:
    """OpenAPI ``responses=`` entries for the given error kinds (grouped by status), with
    ``gateway_busy`` (503, Retry-After) that every operation may answer."""
    return {status: {"model": ErrorEnvelope, "description": text, **_headers(status)}
            for status, text in _by_status(_with_busy(kinds))}


def page_responses(*kinds: ErrorKind) -> dict[int | str, dict]:
    """The same for a page people read (``text/html``): each refusal is an HTML page."""
    return {status: {"description": f"{text} (an HTML page)",
                     "content": {"text/html": {"schema": {"type": "string"}}}, **_headers(status)}
            for status, text in _by_status(_with_busy(kinds))}


# A body that is not even JSON is reported like any other invalid body.
_HTTP_KINDS = {
    400: INVALID_REQUEST,
    401: UNAUTHORIZED,
    404: NOT_FOUND,
    405: METHOD_NOT_ALLOWED,
    422: INVALID_REQUEST,
}


def _refusal(request: Request, kind: ErrorKind, headers: dict[str, str] | None = None,
             detail: dict | None = None) -> Response:
    """The envelope, or for a page people read (text/html) the same refusal as a page."""
    if is_page(request):
        return page_response(kind, headers)
    return error_response(kind, headers=headers, detail=detail)


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(GatewayError)
    async def _on_gateway_error(request: Request, exc: GatewayError) -> Response:
        return _refusal(request, exc.kind, detail=exc.detail)

    @app.exception_handler(RequestValidationError)
    async def _on_validation_error(request: Request, exc: RequestValidationError) -> Response:
        # Only field locations are logged: pydantic's messages can quote the input (a scan).
        logger.info("invalid request at %s", [tuple(e.get("loc", ())) for e in exc.errors()])
        return _refusal(request, INVALID_REQUEST)

    @app.exception_handler(StarletteHTTPException)
    async def _on_http_error(request: Request, exc: StarletteHTTPException) -> Response:
        kind = _HTTP_KINDS.get(exc.status_code)
        if kind is None:
            kind = ErrorKind(
                "http_" + str(exc.status_code),
                exc.status_code,
                HTTPStatus(exc.status_code).phrase,
                "请求失败",
            )
        return _refusal(request, kind, headers=getattr(exc, "headers", None))

    # SQLite's errors are answered inside the application (the route's own layer), so a
    # busy database is a 503 and not an exception the server logs; anything raised in a
    # middleware reaches the catch-all below, which answers the same.
    app.add_exception_handler(sqlite3.OperationalError, _on_unexpected)
    app.add_exception_handler(Exception, _on_unexpected)


async def _on_unexpected(request: Request, exc: Exception) -> Response:
    if is_busy(exc):
        # A writer waited past SQLite's busy timeout: the load, not a fault. Its
        # transaction was rolled back, so the same request (and key) can simply repeat.
        logger.warning("database busy past its timeout; answered %s", GATEWAY_BUSY.code)
        return _refusal(request, GATEWAY_BUSY,
                        headers={"Retry-After": str(BUSY_RETRY_AFTER_S)})
    logger.error("unexpected %s", type(exc).__name__, exc_info=exc)
    return _refusal(request, INTERNAL_ERROR)


def is_busy(exc: BaseException) -> bool:
    """SQLite gave up waiting for another connection's lock (``database is locked``)."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "database is locked" in str(exc)
