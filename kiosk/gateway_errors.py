"""The kiosk's own words for each refusal the gateway can give.

The gateway's texts are a fallback only: what a patient reads, and what they should do next,
is decided here so that every gateway (reference or a hospital's own) reads the same.
"""

from __future__ import annotations

from kiosk.errors import (
    GO_TO_WINDOW,
    REFRESH_AND_SCAN,
    SCAN_AGAIN,
    GatewayBusy,
    GatewayRejected,
    Text,
)

_REGISTER_AT_WINDOW = Text(
    zh="请到人工窗口建档后再使用自助机。",
    en="Please register as a patient at a staffed window first.",
)
_CALL_STAFF = Text(
    zh="本机暂停服务，请到人工窗口办理，并告知工作人员。",
    en="This kiosk is out of service. Please go to a staffed window and tell the staff.",
)

_KNOWN: dict[str, tuple[Text, Text]] = {
    "expired_code": (
        Text(zh="电子健康卡二维码已过期。", en="This health card code has expired."),
        REFRESH_AND_SCAN,
    ),
    "unknown_code": (
        Text(zh="未找到对应的电子健康卡。", en="No health card matches this code."),
        GO_TO_WINDOW,
    ),
    "card_cancelled": (
        Text(zh="该电子健康卡已注销。", en="This health card has been cancelled."),
        GO_TO_WINDOW,
    ),
    "not_registered": (
        Text(zh="您尚未在本院建档。", en="You are not yet registered at this hospital."),
        _REGISTER_AT_WINDOW,
    ),
    "malformed_code": (
        Text(zh="无法识别此二维码。", en="This code could not be read as a health card code."),
        SCAN_AGAIN,
    ),
    "too_many_identify_attempts": (
        Text(zh="尝试次数过多，请稍后再试或到人工窗口。",
             en="Too many attempts. Please try again later or go to a staffed window."),
        GO_TO_WINDOW,
    ),
    "stronger_id_required": (
        Text(zh="就诊卡只能办理导诊、取药查询和签到。",
             en="A visit card opens guidance, pharmacy pickup status and check-in only."),
        Text(zh="办理本业务请出示电子健康卡二维码或身份证。",
             en="For this service, please show your health card code or ID card."),
    ),
    "unauthorized": (
        Text(zh="医院系统拒绝了本机的请求。", en="The hospital system did not accept this kiosk."),
        _CALL_STAFF,
    ),
}


_BUSY = (
    Text(zh="医院系统正忙，刚才的操作没有完成。", en="The hospital system is busy; that step was not done."),
    Text(zh="请稍等片刻再试一次。", en="Please wait a moment and try again."),
)


def busy() -> GatewayBusy:
    """A 503 ``gateway_busy``: the patient waits a moment and tries again (nothing changed)."""
    return GatewayBusy(*_BUSY)


def rejection_for(code: str, message_zh: str | None, message_en: str | None) -> GatewayRejected:
    if code in _KNOWN:
        message, next_step = _KNOWN[code]
    else:
        message = Text(
            zh=message_zh or "医院系统未能完成请求。",
            en=message_en or "The hospital system could not complete the request.",
        )
        next_step = GO_TO_WINDOW
    return GatewayRejected(message, next_step, code=code)
