"""What every scan source delivers, and the small interface they share.

A scan source (camera, serial scanner, evdev scanner, keyboard wedge, demo panel) turns
whatever the device produced into :class:`ScanEvent` values and hands them to a callback.
Sources never classify or interpret the text; that is :mod:`kiosk.codes`' job.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable


class SourceKind(enum.StrEnum):
    CAMERA = "camera"
    SERIAL = "serial"
    EVDEV = "evdev"
    WEDGE = "wedge"
    DEMO = "demo"
    MANUAL = "manual"
    CARD_READER = "card_reader"  # a number read from a chip card (ID card, social security)


class SourceState(enum.StrEnum):
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"


@dataclass(frozen=True)
class ScanEvent:
    """One accepted read.

    ``text`` is the decoded payload (never logged: it identifies a person);
    ``raw`` keeps the original bytes where the device gave bytes;
    ``symbology`` is e.g. ``"QRCode"`` or ``"Code128"`` when known.
    """

    text: str
    source: SourceKind
    symbology: str | None = None
    raw: bytes | None = None
    at: float = field(default_factory=time.monotonic)

    def __repr__(self) -> str:  # keep payloads out of logs and tracebacks
        return f"ScanEvent(source={self.source}, symbology={self.symbology}, len={len(self.text)})"


ScanCallback = Callable[[ScanEvent], None]
StateCallback = Callable[[SourceState, str], None]


@runtime_checkable
class ScanSource(Protocol):
    """A device that produces scans.

    ``start`` begins delivering scans to ``on_scan`` and state changes (with a short,
    non-personal detail such as "/dev/ttyUSB0 unplugged") to ``on_state``. Callbacks may be
    invoked from the source's own thread; the UI marshals them to the GUI thread.
    ``stop`` is idempotent and returns once the source's thread has ended.
    """

    kind: SourceKind

    def start(self, on_scan: ScanCallback, on_state: StateCallback) -> None: ...

    def stop(self) -> None: ...
