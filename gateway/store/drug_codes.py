"""The codes printed on drug boxes.

Traceability codes (药品追溯码): a domestic box carries 20 digits, ``PPPPPPP SSSSSSSSS CCCC``:
a 7-digit product/packaging identifier assigned by the traceability platform (the
catalogue's ``trace_prefixes``), a 9-digit serial and 4 check digits. The real check digits
are computed by the platform and not public, so this reference defines its own
(:func:`trace_check_digits`); a production gateway asks its platform instead. Imported boxes
carry a GS1 DataMatrix: (01) GTIN-14, (17) expiry YYMMDD, (10) batch, (21) serial.
"""

from __future__ import annotations

import hashlib
from datetime import date


def gs1_check_digit(payload: str) -> str:
    """GS1 mod-10 check digit: weights 3, 1, 3, … from the rightmost payload digit."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(payload)))
    return str((10 - total % 10) % 10)


def gtin14(payload13: str) -> str:
    return payload13 + gs1_check_digit(payload13)


def trace_check_digits(body16: str) -> str:
    """The reference's 4 check digits of a 20-digit code (see the module docstring)."""
    return f"{int(hashlib.sha256(body16.encode()).hexdigest(), 16) % 10_000:04d}"


def trace_code(prefix: str, serial: int) -> str:
    body = f"{prefix}{serial:09d}"
    return body + trace_check_digits(body)


def valid_trace_code(code: str) -> bool:
    return len(code) == 20 and code.isdigit() and trace_check_digits(code[:16]) == code[16:]


def gs1_text(gtin: str, expiry: date, batch: str, serial: str) -> str:
    # Batch is variable-length, so a GS (FNC1) ends it before the serial, as on the box.
    return f"01{gtin}17{expiry:%y%m%d}10{batch}\x1d21{serial}"


def gs1_hri(text: str) -> str:
    """The human-readable form printed under the symbol, e.g. ``(01)…(17)…(10)…(21)…``."""
    gtin, rest = text[2:16], text[16:]
    expiry, rest = rest[2:8], rest[8:]
    batch, serial = rest[2:].split("\x1d21")
    return f"(01){gtin}(17){expiry}(10){batch}(21){serial}"
