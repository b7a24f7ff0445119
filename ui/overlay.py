"""A dialog over the whole window: a dark cover with a white box in the middle.

The cover is opaque on purpose: the screen behind it may show a patient's name and
ID number, and a kiosk in a hall must not leave them readable while it asks a question
(the idle warning, another card scanned).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.errors import Text


class OverlayDialog(QFrame):
    """Subclasses add their title, text and buttons to :attr:`inner` and set :attr:`prompt`
    (what a voice says when the dialog appears).

    Signals: ``appeared``.
    """

    appeared = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        box = QFrame()
        box.setObjectName("dialog")
        box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        box.setMinimumWidth(760)
        self.inner = QVBoxLayout(box)
        self.inner.setContentsMargins(60, 50, 60, 50)
        self.inner.setSpacing(24)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        self.prompt: Text | None = None
        self.hide()

    def cover(self) -> None:
        """Show over the whole of the parent (which may have been resized meanwhile)."""
        self.setGeometry(self.parentWidget().rect())
        if not self.isVisible():
            self.show()
            self.raise_()
            self.appeared.emit()
