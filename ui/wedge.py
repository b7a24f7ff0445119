"""Keyboard-wedge scanner capture, whatever widget has focus.

A USB scanner in keyboard mode types the code as a very fast burst of keys ending with Enter.
This filter, installed on the application, holds each printable key back for a few tens of
milliseconds: keys that keep arriving faster than ``max_key_interval_ms`` form a burst, and a
burst ending with the configured suffix (and starting with the prefix, and long enough) is a
scan. Anything else is handed to the widget it was meant for, unchanged, so a person typing on
a real or on-screen keyboard never produces a scan.

Signals: ``scanned(str)``, ``events(object)`` (the same as a ScanEvent).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QInputMethodEvent, QKeyEvent

from kiosk.scan import ScanEvent, SourceKind

_SUFFIX_KEYS = {
    "enter": {Qt.Key.Key_Return, Qt.Key.Key_Enter},
    "tab": {Qt.Key.Key_Tab},
    "none": set(),
}


class Stopping:
    """Gives a thing that only needs stopping the start()/stop() pair windows expect of
    their devices (the wedge's hold timer, the voice thread)."""

    def __init__(self, target) -> None:
        self._target = target

    def start(self) -> None:
        pass

    def stop(self) -> None:
        self._target.stop()


def install_wedge(
    app: QCoreApplication,
    settings,
    parent: QObject | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> WedgeFilter:
    """The configured keyboard-wedge filter, installed on the application (so it sees keys
    whatever has focus); its ``events`` signal delivers :class:`ScanEvent` values. It lives
    as long as ``parent`` (the window that adopts it). ``clock`` times the gaps between keys
    (tests move it by hand)."""
    wedge = WedgeFilter(
        max_key_interval_ms=settings.max_key_interval_ms,
        min_length=settings.min_length,
        prefix=settings.prefix,
        suffix=settings.suffix.value,
        clock=clock,
        parent=parent,
    )
    wedge.scanned.connect(lambda text: wedge.events.emit(ScanEvent(text=text, source=SourceKind.WEDGE)))
    app.installEventFilter(wedge)
    return wedge


@dataclass
class _Held:
    receiver: QObject
    key: int
    modifiers: Qt.KeyboardModifier
    text: str
    commit: bool = False  # arrived as input-method text, handed back the same way


class WedgeFilter(QObject):
    scanned = Signal(str)
    events = Signal(object)  # the same scan as a ScanEvent (source: the wedge)

    def __init__(
        self,
        *,
        max_key_interval_ms: int = 40,
        min_length: int = 6,
        prefix: str = "",
        suffix: str = "enter",
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._interval_s = max_key_interval_ms / 1000
        self._min_length = min_length
        self._prefix = prefix
        self._suffix_keys = _SUFFIX_KEYS[suffix]
        self._clock = clock
        self._held: list[_Held] = []
        self._last_at = 0.0
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        # A little slack over the interval so a scanner's last gap still counts.
        self._timer.setInterval(max_key_interval_ms + 10)
        self._timer.timeout.connect(self._on_timer_timeout)

    def stop(self) -> None:
        self._timer.stop()
        self._held.clear()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if self._replaying:
            return False
        if event.type() == QEvent.Type.InputMethod:
            return self._on_input_method(obj, event)
        if event.type() != QEvent.Type.KeyPress:
            return False
        key_event: QKeyEvent = event  # type: ignore[assignment]
        now = self._clock()
        burst = bool(self._held) and (now - self._last_at) <= self._interval_s
        if self._held and not burst:
            self._flush()
        key = key_event.key()
        if key in self._suffix_keys:
            if burst and self._finish():
                self._last_at = now
                return True
            return False
        text = key_event.text()
        if len(text) != 1 or not text.isprintable() or key_event.isAutoRepeat():
            return False
        self._held.append(_Held(obj, key, key_event.modifiers(), text))
        self._last_at = now
        self._timer.start()
        return True

    def _on_input_method(self, obj: QObject, event: QEvent) -> bool:
        """A Chinese input method left active turns the scanner's keys into committed text
        (often a character at a time). ASCII commits arriving in a burst are scanner keys."""
        commit = event.commitString()
        if not commit or event.preeditString() or not commit.isascii() or not commit.isprintable():
            return False
        now = self._clock()
        if self._held and (now - self._last_at) > self._interval_s:
            self._flush()
        for char in commit:
            self._held.append(_Held(obj, 0, Qt.KeyboardModifier.NoModifier, char, commit=True))
        self._last_at = now
        self._timer.start()
        return True

    def _candidate(self) -> str | None:
        text = "".join(h.text for h in self._held)
        if not text.startswith(self._prefix):
            return None
        text = text[len(self._prefix) :]
        return text if len(text) >= self._min_length else None

    def _finish(self) -> bool:
        """The suffix ended a burst: emit it as a scan if it qualifies."""
        self._timer.stop()
        text = self._candidate()
        if text is None:
            self._flush()
            return False
        self._held.clear()
        self.scanned.emit(text)
        return True

    def _on_timer_timeout(self) -> None:
        if not self._suffix_keys:
            text = self._candidate()
            if text is not None:
                self._held.clear()
                self.scanned.emit(text)
                return
        self._flush()

    def _flush(self) -> None:
        """Hand held keys to the widgets they were meant for: it was a person typing."""
        self._timer.stop()
        held, self._held = self._held, []
        self._replaying = True
        try:
            for h in held:
                if not shiboken6.isValid(h.receiver):
                    continue
                if h.commit:
                    replay = QInputMethodEvent()
                    replay.setCommitString(h.text)
                    QCoreApplication.sendEvent(h.receiver, replay)
                    continue
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QCoreApplication.sendEvent(h.receiver, QKeyEvent(kind, h.key, h.modifiers, h.text))
        finally:
            self._replaying = False
