"""An error or notice: what happened, what to do next, and a way back.

It returns to the start by itself after a short countdown, so a patient who walks away from
an error never leaves the kiosk stuck on it.

Signals: ``dismissed``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.errors import Text
from ui import strings as S
from ui.language import LanguageModel, TButton, TLabel


class MessageScreen(QWidget):
    dismissed = Signal()

    def __init__(self, language: LanguageModel, auto_return_s: int = 30, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self._auto_return_s = auto_return_s
        self.prompt: Text | None = None
        self._left = auto_return_s
        layout = QVBoxLayout(self)
        layout.setContentsMargins(100, 80, 100, 60)
        layout.setSpacing(36)
        layout.addStretch(1)
        self._message = TLabel(Text("", ""), language, "error")
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._next = TLabel(Text("", ""), language, "nextStep")
        self._next.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._countdown = TLabel(S.AUTO_RETURN, language, "muted", s=auto_return_s)
        self._countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.back = TButton(S.BACK_TO_START, language, "primary")
        self.back.clicked.connect(self._dismiss)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.back, 2)
        row.addStretch(1)
        for w in (self._message, self._next):
            layout.addWidget(w)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self._countdown)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._on_timer_timeout)

    def show_error(self, message: Text, next_step: Text) -> None:
        self.prompt = Text(f"{message.zh}{next_step.zh}", f"{message.en} {next_step.en}")
        self._message.set_text(message)
        # One sentence: "下一步：请…", not a lone "下一步：" standing like a heading.
        self._next.set_text(Text(S.WHAT_NEXT.zh + next_step.zh, S.WHAT_NEXT.en + next_step.en))
        self._left = self._auto_return_s
        self._countdown.set_text(S.AUTO_RETURN, s=self._left)
        self._timer.start()

    @property
    def message_text(self) -> str:
        return self._message.text()

    @property
    def next_step_text(self) -> str:
        return self._next.text()

    def stop(self) -> None:
        self._timer.stop()

    def _on_timer_timeout(self) -> None:
        self._left -= 1
        self._countdown.set_text(S.AUTO_RETURN, s=max(self._left, 0))
        if self._left <= 0:
            self._dismiss()

    def _dismiss(self) -> None:
        self._timer.stop()
        self.dismissed.emit()
