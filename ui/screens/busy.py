"""Shown during every wait: the patient always sees that something is happening."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressBar, QVBoxLayout, QWidget

from kiosk.errors import Text
from ui.language import LanguageModel, TLabel


class BusyScreen(QWidget):
    def __init__(self, language: LanguageModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(120, 60, 120, 60)
        layout.addStretch(1)
        self._label = TLabel(Text("", ""), language, "title")
        self._label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._bar = QProgressBar()
        self._bar.setRange(0, 0)  # indeterminate: we cannot know how long the hospital takes
        self._bar.setTextVisible(False)
        layout.addWidget(self._label)
        layout.addSpacing(40)
        layout.addWidget(self._bar)
        layout.addStretch(1)

    def show_message(self, text: Text) -> None:
        self.prompt = text
        self._label.set_text(text)
