"""What elder-care mode changes in the window: type and targets, time, voice, prompts.

The mode itself (who gets it, when it ends) is the Qt-free :class:`kiosk.elder.ElderMode`;
this applies it: the window's stylesheet (:data:`ui.theme.ELDER_STYLE` over the ordinary
one, so every screen, dialog and banner grows at once), the session's idle policy, the
voice's rate, the idle warning's longer spoken text, and a spoken prompt for every step
(a screen whose title is patient data, and so has no prompt of its own, says what to do).
A mode chosen on the home screen and then left untouched ends after the elder idle time,
so the next person does not find it on.

Signals: ``changed(bool)``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from kiosk.elder import ElderMode, Why
from kiosk.errors import Text
from kiosk.session import Session, State
from ui import strings as S
from ui.theme import ELDER_STYLE


class ElderLook(QObject):
    changed = Signal(bool)

    def __init__(self, mode: ElderMode, window: QWidget, session: Session, overlay, voice,
                 clock: Callable[[], float], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.mode = mode
        self._window = window
        self._session = session
        self._overlay = overlay
        self._voice = voice
        self._clock = clock
        mode.on_changed(self._apply)
        # Runs only while a mode chosen on the home screen is on: nothing else can go stale.
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._check_home)

    @property
    def on(self) -> bool:
        return self.mode.on

    def set_voice(self, voice) -> None:
        self._voice = voice
        self._apply(self.mode.on)

    def prompt(self, prompt: Text | None) -> Text | None:
        """What to speak for a screen: its prompt, or in elder-care mode a fixed one."""
        if prompt is None and self.mode.on:
            return S.ELDER_STEP
        return prompt

    def _apply(self, on: bool) -> None:
        self._window.setStyleSheet(ELDER_STYLE if on else "")
        self._session.set_idle(self.mode.idle_timeout_s, self.mode.warning_s)
        if self._voice is not None and hasattr(self._voice, "rate"):
            self._voice.rate = self.mode.voice_rate
        self._overlay.prompt = S.STILL_THERE_ELDER if on else S.STILL_THERE
        if self.mode.why is Why.CHOSEN:
            self._timer.start()
        else:
            self._timer.stop()
        self.changed.emit(on)

    def _check_home(self) -> None:
        if (self.mode.why is Why.CHOSEN and self._session.state is State.IDLE
                and self._session.quiet_for(self._clock()) > self.mode.idle_timeout_s):
            self.mode.choose(False)
