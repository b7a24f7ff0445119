"""Error codes of the patient's records: reprints and cancellation (stable API)."""

from __future__ import annotations

from gateway.core.errors import ErrorKind

RECEIPT_NOT_FOUND = ErrorKind(
    "receipt_not_found", 404, "No such receipt for this patient.", "未找到该单据",
)
REPRINT_LIMIT_REACHED = ErrorKind(
    "reprint_limit_reached", 409,
    "This slip was reprinted as often as the hospital allows; a staffed window can print it.",
    "该凭条补打次数已用完，请到人工窗口打印",
)
NOT_CANCELLABLE = ErrorKind(
    "not_cancellable", 409,
    "This appointment can no longer be cancelled here (checked in, or its session has begun); "
    "please ask at a staffed window.",
    "该预约已签到或已开诊，无法在自助机取消，请到人工窗口办理",
)
ALREADY_CANCELLED = ErrorKind(
    "already_cancelled", 409,
    "This appointment is already cancelled; its refund was made once and is on its way.",
    "该预约已取消，退款已原路退回，无需重复操作",
)
