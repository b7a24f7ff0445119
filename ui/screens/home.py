"""The home screen: invites the patient to show their health code.

Below the invitation, two large buttons: "长辈模式 / Senior mode" (larger type and more time,
before scanning) and "输入身份证号" for a patient with no phone and no card in hand.

Signals: ``senior_toggled(bool)``, ``type_id``.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from ui import strings as S
from ui.language import LanguageModel, TButton, TLabel
from ui.theme import INK_SOFT, PRIMARY


class ScanHint(QWidget):
    """A phone showing a QR code above an arrow pointing down at the scanner window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(240, 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        size = min(self.width(), self.height() * 0.9)
        phone_w, phone_h = size * 0.42, size * 0.72
        x = (self.width() - phone_w) / 2
        y = (self.height() - phone_h - size * 0.2) / 2
        p.setPen(QPen(QColor(INK_SOFT), 6))
        p.setBrush(QColor("white"))
        p.drawRoundedRect(QRectF(x, y, phone_w, phone_h), 24, 24)
        # A stylised QR: three finder squares and a scatter of modules.
        qr = phone_w * 0.7
        qx, qy = x + (phone_w - qr) / 2, y + (phone_h - qr) / 2
        cell = qr / 7
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(PRIMARY))
        for fx, fy in ((0, 0), (4, 0), (0, 4)):
            p.drawRect(QRectF(qx + fx * cell, qy + fy * cell, cell * 3, cell * 3))
            p.setBrush(QColor("white"))
            p.drawRect(QRectF(qx + (fx + 0.5) * cell, qy + (fy + 0.5) * cell, cell * 2, cell * 2))
            p.setBrush(QColor(PRIMARY))
            p.drawRect(QRectF(qx + (fx + 1) * cell, qy + (fy + 1) * cell, cell, cell))
        for mx, my in ((4, 4), (5, 5), (6, 4), (4, 6), (6, 6), (3, 3), (5, 3)):
            p.drawRect(QRectF(qx + mx * cell, qy + my * cell, cell * 0.9, cell * 0.9))
        # Arrow down to the scanner.
        ax = self.width() / 2
        top = y + phone_h + size * 0.03
        bottom = top + size * 0.17
        path = QPainterPath(QPointF(ax - size * 0.08, top))
        path.lineTo(ax + size * 0.08, top)
        path.lineTo(ax + size * 0.08, bottom - size * 0.08)
        path.lineTo(ax + size * 0.16, bottom - size * 0.08)
        path.lineTo(ax, bottom)
        path.lineTo(ax - size * 0.16, bottom - size * 0.08)
        path.lineTo(ax - size * 0.08, bottom - size * 0.08)
        path.closeSubpath()
        p.setBrush(QColor(PRIMARY))
        p.drawPath(path)
        p.end()


class HomeScreen(QWidget):
    senior_toggled = Signal(bool)
    type_id = Signal()

    def __init__(
        self, language: LanguageModel, preview: QWidget | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self.prompt = S.HOME_TITLE
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 24, 60, 20)
        layout.setSpacing(16)
        title = TLabel(S.HOME_TITLE, language, "title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        subtitle = TLabel(S.HOME_SUBTITLE, language, "subtitle")
        subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        arrow = TLabel(S.HOME_ARROW, language, "nextStep")
        arrow.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        # A kiosk with a camera shows what the camera sees (with a guide frame); others show
        # where to hold the code.
        layout.addWidget(preview if preview is not None else ScanHint(), 1)
        layout.addWidget(arrow)
        row = QHBoxLayout()
        row.setSpacing(40)
        self.senior = TButton(S.SENIOR_MODE, language, "senior")
        self.senior.setCheckable(True)
        self.senior.clicked.connect(lambda on: self.senior_toggled.emit(bool(on)))
        self.type_id_button = TButton(S.TYPE_ID, language, "senior")
        self.type_id_button.clicked.connect(self.type_id)
        row.addWidget(self.senior, 1)
        row.addWidget(self.type_id_button, 1)
        layout.addLayout(row)

    def show_senior(self, on: bool) -> None:
        """The mode as it stands (it ends with the session, or after a quiet spell)."""
        self.senior.setChecked(on)
        self.senior.set_text(S.SENIOR_MODE_ON if on else S.SENIOR_MODE)
