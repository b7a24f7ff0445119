"""The PIN pad over the whole window (opaque: a patient's screen may be behind it).

The check runs off the GUI thread (scrypt takes tens of milliseconds by design) with the pad
disabled meanwhile. The digits live in this widget only until the check starts; they are
never logged, and the field is cleared on every outcome.

Signals: ``accepted``, ``cancelled``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from kiosk.errors import Text
from kiosk.pin import Attempt, PinGate, Verdict
from ui.background import Operation
from ui.language import LanguageModel, TButton, TLabel
from ui.maintenance import text as T
from ui.overlay import OverlayDialog


class PinPad(OverlayDialog):
    accepted = Signal()
    cancelled = Signal()

    def __init__(self, gate: PinGate, language: LanguageModel, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("overlay")
        self._gate = gate
        self._digits = ""
        self.prompt = None  # nothing is spoken: staff only
        title = TLabel(T.PIN_TITLE, language, "title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots = QLabel("")
        self.dots.setObjectName("title")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots.setMinimumHeight(70)
        self.message = TLabel(Text("", ""), language, "subtitle")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid = QGridLayout()
        grid.setSpacing(16)
        self.keys: dict[str, QPushButton] = {}
        for i, key in enumerate("123456789"):
            self.keys[key] = self._key(key)
            grid.addWidget(self.keys[key], i // 3, i % 3)
        self.clear = TButton(T.CLEAR, language)
        self.clear.clicked.connect(self._on_clear_clicked)
        self.keys["0"] = self._key("0")
        self.ok = TButton(T.OK, language, "primary")
        self.ok.clicked.connect(self._on_ok_clicked)
        grid.addWidget(self.clear, 3, 0)
        grid.addWidget(self.keys["0"], 3, 1)
        grid.addWidget(self.ok, 3, 2)
        self.cancel = TButton(T.CANCEL, language)
        self.cancel.clicked.connect(self._on_cancel_clicked)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel)
        for widget in (title, self.dots, self.message):
            self.inner.addWidget(widget)
        self.inner.addLayout(grid)
        self.inner.addLayout(row)

    def _key(self, digit: str) -> QPushButton:
        button = QPushButton(digit)
        button.setMinimumSize(150, 100)
        button.clicked.connect(lambda: self.press(digit))
        return button

    def open(self) -> None:
        self._digits = ""
        self._show_dots()
        self.message.set_text(Text("", ""))
        self._enable(True)
        self.cover()

    def press(self, digit: str) -> None:
        if len(self._digits) < 12:
            self._digits += digit
            self._show_dots()

    def _show_dots(self) -> None:
        self.dots.setText("●" * len(self._digits))

    def _enable(self, on: bool) -> None:
        for widget in (*self.keys.values(), self.clear, self.ok):
            widget.setEnabled(on)

    def _on_clear_clicked(self) -> None:
        self._digits = ""
        self._show_dots()

    def _on_cancel_clicked(self) -> None:
        self._digits = ""
        self.hide()
        self.cancelled.emit()

    def _on_ok_clicked(self) -> None:
        pin, self._digits = self._digits, ""
        self._show_dots()
        if not pin:
            return
        self._enable(False)
        self.message.set_text(T.PIN_CHECKING)
        Operation(lambda: self._gate.attempt(pin), owner=self).success(self._on_checked).failure(
            lambda exc: self._on_checked(Attempt(Verdict.WRONG, 0))).run()

    def _on_checked(self, attempt: Attempt) -> None:
        self._enable(True)
        if attempt.verdict is Verdict.ACCEPTED:
            self.message.set_text(Text("", ""))
            self.hide()
            self.accepted.emit()
        elif attempt.verdict is Verdict.LOCKED:
            self.message.set_text(T.PIN_LOCKED, m=max(1, round(attempt.locked_for_s / 60)))
        else:
            self.message.set_text(T.PIN_WRONG, n=attempt.attempts_left)
