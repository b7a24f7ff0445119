"""The staff PIN of the maintenance view: an scrypt hash in configuration, attempts limited.

A PIN is short, so the hash must be slow to test (scrypt, memory-hard) and salted, and the
gate locks after a few wrong tries, doubling each lockout, so guessing at the screen takes
years. The PIN itself is never stored, logged or kept after the check.

Encoded form: ``scrypt$<n>$<r>$<p>$<salt, base64>$<hash, base64>``.

    ehc-kiosk --hash-pin        # reads the PIN twice from the terminal, prints the line
"""

from __future__ import annotations

import base64
import binascii
import enum
import hashlib
import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass

N, R, P = 2**14, 8, 1  # 16 MiB per check: tens of milliseconds on a kiosk PC
_DKLEN = 32


def _derive(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, dklen=_DKLEN,
                          maxmem=256 * 1024 * 1024)


def hash_pin(pin: str, *, salt: bytes | None = None, n: int = N, r: int = R, p: int = P) -> str:
    if not pin.isdigit() or not 4 <= len(pin) <= 12:
        raise ValueError("a PIN is 4 to 12 digits")
    salt = salt or os.urandom(16)
    digest = _derive(pin, salt, n, r, p)
    b64 = base64.b64encode
    return f"scrypt${n}${r}${p}${b64(salt).decode()}${b64(digest).decode()}"


def check_encoded(encoded: str) -> tuple[int, int, int, bytes, bytes]:
    """The parts of an encoded hash; ValueError saying what is wrong with it."""
    parts = encoded.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        raise ValueError("not an scrypt PIN hash (make one with: ehc-kiosk --hash-pin)")
    try:
        n, r, p = (int(x) for x in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except (ValueError, binascii.Error):
        raise ValueError("PIN hash is damaged (make a new one with: ehc-kiosk --hash-pin)") from None
    if n < 2**12 or n & (n - 1) or not 1 <= r <= 32 or not 1 <= p <= 16 or len(salt) < 8:
        raise ValueError("PIN hash parameters are too weak or invalid (n a power of two >= 4096)")
    return n, r, p, salt, digest


def verify_pin(pin: str, encoded: str) -> bool:
    n, r, p, salt, digest = check_encoded(encoded)
    return hmac.compare_digest(_derive(pin, salt, n, r, p), digest)


class Verdict(enum.StrEnum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    LOCKED = "locked"


@dataclass(frozen=True)
class Attempt:
    verdict: Verdict
    attempts_left: int = 0
    locked_for_s: float = 0.0


class PinGate:
    """Checks PINs against one hash, at most ``max_attempts`` wrong in a row before a lockout.

    ``clock`` is monotonic seconds (injected so tests move it). Thread-safe enough for its
    use: one check at a time from the view, which disables the keypad while checking.
    """

    MAX_LOCKOUT_S = 86400.0

    def __init__(self, encoded: str, *, max_attempts: int = 5, lockout_s: float = 300,
                 clock: Callable[[], float]) -> None:
        check_encoded(encoded)
        self._encoded = encoded
        self._max = max_attempts
        self._lockout = float(lockout_s)
        self._clock = clock
        self._wrong = 0
        self._lockouts = 0
        self._locked_until = 0.0

    def locked_for(self) -> float:
        return max(0.0, self._locked_until - self._clock())

    def attempt(self, pin: str) -> Attempt:
        wait = self.locked_for()
        if wait > 0:
            return Attempt(Verdict.LOCKED, 0, wait)
        if verify_pin(pin, self._encoded):
            self._wrong = 0
            self._lockouts = 0
            return Attempt(Verdict.ACCEPTED, self._max)
        self._wrong += 1
        if self._wrong >= self._max:
            self._wrong = 0
            duration = min(self.MAX_LOCKOUT_S, self._lockout * 2**self._lockouts)
            self._lockouts += 1
            self._locked_until = self._clock() + duration
            return Attempt(Verdict.LOCKED, 0, duration)
        return Attempt(Verdict.WRONG, self._max - self._wrong)


def prompt_hash(read: Callable[[str], str]) -> str:
    """Ask twice (``read`` is getpass.getpass or a test's stand-in) and return the hash."""
    first = read("Maintenance PIN (4-12 digits): ")
    if read("Again: ") != first:
        raise ValueError("the two PINs differ")
    return hash_pin(first)
