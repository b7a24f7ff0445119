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
3. 18-character resident ID shape (17 digits + digit or X). One with a wallet's shape
   (WeChat: 18 digits from 10-15) whose check character is wrong and whose province and
   birth date are not an ID number's is a payment code. Everything else is an ID decision: a valid number is an ID number even
   in a WeChat shape (11-15 are provinces); a bad check character, date or region is
   reported as such even if a configured pattern would also match, because a mistyped ID
   number silently accepted as a visit card would identify the wrong patient. So a typo in
   a Beijing ID number is told to check the number, not "this is a payment code"; the few
   WeChat codes (about one in two hundred) whose digits 7-14 happen to be a birth date are
   refused with an ID reason instead. Either way nothing is sent to identify.
4. 15-digit legacy ID numbers that are valid (19YYMMDD date, real province).
5. A wallet's payment code (:mod:`kiosk.payment_code`: WeChat 18 digits from 10-15, Alipay
   16-24 digits from 25-30): PAYMENT_CODE, before the configured patterns, so a payment code
   is never sent to identify as a visit card (:func:`require_identity` refuses it).
6. Configured patterns, in order: insurance voucher, visit card, receipt, specimen.
7. A 15-digit number no pattern claimed: reported with its legacy-ID reason.
8. An ID-like run of digits of the wrong length: ID_BAD_LENGTH.
9. Anything else: UNKNOWN, or EHC_PLATFORM (passed on to the gateway's platform) when
   ``pass_unknown_codes`` is on and it is no longer than ``pass_unknown_max_length``
   (control characters were refused at step 1).

A payment code's digits are a bearer instrument: no message, repr or log line carries them.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumValidationError

from kiosk import payment_code
from kiosk.code_types import (
    CHECK_ID_NUMBER,
    SHOW_IDENTITY,
    CodeKind,
    CodePatterns,
    CodeRejected,
    RejectReason,
    ScanCode,
    _compiled,
)

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


def _id_like(number: str, today: datetime.date) -> bool:
    """A good check character, or an ID number's region and birth date (a typo)."""
    if ric.calc_check_digit(number) == number[-1]:
        return True
    try:
        birth = ric.get_birth_date(number)
    except StdnumValidationError:
        return False
    return _date_ok(birth, today) and _region_ok(number)


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
    today: datetime.date,
) -> ScanCode:
    """Classify one scanned or typed code, or raise :class:`CodeRejected`.

    ``today`` is the hospital's date (:meth:`kiosk.clock.HospitalClock.today`); ID numbers
    with a birth date after it are rejected. See the module docstring for the precedence
    of the rules.
    """
    text = _normalise(text, patterns.max_length)

    if _looks_like_ehc(text):
        return _classify_ehc(text)

    if len(text) == 18 and _ID18.fullmatch(text):
        if payment_code.recognise(text) is not None and not _id_like(text, today):
            return ScanCode(kind=CodeKind.PAYMENT_CODE, text=text)
        return _classify_id18(text, today)

    legacy: ScanCode | RejectReason | None = None
    if _ID15.fullmatch(text):
        legacy = _legacy_id(text, today)
        if isinstance(legacy, ScanCode):
            return legacy

    if payment_code.recognise(text) is not None:
        return ScanCode(kind=CodeKind.PAYMENT_CODE, text=text)

    for kind, pattern in patterns.ordered():
        if _compiled(pattern).fullmatch(text):
            return ScanCode(kind=kind, text=text)

    if isinstance(legacy, RejectReason):
        raise CodeRejected(legacy)
    if _ID_LIKE.fullmatch(text):
        raise CodeRejected(RejectReason.ID_BAD_LENGTH)
    if patterns.pass_unknown_codes and len(text) <= patterns.pass_unknown_max_length:
        return ScanCode(kind=CodeKind.EHC_PLATFORM, text=text)
    raise CodeRejected(RejectReason.UNKNOWN)


def require_identity(code: ScanCode) -> ScanCode:
    """Return ``code`` if it can identify a patient, else raise PAYMENT_CODE for a payment
    code and NOT_AN_IDENTITY for a receipt or specimen barcode."""
    if code.kind is CodeKind.PAYMENT_CODE:
        raise CodeRejected(RejectReason.PAYMENT_CODE)
    if not code.kind.identifies_patient:
        raise CodeRejected(RejectReason.NOT_AN_IDENTITY)
    return code


__all__ = [
    "CHECK_ID_NUMBER",
    "SHOW_IDENTITY",
    "CodeKind",
    "CodePatterns",
    "CodeRejected",
    "RejectReason",
    "ScanCode",
    "classify",
    "require_identity",
]
