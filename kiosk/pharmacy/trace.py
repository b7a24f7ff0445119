"""Drug traceability codes (药品追溯码) as the counter's scanner reads them off a box.

Two shapes identify one box:

- the domestic 20-digit code: 7 digits naming the product and its packaging (matched against
  the catalogue's ``trace_prefixes``), then serial and check digits. Only length and digits
  are checked here; the gateway owns the checksum and the registry of dispensed codes.
- a GS1 element string (imported drugs, DataMatrix): (01) GTIN, (17) expiry, (10) batch,
  (21) serial, parsed by ``biip`` because GS1's variable-length fields, FNC1 separators and
  symbology prefixes are exactly what hand-written parsers get wrong.

The 13-digit EAN product code (69… for Chinese manufacturers) is printed on the same box but
names only the product, not the box: it is refused with a message saying which barcode to scan.

:func:`parse_trace` answers ``None`` for text that is not a box code at all, so the counter
can treat it as a patient code instead.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass

import biip
from biip import ParseConfig
from biip.gs1_messages import GS1Message

from kiosk.errors import KioskError, Text

DOMESTIC_LENGTH = 20
PREFIX_LENGTH = 7
# Symbology identifiers a scanner may prepend (GS1 DataMatrix, GS1-128, GS1 QR).
_GS1_SYMBOLOGIES = ("]d2", "]C1", "]Q3", "]e0")
_GS = "\x1d"

_DIGITS20 = re.compile(r"[0-9]{20}", re.ASCII)
_EAN13 = re.compile(r"[0-9]{13}", re.ASCII)
# What a GS1 element string with a GTIN looks like before biip judges it: raw "01" + 14
# digits, or the human-readable "(01)" form some scanners are configured to send.
_GS1_RAW = re.compile(r"01[0-9]{14}.*", re.ASCII | re.DOTALL)
_GS1_HRI = re.compile(r"\(01\)[0-9]{14}.*", re.ASCII | re.DOTALL)


class TraceKind(enum.StrEnum):
    DOMESTIC = "domestic"
    GS1 = "gs1"


@dataclass(frozen=True)
class TraceCode:
    """One box's code. ``text`` is what goes to the gateway: the code as printed on the box
    (GS1 as a raw element string with GS separators, whichever form the scanner sent);
    ``hri`` is GS1's bracketed human-readable form for the screen."""

    kind: TraceKind
    text: str
    prefix: str | None = None  # domestic: the first 7 digits
    gtin: str | None = None  # GS1: the 14-digit GTIN
    expiry: dt.date | None = None
    batch: str | None = None
    serial: str | None = None
    hri: str | None = None

    def expired(self, today: dt.date) -> bool:
        # A box is usable through its expiry date (GS1 (17) names the last day of use).
        return self.expiry is not None and self.expiry < today

    @property
    def key(self) -> str:
        """What identifies the box whichever form was scanned: the 20 digits, or GTIN and
        serial (the registry key of GS1 boxes)."""
        if self.kind is TraceKind.GS1:
            return f"01{self.gtin}21{self.serial}"
        return self.text

    @property
    def short(self) -> str:
        """Enough of the code for staff to tell two boxes apart on screen."""
        tail = self.serial or self.text
        return f"…{tail[-6:]}"


class TraceReason(enum.StrEnum):
    PRODUCT_CODE = "product_code"
    BAD_GS1 = "bad_gs1"
    GS1_NO_SERIAL = "gs1_no_serial"

    @property
    def message(self) -> Text:
        return _MESSAGES[self]


_SCAN_TRACE = Text(
    zh="请扫描药盒上标有“药品追溯码”的条码。",
    en="Scan the barcode marked 药品追溯码 (drug traceability code) on the box.",
)

_MESSAGES = {
    TraceReason.PRODUCT_CODE: Text(
        zh="这是商品条码（69开头的13位），不是药品追溯码。",
        en="This is the 13-digit product barcode (EAN), not the traceability code.",
    ),
    TraceReason.BAD_GS1: Text(
        zh="进口药品条码无法识别（GS1格式错误或校验位不对）。",
        en="The GS1 code on this imported box could not be read (bad format or check digit).",
    ),
    TraceReason.GS1_NO_SERIAL: Text(
        zh="该GS1条码没有序列号(21)，不能区分每一盒。",
        en="This GS1 code has no serial number (21), so it does not identify one box.",
    ),
}


class TraceRejected(KioskError):
    """A box code the counter refuses before asking the gateway; the code text is not kept."""

    code = "trace_rejected"

    def __init__(self, reason: TraceReason) -> None:
        self.reason = reason
        super().__init__(reason.message, _SCAN_TRACE)

    def __reduce__(self) -> tuple[type[TraceRejected], tuple[TraceReason]]:
        return (type(self), (self.reason,))


def _strip_symbology(text: str) -> tuple[str, bool]:
    for prefix in _GS1_SYMBOLOGIES:
        if text.startswith(prefix):
            return text[len(prefix) :], True
    return text, False


def _gs1(text: str, hri: bool, separators: tuple[str, ...] = (_GS,)) -> TraceCode:
    try:
        if hri:
            message = GS1Message.parse_hri(text)
        else:
            message = GS1Message.parse(text, config=ParseConfig(separator_chars=separators))
    except biip.ParseError:
        raise TraceRejected(TraceReason.BAD_GS1) from None
    gtin = message.element_strings.get(ai="01")
    if gtin is None or gtin.gtin is None:  # biip keeps a bad check digit as gtin_error
        raise TraceRejected(TraceReason.BAD_GS1)
    serial = message.element_strings.get(ai="21")
    if serial is None:
        raise TraceRejected(TraceReason.GS1_NO_SERIAL)
    expiry = message.element_strings.get(ai="17")
    batch = message.element_strings.get(ai="10")
    return TraceCode(
        kind=TraceKind.GS1,
        text=message.value,
        hri=message.as_hri(),
        gtin=gtin.value,
        expiry=expiry.date if expiry is not None else None,
        batch=batch.value if batch is not None else None,
        serial=serial.value,
    )


def parse_trace(text: str, gs_substitute: str | None = None) -> TraceCode | None:
    """The box code in ``text``; ``None`` if it is no box code (maybe a patient's);
    :class:`TraceRejected` if it is a box's barcode that cannot be used.

    ``gs_substitute`` is the printable character a keyboard-mode scanner has been set to
    send for GS1's separator, which a keyboard cannot type."""
    separators = (_GS, gs_substitute) if gs_substitute else (_GS,)
    text = text.strip().strip("\x00\ufeff")
    text, symbology = _strip_symbology(text)
    if _DIGITS20.fullmatch(text) and not symbology:
        return TraceCode(kind=TraceKind.DOMESTIC, text=text, prefix=text[:PREFIX_LENGTH])
    if _EAN13.fullmatch(text) and not symbology:
        raise TraceRejected(TraceReason.PRODUCT_CODE)
    if _GS1_HRI.fullmatch(text):
        return _gs1(text, hri=True)
    if symbology or _GS1_RAW.fullmatch(text):
        # Raw element strings end variable-length fields with FNC1, sent as GS (0x1D).
        return _gs1(text, hri=False, separators=separators)
    return None


def looks_like_trace(text: str) -> bool:
    """Whether ``text`` is meant as a box code (valid or not), without raising."""
    try:
        return parse_trace(text) is not None
    except TraceRejected:
        return True


__all__ = ["TraceCode", "TraceKind", "TraceReason", "TraceRejected", "looks_like_trace", "parse_trace"]
