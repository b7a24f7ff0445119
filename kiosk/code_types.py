"""The value types of code classification: kinds, configurable patterns, a classified
code, and the reasons a code is rejected (each with words a patient can act on).

Split from :mod:`kiosk.codes`, which holds the rules and re-exports everything here.
"""

from __future__ import annotations

import datetime
import enum
import functools
import re
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from kiosk.errors import REFRESH_AND_SCAN, SCAN_AGAIN, KioskError, Text

# Next steps specific to identity codes. They live here rather than in kiosk.errors because
# only rejected codes lead to them.
SHOW_IDENTITY = Text(
    zh="请出示电子健康卡二维码、身份证号码或就诊卡。",
    en="Please show your electronic health card, ID card number or visit card.",
)
# Said after a scan as well as after typing: it asks to try again, not to "re-enter".
CHECK_ID_NUMBER = Text(
    zh="请核对身份证号码后再试一次，或到人工窗口办理。",
    en="Please check the ID card number and try again, or go to a staffed window.",
)


class CodeKind(enum.StrEnum):
    EHC_STATIC = "ehc_static"
    EHC_DYNAMIC = "ehc_dynamic"
    ID_NUMBER = "id_number"
    ID_NUMBER_LEGACY = "id_number_legacy"
    INSURANCE_VOUCHER = "insurance_voucher"
    VISIT_CARD = "visit_card"
    INPATIENT_NO = "inpatient_no"  # 住院号 on the wristband of a patient in hospital
    RECEIPT = "receipt"
    SPECIMEN = "specimen"
    # A wallet's payment code (kiosk.payment_code): worth money, never an identity.
    PAYMENT_CODE = "payment_code"
    # A shape the kiosk does not know, passed to the gateway's health-card platform
    # (CodePatterns.pass_unknown_codes): provincial encrypted codes.
    EHC_PLATFORM = "ehc_platform"

    @property
    def identifies_patient(self) -> bool:
        """Whether this code can start a session (receipts and specimens only name a bill
        or a sample, so accepting them as identity would let anyone holding paper act for
        the patient; a payment code is money)."""
        return self not in (CodeKind.RECEIPT, CodeKind.SPECIMEN, CodeKind.PAYMENT_CODE)


def _check_regex(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"{field} is not a valid regular expression: {exc}") from None
    return value


