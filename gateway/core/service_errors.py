"""Error codes of the registration, check-in and payment services (stable API).

Shown to patients as they are, so every message says what happens next.
"""

from __future__ import annotations

from gateway.core.errors import ErrorKind

DEPARTMENT_NOT_FOUND = ErrorKind(
    "department_not_found", 404, "No such department.", "未找到该科室"
)
SCHEDULE_NOT_FOUND = ErrorKind(
    "schedule_not_found", 404, "No such schedule.", "未找到该排班"
)
SLOT_NOT_FOUND = ErrorKind(
    "slot_not_found", 404, "No such time slot in this schedule.", "未找到该号源"
)
LOCK_NOT_FOUND = ErrorKind(
    "lock_not_found", 404, "No such slot hold for this patient.", "未找到锁号记录"
)
APPOINTMENT_NOT_FOUND = ErrorKind(
    "appointment_not_found", 404, "No such appointment for this patient.", "未找到该预约"
)
BILL_NOT_FOUND = ErrorKind(
    "bill_not_found", 404, "No such bill for this patient.", "未找到该缴费单"
)
PREVIEW_NOT_FOUND = ErrorKind(
    "preview_not_found", 404, "No such pre-settlement for this patient.", "未找到预结算记录"
)
PAYMENT_NOT_FOUND = ErrorKind(
    "payment_not_found", 404, "No such payment.", "未找到该支付订单"
)
SLOT_TAKEN = ErrorKind(
    "slot_taken", 409, "This time slot was just taken; please choose another.",
    "该号源已被占用，请选择其他时间",
)
ALREADY_REGISTERED = ErrorKind(
    "already_registered", 409,
    "You are already registered with this doctor for this session.",
    "您已挂过该医生本场次的号",
)
ALREADY_CHECKED_IN = ErrorKind(
    "already_checked_in", 409, "This appointment is already checked in.", "该预约已签到"
)
NOT_CHECKABLE = ErrorKind(
    "appointment_not_today", 409,
    "This appointment can only be checked in on its day, before the session ends.",
    "仅可在就诊当日、本场次结束前签到",
)
APPOINTMENT_CLOSED = ErrorKind(
    "appointment_closed", 409,
    "This appointment was cancelled or has expired; please ask at a manual window.",
    "该预约已取消或已过期，请到人工窗口咨询",
)
BILL_NOT_PAYABLE = ErrorKind(
    "bill_not_payable", 409, "This bill is already paid.", "该缴费单已缴费"
)
ALREADY_SETTLED = ErrorKind(
    "already_settled", 409, "This pre-settlement was already settled.", "该预结算已结算"
)
PAYMENT_CONSUMED = ErrorKind(
    "payment_consumed", 409,
    "This payment already paid for a registration or bills; refunds go through a manual window.",
    "该笔支付已用于挂号或缴费，如需退费请到人工窗口",
)
PAYMENT_NOT_USABLE = ErrorKind(
    "payment_not_usable", 409,
    "This payment is for another registration or bill, or was already used.",
    "该笔支付不属于本次业务或已被使用",
)
ALREADY_PAID = ErrorKind(
    "already_paid", 409, "This has already been paid.", "该业务已支付"
)
PAYMENT_NOT_PENDING = ErrorKind(
    "payment_not_pending", 409, "This payment is no longer waiting for confirmation.",
    "该支付订单已结束",
)
VOUCHER_MISMATCH = ErrorKind(
    "voucher_mismatch", 409, "This insurance code belongs to another person.",
    "医保电子凭证与就诊人不符",
)
PAYMENT_REQUIRED = ErrorKind(
    "payment_required", 402, "Payment has not been completed yet.", "尚未完成支付"
)
SCHEDULE_CLOSED = ErrorKind(
    "schedule_closed", 410,
    "This session is closed or the doctor is not available; please choose another.",
    "该场次已停诊或已结束，请选择其他场次",
)
LOCK_EXPIRED = ErrorKind(
    "lock_expired", 410, "The slot hold has ended; please choose the slot again.",
    "锁号已失效，请重新选择号源",
)
PREVIEW_EXPIRED = ErrorKind(
    "preview_expired", 410, "The pre-settlement has expired; please start payment again.",
    "预结算已失效，请重新缴费",
)
AMOUNT_MISMATCH = ErrorKind(
    "amount_mismatch", 422, "The amount does not match what is due.", "支付金额与应付金额不符"
)

ALL_SERVICE_KINDS = (
    DEPARTMENT_NOT_FOUND, SCHEDULE_NOT_FOUND, SLOT_NOT_FOUND, LOCK_NOT_FOUND,
    APPOINTMENT_NOT_FOUND, BILL_NOT_FOUND, PREVIEW_NOT_FOUND, PAYMENT_NOT_FOUND, SLOT_TAKEN,
    ALREADY_REGISTERED, ALREADY_CHECKED_IN, NOT_CHECKABLE, APPOINTMENT_CLOSED,
    BILL_NOT_PAYABLE, ALREADY_SETTLED, PAYMENT_CONSUMED, PAYMENT_NOT_USABLE, ALREADY_PAID,
    PAYMENT_NOT_PENDING, VOUCHER_MISMATCH, PAYMENT_REQUIRED, SCHEDULE_CLOSED, LOCK_EXPIRED,
    PREVIEW_EXPIRED, AMOUNT_MISMATCH,
)
