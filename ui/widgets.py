"""Small widgets shared by the service screens: step indicator and the Back / Home bar."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from kiosk.errors import Text
from ui import strings as S
from ui.language import LanguageModel, TButton
from ui.theme import MUTED, PRIMARY


class StepIndicator(QFrame):
    """① Department › ② Doctor › ③ Time … with the current step highlighted."""

    def __init__(self, steps: list[Text], current: int, language: LanguageModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._steps = steps
        self._current = current
        self._language = language
        self._label = QLabel()
        self._label.setObjectName("steps")
        self._label.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._label)
        language.changed.connect(self._refresh)
        self._refresh()

    def _refresh(self, *_: object) -> None:
        parts = []
        for i, step in enumerate(self._steps):
            text = f"{chr(0x2460 + i)} {self._language.tr(step)}"
            if i == self._current:
                text = f'<b style="color:{PRIMARY}">{text}</b>'
            else:
                text = f'<span style="color:{MUTED}">{text}</span>'
            parts.append(text)
        self._label.setText("  ›  ".join(parts))


class NavBar(QFrame):
    """Back and Home, always in the same place. Signals: ``back``, ``home``."""

    back = Signal()
    home = Signal()

    def __init__(self, language: LanguageModel, *, show_back: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.back_button = TButton(S.BACK, language)
        self.back_button.clicked.connect(self.back)
        self.back_button.setVisible(show_back)
        self.home_button = TButton(S.HOME, language)
        self.home_button.clicked.connect(self.home)
        layout.addWidget(self.back_button)
        layout.addStretch(1)
        self.extra = QHBoxLayout()
        layout.addLayout(self.extra)
        layout.addWidget(self.home_button)
