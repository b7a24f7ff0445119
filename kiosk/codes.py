"""Classify and validate every scanned or typed code before anything else sees it.

A scan source hands over raw text; :func:`classify` decides what it is (electronic health
card, resident ID number, insurance voucher, visit card, receipt, specimen barcode) or raises
:class:`CodeRejected` with a reason the patient can act on. Nothing here resolves a code: an
electronic health card is always resolved online by the gateway, because some platforms
issue codes whose contents must not be trusted locally.

Precedence (first rule that claims the text decides, see :func:`classify`):

1. Hygiene: empty, too long, control characters.
2. Electronic health card shape: contains ``:`` and the first field is 64 characters long
   (or is hex followed by a ``0``/``1`` type field). From here on only EHC reasons apply.
3. 18-character resident ID shape (17 digits + digit or X): always an ID decision. A bad
   check character, date or region is reported as such even if a configured pattern would
   also match, because a mistyped ID number silently accepted as a visit card would identify
   the wrong patient.
4. 15-digit legacy ID numbers that are valid (19YYMMDD date, real province).
5. Configured patterns, in order: insurance voucher, visit card, receipt, specimen.
6. A 15-digit number no pattern claimed: reported with its legacy-ID reason.
7. An ID-like run of digits of the wrong length: ID_BAD_LENGTH.
8. Anything else: UNKNOWN.
"""

from __future__ import annotations

import datetime
import enum
import functools
import re
import unicodedata
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumValidationError

from kiosk.errors import REFRESH_AND_SCAN, SCAN_AGAIN, KioskError, Text

# Next steps specific to identity codes. They live here rather than in kiosk.errors because
# only rejected codes lead to them.
SHOW_IDENTITY = Text(
    zh="请出示电子健康卡二维码、身份证号码或就诊卡。",
    en="Please show your electronic health card, ID card number or visit card.",
)
CHECK_ID_NUMBER = Text(
    zh="请核对身份证号码后重新输入，或到人工窗口办理。",
    en="Please check the ID card number and enter it again, or go to a staffed window.",
)


class CodeKind(enum.StrEnum):
    EHC_STATIC = "ehc_static"
    EHC_DYNAMIC = "ehc_dynamic"
    ID_NUMBER = "id_number"
    ID_NUMBER_LEGACY = "id_number_legacy"
    INSURANCE_VOUCHER = "insurance_voucher"
    VISIT_CARD = "visit_card"
    RECEIPT = "receipt"
    SPECIMEN = "specimen"

    @property
    def identifies_patient(self) -> bool:
        """Whether this code can start a session (receipts and specimens only name a bill
        or a sample, so accepting them as identity would let anyone holding paper act for
        the patient)."""
        return self not in (CodeKind.RECEIPT, CodeKind.SPECIMEN)


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

    @field_validator("visit_card", "receipt", "specimen", "insurance_voucher")
    @classmethod
    def _compiles(cls, value: str | None, info: ValidationInfo) -> str | None:
        return _check_regex(value, info.field_name or "pattern")

    def ordered(self) -> tuple[tuple[CodeKind, str], ...]:
        """The enabled patterns in matching order (first match wins)."""
        pairs = (
            (CodeKind.INSURANCE_VOUCHER, self.insurance_voucher),
            (CodeKind.VISIT_CARD, self.visit_card),
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
    RejectReason.UNKNOWN: (
        Text(zh="这不是健康码，本机无法识别。", en="This code is not a health code."),
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


# --- normalisation ---------------------------------------------------------------------

# NUL and BOM are what wedge scanners and some serial scanners put around a read, besides
# whitespace and line endings.
_EDGE_EXTRAS = "\x00\ufeff"
_BAD_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})


def _trim(text: str) -> str:
    while True:
        trimmed = text.strip().strip(_EDGE_EXTRAS)
        if trimmed == text:
            return trimmed
        text = trimmed


def _normalise(text: str, max_length: int) -> str:
    # Bound the work before NFKC, which can expand a string many times over.
    if len(text) > 4 * max_length + 64:
        raise CodeRejected(RejectReason.TOO_LONG)
    # NFKC folds full-width digits, letters and colons typed on a Chinese keyboard.
    text = _trim(unicodedata.normalize("NFKC", _trim(text)))
    if not text:
        raise CodeRejected(RejectReason.EMPTY)
    if len(text) > max_length:
        raise CodeRejected(RejectReason.TOO_LONG)
    if any(unicodedata.category(ch) in _BAD_CATEGORIES for ch in text):
        raise CodeRejected(RejectReason.CONTROL_CHARS)
    return text


# --- electronic health card --------------------------------------------------------------

_HEX = re.compile(r"[0-9A-Fa-f]+", re.ASCII)
_ORG = re.compile(r"[0-9A-Za-z]{1,32}", re.ASCII)
_CARD_ID_LEN = 64
_TOKEN_LEN = 32


def _is_hex(s: str, length: int) -> bool:
    return len(s) == length and _HEX.fullmatch(s) is not None


def _looks_like_ehc(text: str) -> bool:
    if ":" not in text:
        return False
    fields = text.split(":")
    if len(fields[0]) == _CARD_ID_LEN:
        return True
    # A hex card id of the wrong length followed by a type field is a damaged health code
    # (a partial read), which deserves a health-code message rather than UNKNOWN.
    return (
        len(fields[0]) >= 16 and _HEX.fullmatch(fields[0]) is not None and fields[1] in {"0", "1"}
    )


