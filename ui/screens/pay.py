"""Scan-to-pay: the payment QR, the amount, and a live status with a countdown.

Signals: ``cancelled`` (the patient chose not to pay) and the nav bar's ``home``.
"""

from __future__ import annotations

import io
import math
from typing import Any

import segno
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QVBoxLayout

from kiosk.errors import Text
from kiosk.money import yuan
from ui import strings as S
from ui.language import LanguageModel, TButton, TLabel
from ui.screens import pay_code_text as C
from ui.screens.generic import ServiceScreen


def qr_pixmap(text: str, size_px: int = 420) -> QPixmap:
    buffer = io.BytesIO()
    qr = segno.make(text, error="m")
    scale = max(1, size_px // (qr.symbol_size(border=4)[0]))
    qr.save(buffer, kind="png", scale=scale, border=4)
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap


class PayScreen(ServiceScreen):
    cancelled = Signal()

    def __init__(self, amount_fen: int, qr_url: str, language: LanguageModel, **kwargs: Any) -> None:
        super().__init__(S.PAY_TITLE, language, show_back=False, **kwargs)
        # QR beside the instructions: fits a 1080-pixel-high landscape panel and a portrait one.
        row = QHBoxLayout()
        row.setSpacing(40)
        self.qr = QLabel()
        self.qr.setPixmap(qr_pixmap(qr_url, 360))
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setAccessibleName("payment QR")
        row.addWidget(self.qr)
        column = QVBoxLayout()
        column.setSpacing(18)
        column.addWidget(TLabel(S.PAY_AMOUNT, language, "title", amount=yuan(amount_fen)))
        self._how = TLabel(S.PAY_HOW, language, "subtitle")
        column.addWidget(self._how)
        self.status = TLabel(S.PAY_WAITING, language, "nextStep", s=0)
        column.addWidget(self.status)
        # The time left to pay, as one bar that empties (a busy animation drew a second,
        # moving fill beside it).
        self.countdown = QProgressBar()
        self.countdown.setRange(0, 1)
        self.countdown.setValue(1)
        self.countdown.setTextVisible(False)
        column.addWidget(self.countdown)
        column.addStretch(1)
        row.addLayout(column, 1)
        self.body.addLayout(row)
        self.body.addStretch(1)
        # Paying by the code the patient shows instead of scanning ours (付款码).
        self.by_code = TButton(C.BY_CODE, language)
        self.by_code.clicked.connect(lambda: self.show_code_mode(not self.code_mode))
        self.nav.extra.addWidget(self.by_code)
        self.code_mode = False
        self.cancel = TButton(S.PAY_CANCEL, language)
        self.cancel.clicked.connect(self.cancelled)
        self.nav.extra.addWidget(self.cancel)
        # Leaving mid-payment goes through Cancel, so the order can be closed first.
        self.nav.home_button.hide()

    def show_code_mode(self, on: bool) -> None:
        """Ask for the patient's payment code (the QR hidden), or show the QR again; either
        way a payment code held to the scanner is taken."""
        self.code_mode = on
        self.qr.setVisible(not on)
        self.title.set_text(C.CODE_TITLE if on else S.PAY_TITLE)
        self._how.set_text(C.CODE_HOW if on else S.PAY_HOW)
        self.by_code.set_text(C.BY_QR if on else C.BY_CODE)

    def show_code_progress(self, text: Text) -> None:
        self._how.set_text(text)

    def show_remaining(self, seconds: float) -> None:
        left = max(0, math.ceil(seconds))
        self.status.set_text(S.PAY_WAITING, s=left)
        if left > self.countdown.maximum():
            self.countdown.setMaximum(left)  # the order's lifetime, as first seen
        self.countdown.setValue(left)



