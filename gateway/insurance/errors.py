"""What the insurance side and the e-bills can refuse, in the API's own words."""

from __future__ import annotations

from gateway.core.errors import ErrorKind
from gateway.insurance.interface import INSURANCE_UNAVAILABLE

INSURANCE_ALREADY_SETTLED = ErrorKind(
    "insurance_already_settled", 409,
    "Insurance has already settled this visit.", "医保已结算该次就诊",
)
INSURANCE_MESSAGE_REVERSED = ErrorKind(
    "insurance_message_reversed", 409,
    "This insurance transaction was reversed; please start payment again.",
    "该医保交易已冲正，请重新缴费",
)
INSURANCE_VISIT_NOT_FOUND = ErrorKind(
    "insurance_visit_not_found", 404,
    "The insurance platform has no such visit or settlement.", "医保平台无此就诊或结算记录",
)
INSURANCE_SPLIT_CHANGED = ErrorKind(
    "insurance_split_changed", 409,
    "The insurance share changed since the pre-settlement (e.g. the account balance); the "
    "payment is refunded, please start payment again.",
    "医保结算金额与预结算不符，已退款，请重新缴费",
)
INSURANCE_CARD_REQUIRED = ErrorKind(
    "insurance_card_required", 422,
    "Give either the insurance e-voucher or the social-security card, not both.",
    "请只提供医保电子凭证或社保卡中的一种",
)
EBILL_NOT_FOUND = ErrorKind(
    "ebill_not_found", 404, "No such electronic bill for this patient.", "未找到该电子票据",
)
EBILL_REVERSED = ErrorKind(
    "ebill_reversed", 409,
    "This electronic bill was reversed (已红冲) and cannot be printed as valid.",
    "该电子票据已红冲，不能作为有效票据打印",
)
EBILL_PRINT_LIMIT = ErrorKind(
    "ebill_print_limit", 409,
    "This electronic bill was printed as often as allowed; ask at a manual window.",
    "该电子票据打印次数已达上限，请到人工窗口办理",
)
EBILL_PRINT_NOT_COUNTED = ErrorKind(
    "ebill_print_not_counted", 409,
    "This print of the electronic bill was not counted. Count it first (POST …/prints) and "
    "ask for the document of the number it answered.",
    "该次打印未登记，请先登记打印再获取票据",
)

ALL_INSURANCE_KINDS = (
    INSURANCE_UNAVAILABLE, INSURANCE_ALREADY_SETTLED, INSURANCE_MESSAGE_REVERSED,
    INSURANCE_VISIT_NOT_FOUND, INSURANCE_SPLIT_CHANGED, INSURANCE_CARD_REQUIRED,
    EBILL_NOT_FOUND, EBILL_REVERSED, EBILL_PRINT_LIMIT, EBILL_PRINT_NOT_COUNTED,
)
