"""Another card scanned while a patient is being served: ask before ending their session.

A new patient's scan must never silently replace the one at the screen (their booking,
their payment), nor mix two patients' data. The dialog covers the screen, so the current
patient's name stays private while the question is asked.

Signals: ``AnotherCardOverlay.switch`` (end this session, serve the new card),
``AnotherCardOverlay.stay`` (keep serving the current patient; the scan is dropped).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from ui import strings as S
from ui.language import LanguageModel, TButton, TLabel
from ui.overlay import OverlayDialog


class AnotherCardOverlay(OverlayDialog):
    switch = Signal()
    stay = Signal()

    def __init__(self, language: LanguageModel, parent: QWidget) -> None:
        super().__init__(parent)
        self.prompt = S.ANOTHER_CARD
        title = TLabel(S.ANOTHER_CARD, language, "title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setWordWrap(True)
        text = TLabel(S.ANOTHER_CARD_TEXT, language, "subtitle")
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setWordWrap(True)
        self.stay_button = TButton(S.ANOTHER_CARD_STAY, language)
        self.switch_button = TButton(S.ANOTHER_CARD_SWITCH, language, "primary")
        self.stay_button.clicked.connect(self.stay)
        self.switch_button.clicked.connect(self.switch)
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        buttons.addWidget(self.stay_button, 1)
        buttons.addWidget(self.switch_button, 1)
        self.inner.addWidget(title)
        self.inner.addWidget(text)
        self.inner.addLayout(buttons)
