"""The idle countdown: a visible warning with a "more time" button before sign-out.

The policy (how long, when to warn, when a step holds the clock) lives in the Qt-free
:class:`kiosk.session.Session`; this module only ticks it and shows the warning. Any touch,
click or key anywhere counts as activity.

Signals: ``IdleOverlay.more_time``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from kiosk.session import Session
from ui import strings as S
from ui.language import LanguageModel, TButton, TLabel
from ui.overlay import OverlayDialog

_ACTIVITY = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
}


class ActivityFilter(QObject):
    """Application-wide: any input restarts the idle countdown."""

    def __init__(self, session: Session, clock: Callable[[], float], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._clock = clock

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in _ACTIVITY:
            self._session.touch(self._clock())
        return False


class IdleOverlay(OverlayDialog):
    more_time = Signal()

    def __init__(self, language: LanguageModel, parent: QWidget) -> None:
        super().__init__(parent)
        self.prompt = S.STILL_THERE  # spoken when the warning appears
        inner = self.inner
        title = TLabel(S.STILL_THERE, language, "title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown = TLabel(S.SIGNING_OUT, language, "subtitle", s=0)
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = TButton(S.MORE_TIME, language, "primary")
        self.button.clicked.connect(self.more_time)
        inner.addWidget(title)
        inner.addWidget(self.countdown)
        inner.addWidget(self.button)

    def show_remaining(self, seconds: float) -> None:
        self.countdown.set_text(S.SIGNING_OUT, s=math.ceil(seconds))
        self.cover()


class IdleController(QObject):
    """Ticks the session's idle policy and shows or hides the overlay."""

    def __init__(
        self,
        session: Session,
        overlay: IdleOverlay,
        clock: Callable[[], float] = time.monotonic,
        tick_ms: int = 250,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._overlay = overlay
        self._clock = clock
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.tick)
        overlay.more_time.connect(self._on_overlay_more_time)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._overlay.hide()

    def tick(self) -> None:
        status = self._session.check(self._clock())
        if status.warning:
            self._overlay.show_remaining(status.remaining_s)
        elif self._overlay.isVisible():
            self._overlay.hide()

    def _on_overlay_more_time(self) -> None:
        self._session.touch(self._clock())
        self._overlay.hide()