def _classify_ehc(text: str) -> ScanCode:
    body, sep, org = text.partition("::")
    if sep and _ORG.fullmatch(org) is None:
        raise CodeRejected(RejectReason.EHC_BAD_ORG_CODE)
    fields = body.split(":")
    card_id = fields[0]
    if not _is_hex(card_id, _CARD_ID_LEN):
        raise CodeRejected(RejectReason.EHC_BAD_CARD_ID)
    if len(fields) < 2 or fields[1] not in {"0", "1"}:
        raise CodeRejected(RejectReason.EHC_BAD_TYPE)
    card_id = card_id.upper()
    if fields[1] == "1":
        if len(fields) != 2:  # a static code carries no token
            raise CodeRejected(RejectReason.EHC_BAD_TOKEN)
        kind, token = CodeKind.EHC_STATIC, None
        normalised = f"{card_id}:1"
    else:
        if len(fields) != 3 or not _is_hex(fields[2], _TOKEN_LEN):
            raise CodeRejected(RejectReason.EHC_BAD_TOKEN)
        kind, token = CodeKind.EHC_DYNAMIC, fields[2].upper()
        normalised = f"{card_id}:0:{token}"
    org_code = org if sep else None
    if org_code is not None:
        normalised = f"{normalised}::{org_code}"
    return ScanCode(
        kind=kind, text=normalised, health_card_id=card_id, token=token, org_code=org_code
    )


# --- resident ID numbers -----------------------------------------------------------------

_ID18 = re.compile(r"[0-9]{17}[0-9Xx]", re.ASCII)
_ID15 = re.compile(r"[0-9]{15}", re.ASCII)
# Digits (maybe ending in X) near ID length: a mistyped ID number rather than some barcode.
_ID_LIKE = re.compile(r"[0-9]{14,19}[0-9Xx]?", re.ASCII)
# Oldest plausible birth year for a living holder; earlier dates are typos.
_EARLIEST_BIRTH = datetime.date(1890, 1, 1)
# The Taiwan residents' residence permit uses 83 as its "province"; stdnum's table stops at 82.
_EXTRA_PROVINCES = frozenset({"83"})
# Foreign permanent residence ID cards (2023 format) start with 9 followed by the province
# of the issuing office, and otherwise share the resident ID layout and check character.
_FOREIGNER_PREFIX = "9"


def _province_known(province: str) -> bool:
    if province in _EXTRA_PROVINCES:
        return True
    return any("province" in props for _, props in numdb.get("cn/loc").info(province))


def _region_ok(number: str) -> bool:
    # Only the province is checked: county codes are renamed and merged over the years and
    # old cards keep their original code, so a county-level check would turn away real
    # (mostly elderly) patients.
    if number.startswith(_FOREIGNER_PREFIX):
        return _province_known(number[1:3])
    return _province_known(number[:2])


def _date_ok(birth: datetime.date, today: datetime.date) -> bool:
    return _EARLIEST_BIRTH <= birth <= today


def _classify_id18(text: str, today: datetime.date) -> ScanCode:
    number = text.upper()
    if ric.calc_check_digit(number) != number[-1]:
        raise CodeRejected(RejectReason.ID_BAD_CHECKSUM)
    try:
        birth = ric.get_birth_date(number)
    except StdnumValidationError:
        raise CodeRejected(RejectReason.ID_BAD_DATE) from None
    if not _date_ok(birth, today):
        raise CodeRejected(RejectReason.ID_BAD_DATE)
    if not _region_ok(number):
        raise CodeRejected(RejectReason.ID_BAD_REGION)
    return ScanCode(kind=CodeKind.ID_NUMBER, text=number, birth_date=birth)


def _legacy_id(text: str, today: datetime.date) -> ScanCode | RejectReason:
    """A 15-digit number judged as a legacy ID: the code, or why it is not a valid one."""
    try:
        # Legacy numbers carry a two-digit year and were issued to people born in the 1900s;
        # widening to 18 digits lets stdnum read the date.
        birth = ric.get_birth_date(text[:6] + "19" + text[6:] + "0")
    except StdnumValidationError:
        return RejectReason.ID_BAD_DATE
    if not _date_ok(birth, today):
        return RejectReason.ID_BAD_DATE
    if not _region_ok(text):
        return RejectReason.ID_BAD_REGION
    return ScanCode(kind=CodeKind.ID_NUMBER_LEGACY, text=text, birth_date=birth)


# --- entry points ------------------------------------------------------------------------

_DEFAULT_PATTERNS = CodePatterns()


def classify(
    text: str,
    patterns: CodePatterns = _DEFAULT_PATTERNS,
    *,
    today: datetime.date | None = None,
) -> ScanCode:
    """Classify one scanned or typed code, or raise :class:`CodeRejected`.

    ``today`` exists for tests; birth dates after it are rejected.
    See the module docstring for the precedence of the rules.
    """
    text = _normalise(text, patterns.max_length)
    today = today or datetime.date.today()

    if _looks_like_ehc(text):
        return _classify_ehc(text)

    if len(text) == 18 and _ID18.fullmatch(text):
        return _classify_id18(text, today)

    legacy: ScanCode | RejectReason | None = None
    if _ID15.fullmatch(text):
        legacy = _legacy_id(text, today)
        if isinstance(legacy, ScanCode):
            return legacy

    for kind, pattern in patterns.ordered():
        if _compiled(pattern).fullmatch(text):
            return ScanCode(kind=kind, text=text)

    if isinstance(legacy, RejectReason):
        raise CodeRejected(legacy)
    if _ID_LIKE.fullmatch(text):
        raise CodeRejected(RejectReason.ID_BAD_LENGTH)
    raise CodeRejected(RejectReason.UNKNOWN)


def require_identity(code: ScanCode) -> ScanCode:
    """Return ``code`` if it can identify a patient, else raise NOT_AN_IDENTITY."""
    if not code.kind.identifies_patient:
        raise CodeRejected(RejectReason.NOT_AN_IDENTITY)
    return code
