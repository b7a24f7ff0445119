"""The hidden way into maintenance: five taps on the footer's right-hand corner (where the
terminal number is) within three seconds. A patient tapping about does not hit it by chance,
and staff need no keyboard.

Signals: ``triggered``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget

CORNER_SHARE = 0.2  # the right-most fifth of the widget


class CornerTaps(QObject):
    triggered = Signal()

    def __init__(self, target: QWidget, *, taps: int = 5, within_s: float = 3.0,
                 clock: Callable[[], float] = time.monotonic, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._target = target
        self._taps = taps
        self._within = within_s
        self._clock = clock
        self._times: list[float] = []
        target.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if obj is self._target and event.type() == QEvent.Type.MouseButtonPress:
            if event.position().x() >= self._target.width() * (1 - CORNER_SHARE):
                self.tap()
            else:
                self._times.clear()
        return False

    def tap(self) -> None:
        now = self._clock()
        self._times = [t for t in self._times if now - t <= self._within] + [now]
        if len(self._times) >= self._taps:
            self._times.clear()
            self.triggered.emit()
