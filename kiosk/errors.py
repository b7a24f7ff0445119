"""One error route for the whole kiosk.

Every failure a patient or staff member can meet is a :class:`KioskError` carrying a
bilingual message that is safe to show (no personal data) and the next step to take.
Anything else that escapes is a bug: it is logged without personal data and the kiosk
returns to a clean home screen.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    """A user-facing string in Chinese (shown first) and English."""

    zh: str
    en: str

    @classmethod
    def same(cls, value: object) -> Text:
        """Words that read alike in both languages: a number, a code, a name."""
        text = "" if value is None else str(value)
        return cls(text, text)

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.zh

    def format(self, **values: object) -> Text:
        """Fill both templates; a bilingual value goes in each language's own words."""

        def pick(value: object, language: str) -> object:
            return value.get(language) if isinstance(value, Text) else value

        return Text(
            self.zh.format(**{k: pick(v, "zh") for k, v in values.items()}),
            self.en.format(**{k: pick(v, "en") for k, v in values.items()}),
        )


GO_TO_WINDOW = Text(
    zh="请到人工窗口办理，工作人员会帮助您。",
    en="Please go to a staffed service window for help.",
)
SCAN_AGAIN = Text(
    zh="请重新出示电子健康卡二维码。",
    en="Please show your health code again.",
)
REFRESH_AND_SCAN = Text(
    zh="请在手机上刷新二维码后重新扫描。",
    en="Please refresh the code on your phone and scan again.",
)
TRY_AGAIN_LATER = Text(
    zh="请稍后再试，或到人工窗口办理。",
    en="Please try again in a moment, or go to a staffed window.",
)


class KioskError(Exception):
    """A failure with a message safe to show and the next step for the user.

    ``code`` is a stable machine-readable identifier (also used in logs and tests);
    ``message`` says what happened; ``next_step`` says what to do now.
    """

    code: str = "error"
    message: Text = Text(zh="出现了一个问题。", en="Something went wrong.")
    next_step: Text = GO_TO_WINDOW

    def __init__(
        self,
        message: Text | None = None,
        next_step: Text | None = None,
        *,
        code: str | None = None,
    ) -> None:
        if message is not None:
            self.message = message
        if next_step is not None:
            self.next_step = next_step
        if code is not None:
            self.code = code
        super().__init__(f"{self.code}: {self.message.en}")


class ConfigError(KioskError):
    """The configuration is invalid; raised at start-up, never mid-session."""

    code = "config_invalid"
    message = Text(zh="设备配置有误。", en="The kiosk configuration is invalid.")


class CredentialError(KioskError):
    """The device token cannot be read from the system keyring."""

    code = "credential_unavailable"
    message = Text(
        zh="本机无法读取设备凭据。",
        en="This kiosk cannot read its device credential.",
    )


class DeviceError(KioskError):
    """A scanner, camera or printer is missing or failed."""

    code = "device_error"
    message = Text(zh="设备暂时无法使用。", en="A device is not available.")


class GatewayUnavailable(KioskError):
    """The hospital system could not be reached (refused, timed out, or answered 5xx)."""

    code = "gateway_unavailable"
    message = Text(
        zh="暂时无法连接医院系统。",
        en="The hospital system cannot be reached right now.",
    )
    next_step = TRY_AGAIN_LATER


class GatewayBusy(GatewayUnavailable):
    """The hospital system answered 503 ``gateway_busy``: reachable, too busy to take this
    request now, nothing changed. Still an outage to the retry rules, so a state change is
    repeated with its own idempotency key; the words are :mod:`kiosk.gateway_errors`'."""

    code = "gateway_busy"


class GatewayMalformed(GatewayUnavailable):
    """The hospital system answered, but not in the shape the contract promises (a field
    missing or of the wrong kind). Like an outage, it says nothing about whether a change
    happened: a commit is retried with its key, never refunded on this."""

    code = "gateway_malformed"
    message = Text(
        zh="医院系统返回的信息无法识别。",
        en="The hospital system sent an answer this kiosk cannot read.",
    )


class GatewayRejected(KioskError):
    """The hospital system answered with a typed refusal (``code`` is the gateway's).

    ``detail`` is the structured context a few refusals carry, e.g. the existing queue data
    of ``already_checked_in``; it holds no personal data. ``status`` is the HTTP status
    (the outbox tells "not now" from "never" by it).
    """

    code = "gateway_rejected"
    detail: dict | None = None
    status: int | None = None
