"""Error codes of inpatient services (住院服务). Stable API like every other code.

A refusal that only the admissions office can resolve says so in its Chinese message
("请到住院处办理"), so the kiosk can show it as the next step as it stands.
"""

from __future__ import annotations

from gateway.core.errors import ErrorKind

ADMISSION_NOT_FOUND = ErrorKind(
    "admission_not_found",
    404,
    "This patient has no such admission; look the admissions up again.",
    "未找到该住院记录，请到住院处办理",
)
TOP_UP_NOT_ALLOWED = ErrorKind(
    "top_up_not_allowed",
    409,
    "Deposits are taken only while the patient is admitted (detail.reason says why not); "
    "ask at the admissions office.",
    "当前不能缴纳住院预交金，请到住院处办理",
)
BAD_DEPOSIT_AMOUNT = ErrorKind(
    "bad_deposit_amount",
    422,
    "A deposit is a whole number of yuan within the kiosk's limits (detail.min_fen, "
    "detail.max_fen); choose another amount.",
    "预交金金额不正确，请重新选择金额",
)
DEPOSIT_NOT_FOUND = ErrorKind(
    "deposit_not_found",
    404,
    "No such deposit order for this patient; start the top-up again.",
    "未找到该预交金订单，请重新办理",
)
DEPOSIT_EXPIRED = ErrorKind(
    "deposit_expired",
    410,
    "This deposit order was not paid in time; start the top-up again.",
    "预交金订单已过期，请重新办理",
)
DEPOSIT_ALREADY_PAID = ErrorKind(
    "deposit_already_paid",
    409,
    "This deposit order is already paid in; nothing more to do (its receipt stands).",
    "该笔预交金已缴纳，无需重复办理",
)
DISCHARGE_NOT_ALLOWED = ErrorKind(
    "discharge_not_allowed",
    409,
    "This admission cannot be settled at a kiosk (detail.reason says why: no discharge order "
    "yet, charges still pending, or already settled); go to the admissions office.",
    "当前不能自助出院结算，请到住院处办理",
)
DISCHARGE_PREVIEW_NOT_FOUND = ErrorKind(
    "discharge_preview_not_found",
    404,
    "No such discharge pre-settlement for this patient; pre-settle again.",
    "未找到出院预结算，请重新办理",
)
DISCHARGE_PREVIEW_EXPIRED = ErrorKind(
    "discharge_preview_expired",
    410,
    "The discharge pre-settlement expired; pre-settle again.",
    "出院预结算已过期，请重新办理",
)
DISCHARGE_CHANGED = ErrorKind(
    "discharge_changed",
    409,
    "Charges or deposits changed since the pre-settlement; pre-settle again.",
    "费用已发生变化，请重新预结算",
)
ALREADY_DISCHARGED = ErrorKind(
    "already_discharged",
    409,
    "This admission is already settled; nothing more to do (its receipt stands).",
    "该次住院已结算，无需重复办理",
)
DATE_OUTSIDE_STAY = ErrorKind(
    "date_outside_stay",
    422,
    "The date is not a day of this stay (detail.first, detail.last); choose a day in between.",
    "所选日期不在住院期间，请重新选择",
)
DISCHARGE_SETTLEMENT_NOT_FOUND = ErrorKind(
    "discharge_settlement_not_found",
    404,
    "No such discharge settlement for this patient; settle the discharge again or ask at the "
    "admissions office.",
    "未找到该出院结算，请重新办理或到住院处咨询",
)
INPATIENT_ERRORS = (
    ADMISSION_NOT_FOUND,
    TOP_UP_NOT_ALLOWED,
    BAD_DEPOSIT_AMOUNT,
    DEPOSIT_NOT_FOUND,
    DEPOSIT_EXPIRED,
    DEPOSIT_ALREADY_PAID,
    DISCHARGE_NOT_ALLOWED,
    DISCHARGE_PREVIEW_NOT_FOUND,
    DISCHARGE_PREVIEW_EXPIRED,
    DISCHARGE_CHANGED,
    ALREADY_DISCHARGED,
    DATE_OUTSIDE_STAY,
    DISCHARGE_SETTLEMENT_NOT_FOUND,
)
