"""Shapes of the texts a kiosk scanner can send, and the one classifier that sorts them.

The text is treated as untrusted: it is normalised (surrounding whitespace and the CR/LF
that serial scanners append are dropped, letters uppercased because some keyboard-wedge
scanners invert case), then matched against whole-string patterns only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from stdnum.cn import ric

from gateway.core.errors import MALFORMED_CODE, GatewayError

ScanKind = Literal[
    "ehc_static", "ehc_dynamic", "ehc_platform", "id_number", "visit_card", "insurance_voucher",
    "inpatient_no",
]

_ORG = r"(?:::(?P<org>[0-9A-Z]{1,32}))?"
EHC_STATIC = re.compile(r"(?P<card>[0-9A-F]{64}):1" + _ORG)
EHC_DYNAMIC = re.compile(r"(?P<card>[0-9A-F]{64}):0:(?P<token>[0-9A-F]{32})" + _ORG)
INSURANCE_VOUCHER = re.compile(r"NHSA(?P<token>[0-9A-F]{32})")
ID_NUMBER_18 = re.compile(r"[0-9]{17}[0-9X]")
ID_NUMBER_15 = re.compile(r"[0-9]{15}")
VISIT_CARD = re.compile(r"[0-9]{10}")
# 住院号 on an inpatient's wristband: ZY + 8 digits (the reference HIS's shape; a hospital's
# own is the gateway's ``--wristband-pattern`` and the kiosk's ``[codes] inpatient_no``).
DEFAULT_WRISTBAND = r"ZY[0-9]{8}"
INPATIENT_NO = re.compile(DEFAULT_WRISTBAND)
# Shapes a wristband pattern must not take: they are someone's ID number or visit card.
_NOT_WRISTBANDS = ("110101199003074518", "110101900307451", "0000012345")


def wristband_pattern(pattern: str) -> re.Pattern[str]:
    """The configured wristband pattern compiled, or ValueError saying what is wrong with it.
    It is matched against the whole upper-cased scan, in ASCII only."""
    try:
        compiled = re.compile(pattern, re.ASCII)
    except re.error as exc:
        raise ValueError(f"the wristband pattern {pattern!r} is not a regular expression: {exc}") from None
    if compiled.fullmatch(""):
        raise ValueError(f"the wristband pattern {pattern!r} matches an empty scan")
    for sample in _NOT_WRISTBANDS:
        if compiled.fullmatch(sample):
            raise ValueError(f"the wristband pattern {pattern!r} matches ID numbers or visit "
                             "cards; give the inpatient number's own shape (e.g. ZY[0-9]{8})")
    return compiled


@dataclass(frozen=True)
class Scan:
    kind: ScanKind
    value: str  # card id, ID number (always 18 chars), visit-card number or voucher token
    token: str | None = None
    org_code: str | None = None


def _checked_id_number(number: str, today: date) -> str:
    """Check digit and birth date only: the region table is deliberately not consulted,
    since a real person may carry a code that was since retired."""
    if ric.calc_check_digit(number) != number[-1]:
        raise GatewayError(MALFORMED_CODE)
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise GatewayError(MALFORMED_CODE) from None
    if born.year < 1880 or born > today:
        raise GatewayError(MALFORMED_CODE)
    return number


def legacy_to_18(legacy: str) -> str:
    body = legacy[:6] + "19" + legacy[6:]
    return body + ric.calc_check_digit(body + "0")


def classify(text: str, today: date, wristband: re.Pattern[str] = INPATIENT_NO) -> Scan:
    """Sort a scanned text into one known shape or raise ``malformed_code``; ``today`` is
    the hospital's date (an ID number cannot be born after it), ``wristband`` the
    hospital's inpatient-number shape (tried last: it never shadows another kind)."""
    norm = text.strip().upper()
    if m := EHC_STATIC.fullmatch(norm):
        return Scan("ehc_static", m["card"], org_code=m["org"])
    if m := EHC_DYNAMIC.fullmatch(norm):
        return Scan("ehc_dynamic", m["card"], token=m["token"], org_code=m["org"])
    if m := INSURANCE_VOUCHER.fullmatch(norm):
        return Scan("insurance_voucher", m["token"], token=m["token"])
    if ID_NUMBER_18.fullmatch(norm):
        return Scan("id_number", _checked_id_number(norm, today))
    if ID_NUMBER_15.fullmatch(norm):
        return Scan("id_number", _checked_id_number(legacy_to_18(norm), today))
    if VISIT_CARD.fullmatch(norm):
        return Scan("visit_card", norm)
    if wristband.fullmatch(norm):
        return Scan("inpatient_no", norm)
    raise GatewayError(MALFORMED_CODE)
