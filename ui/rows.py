"""Label / value rows whose texts share one baseline.

A grey 28 px label beside a 30 px (or 44 px) value, both top-aligned, sits a few pixels
higher than the value and reads as a separate line to a patient who scans the screen. The
label is moved down by the difference of the two fonts' ascents, measured once both have
their style sheet's fonts, so the first lines of label and value stand on one baseline (a
value that wraps keeps its later lines below).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QGridLayout

from kiosk.errors import Text
from ui.language import LanguageModel, TLabel

TOP = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft


class RowLabel(TLabel):
    """The label of a row: follows its value's baseline."""

    def __init__(self, text: Text, value: TLabel, language: LanguageModel, name: str = "muted") -> None:
        super().__init__(text, language, name)
        self._value = value
        self.setAlignment(TOP)
        value.installEventFilter(self)

    def _align(self) -> None:
        self.ensurePolished()
        self._value.ensurePolished()
        drop = max(0, self._value.fontMetrics().ascent() - self.fontMetrics().ascent())
        if self.contentsMargins().top() != drop:
            self.setContentsMargins(0, drop, 0, 0)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt API)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.Show):
            self._align()
        return False

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._align()
        super().changeEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self._align()
        super().showEvent(event)


def add_row(grid: QGridLayout, row: int, label: Text, value: TLabel, language: LanguageModel) -> RowLabel:
    value.setAlignment(TOP)
    caption = RowLabel(label, value, language)
    # Only a vertical alignment in the cell: with a horizontal one too the value would keep
    # its hint's width instead of filling the column, and wrap (and clip) a long place name.
    grid.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignTop)
    grid.addWidget(value, row, 1, Qt.AlignmentFlag.AlignTop)
    return caption