class CodePatterns(BaseModel):
    """Hospital-specific barcode formats; each pattern must match the whole code.

    Patterns are matched against the normalised text with ASCII semantics (``\\d`` is 0-9),
    so full-width or other-script digits never pass as a barcode. ``None`` disables a kind.
    Do not configure a pattern that accepts 18-digit numbers: an 18-character ID-shaped
    code is always judged as an ID number first.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    visit_card: str | None = Field(
        r"^\d{10}$", description="Regular expression for the hospital visit card (patient ID)."
    )
    inpatient_no: str | None = Field(
        r"^ZY\d{8}$",
        description="Regular expression for the inpatient number (住院号) on a wristband.",
    )
    receipt: str | None = Field(
        r"^R\d{11}$", description="Regular expression for payment receipt barcodes."
    )
    specimen: str | None = Field(
        r"^\d{12}$", description="Regular expression for lab specimen barcodes."
    )
    insurance_voucher: str | None = Field(
        r"^NHSA[0-9A-F]{32}$",
        description=(
            "Regular expression for the medical-insurance electronic voucher as the insurance "
            "SDK's scanner hands it over (the default is the reference gateway's demo format)."
        ),
    )
    max_length: int = Field(
        512, ge=16, le=4096, description="Longest text accepted from a scanner, in characters."
    )
    pass_unknown_codes: bool = Field(
        False,
        description="Send codes of a shape the kiosk does not recognise to identify (the "
        "gateway's platform may read them: provincial encrypted codes) instead of refusing them "
        "here. Match the gateway's platform pass_unknown_codes.",
    )
    pass_unknown_max_length: int = Field(
        256, ge=16, le=512, description="Longest unrecognised code passed on, in characters."
    )

    @field_validator("visit_card", "inpatient_no", "receipt", "specimen", "insurance_voucher")
    @classmethod
    def _compiles(cls, value: str | None, info: ValidationInfo) -> str | None:
        return _check_regex(value, info.field_name or "pattern")

    def ordered(self) -> tuple[tuple[CodeKind, str], ...]:
        """The enabled patterns in matching order (first match wins)."""
        pairs = (
            (CodeKind.INSURANCE_VOUCHER, self.insurance_voucher),
            (CodeKind.VISIT_CARD, self.visit_card),
            (CodeKind.INPATIENT_NO, self.inpatient_no),
            (CodeKind.RECEIPT, self.receipt),
            (CodeKind.SPECIMEN, self.specimen),
        )
        return tuple((kind, p) for kind, p in pairs if p is not None)


@functools.lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.ASCII)


@dataclass(frozen=True)
class ScanCode:
    """One classified code.

    ``text`` is the normalised code, the value to send to the gateway. The repr shows only
    the kind and length, because codes identify a person and reprs end up in tracebacks.
    """

    kind: CodeKind
    text: str
    health_card_id: str | None = None
    token: str | None = None
    org_code: str | None = None
    birth_date: datetime.date | None = None

    def __repr__(self) -> str:
        return f"ScanCode(kind={self.kind.value}, len={len(self.text)})"

    __str__ = __repr__


class RejectReason(enum.StrEnum):
    EMPTY = "empty"
    TOO_LONG = "too_long"
    CONTROL_CHARS = "control_chars"
    EHC_BAD_CARD_ID = "ehc_bad_card_id"
    EHC_BAD_TYPE = "ehc_bad_type"
    EHC_BAD_TOKEN = "ehc_bad_token"
    EHC_BAD_ORG_CODE = "ehc_bad_org_code"
    ID_BAD_LENGTH = "id_bad_length"
    ID_BAD_CHECKSUM = "id_bad_checksum"
    ID_BAD_DATE = "id_bad_date"
    ID_BAD_REGION = "id_bad_region"
    NOT_AN_IDENTITY = "not_an_identity"
    PAYMENT_CODE = "payment_code"
    UNKNOWN = "unknown"

    @property
    def message(self) -> Text:
        return _MESSAGES[self][0]

    @property
    def next_step(self) -> Text:
        return _MESSAGES[self][1]


_MESSAGES: dict[RejectReason, tuple[Text, Text]] = {
    RejectReason.EMPTY: (
        Text(zh="没有读到内容。", en="Nothing was read."),
        SCAN_AGAIN,
    ),
    RejectReason.TOO_LONG: (
        Text(
            zh="读到的内容过长，不是可识别的二维码。", en="The code read is too long to be valid."
        ),
        SCAN_AGAIN,
    ),
    RejectReason.CONTROL_CHARS: (
        Text(zh="读到的内容不完整或有乱码。", en="The code was read incompletely or garbled."),
        SCAN_AGAIN,
    ),
    RejectReason.EHC_BAD_CARD_ID: (
        Text(
            zh="电子健康卡二维码错误：卡号无法识别。",
            en="Health code error: the card number is unreadable.",
        ),
        SCAN_AGAIN,
    ),
    RejectReason.EHC_BAD_TYPE: (
        Text(
            zh="电子健康卡二维码错误：码类型无法识别。",
            en="Health code error: the code type is unreadable.",
        ),
        SCAN_AGAIN,
    ),
    RejectReason.EHC_BAD_TOKEN: (
        Text(
            zh="电子健康卡二维码错误：动态码无效。",
            en="Health code error: the dynamic part is invalid.",
        ),
        REFRESH_AND_SCAN,
    ),
    RejectReason.EHC_BAD_ORG_CODE: (
        Text(
            zh="电子健康卡二维码错误：发卡机构代码无效。",
            en="Health code error: the issuer code is invalid.",
        ),
        SCAN_AGAIN,
    ),
    RejectReason.ID_BAD_LENGTH: (
        Text(
            zh="身份证号码位数不对（应为18位）。",
            en="The ID card number has the wrong number of digits (18 expected).",
        ),
        CHECK_ID_NUMBER,
    ),
    RejectReason.ID_BAD_CHECKSUM: (
        Text(
            zh="身份证号码校验不通过，可能有数字输错。",
            en="The ID card number does not check out; a digit may be wrong.",
        ),
        CHECK_ID_NUMBER,
    ),
    RejectReason.ID_BAD_DATE: (
        Text(
            zh="身份证号码中的出生日期不正确。",
            en="The birth date in the ID card number is not valid.",
        ),
        CHECK_ID_NUMBER,
    ),
    RejectReason.ID_BAD_REGION: (
        Text(
            zh="身份证号码中的地区代码不正确。",
            en="The region code in the ID card number is not valid.",
        ),
        CHECK_ID_NUMBER,
    ),
    RejectReason.NOT_AN_IDENTITY: (
        Text(
            zh="这是缴费单或标本条码，不能用来识别就诊人。",
            en="This is a receipt or specimen barcode; it cannot identify a patient.",
        ),
        SHOW_IDENTITY,
    ),
    RejectReason.PAYMENT_CODE: (
        Text(zh="这是付款码，请出示电子健康卡。", en="This is a payment code; please show your health card."),
        Text(
            zh="请出示电子健康卡二维码；如输入的是身份证号码，请核对后再试。",
            en="Please show your electronic health card QR code; if you typed an ID card number, "
            "check it and try again.",
        ),
    ),
    RejectReason.UNKNOWN: (
        Text(zh="这不是电子健康卡二维码，本机无法识别。", en="This is not an electronic health card code."),
        SHOW_IDENTITY,
    ),
}


class CodeRejected(KioskError):
    """A code was refused; ``reason`` says why. The scanned text is never part of it."""

    code = "code_rejected"

    def __init__(self, reason: RejectReason) -> None:
        self.reason = reason
        super().__init__(reason.message, reason.next_step)

    def __str__(self) -> str:
        return f"{self.code}[{self.reason.value}]: {self.message.en}"

    def __reduce__(self) -> tuple[type[CodeRejected], tuple[RejectReason]]:
        # The default would call __init__ with the formatted message instead of the reason.
        return (type(self), (self.reason,))
