"""Error codes of help requests (叫工作人员). Stable API like every other code."""

from __future__ import annotations

from gateway.core.errors import ErrorKind

UNKNOWN_HELP_REQUEST = ErrorKind(
    "unknown_help_request", 404,
    "No such help request (a kiosk sees only its own); ask again if help is still needed.",
    "未找到该求助，如仍需帮助请重新呼叫工作人员",
)
HELP_REQUEST_ACTIVE = ErrorKind(
    "help_request_active", 409,
    "This terminal already has a help request under way; follow that one (detail.request_id).",
    "本机已呼叫工作人员，请稍候",
)
HELP_REQUEST_TAKEN = ErrorKind(
    "help_request_taken", 409,
    "Another staff member has already acknowledged this request; leave it to them or close it.",
    "已有其他工作人员响应该求助",
)
HELP_REQUEST_CLOSED = ErrorKind(
    "help_request_closed", 409,
    "This help request is already closed; nothing more to do.",
    "该求助已结束",
)
TOO_MANY_HELP_REQUESTS = ErrorKind(
    "too_many_help_requests", 429,
    "This device has too many help requests under way; close or cancel some first.",
    "本设备呼叫过多，请先处理已有的求助",
)
HELP_ERRORS = (UNKNOWN_HELP_REQUEST, HELP_REQUEST_ACTIVE, HELP_REQUEST_TAKEN,
               HELP_REQUEST_CLOSED, TOO_MANY_HELP_REQUESTS)
