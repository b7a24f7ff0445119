"""Staff sign-in (and unlock after the inactivity lock): staff number and password.

The password leaves the field the moment it is submitted; it is handed to the gateway and
kept nowhere.

Signals: ``submitted(str, str)`` (staff number, password).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class SignInScreen(QWidget):
    submitted = Signal(str, str)

    def __init__(self, window: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        box = QFrame()
        box.setObjectName("signinBox")
        box.setFixedWidth(440)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(32, 28, 32, 28)
        inner.setSpacing(14)
        self.title = QLabel("药房发药工作站 · 登录")
        self.title.setObjectName("signinTitle")
        inner.addWidget(self.title)
        self.subtitle = QLabel(f"{window}号窗口 · 请使用医院工号登录")
        self.subtitle.setObjectName("patientMeta")
        inner.addWidget(self.subtitle)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.staff_no = QLineEdit()
        self.staff_no.setPlaceholderText("工号 Staff no.")
        self.staff_no.setMaxLength(16)
        self.password = QLineEdit()
        self.password.setPlaceholderText("密码 Password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(128)
        form.addRow("工号", self.staff_no)
        form.addRow("密码", self.password)
        inner.addLayout(form)
        self.message = QLabel("")
        self.message.setObjectName("notice")
        self.message.setWordWrap(True)
        self.message.hide()
        inner.addWidget(self.message)
        self.button = QPushButton("登录  [Enter]")
        self.button.setObjectName("primary")
        self.button.setDefault(True)
        inner.addWidget(self.button)
        self.staff_no.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self._on_submit)
        self.button.clicked.connect(self._on_submit)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def _on_submit(self) -> None:
        staff_no = self.staff_no.text().strip()
        password = self.password.text()
        self.password.clear()
        if not staff_no or not password:
            self.show_message("请输入工号和密码。", "error")
            (self.staff_no if not staff_no else self.password).setFocus()
            return
        self.set_busy(True)
        self.show_message("正在登录…", "busy")
        self.submitted.emit(staff_no, password)

    def set_busy(self, busy: bool) -> None:
        for widget in (self.staff_no, self.password, self.button):
            widget.setEnabled(not busy)

    def show_message(self, text: str, tone: str = "") -> None:
        self.message.setText(text)
        self.message.setProperty("tone", tone)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setVisible(bool(text))

    def reset(self, staff_no: str = "", message: str = "", tone: str = "") -> None:
        """Ready for a (new) sign-in; a locked workstation keeps the staff number filled in."""
        self.set_busy(False)
        self.staff_no.setText(staff_no)
        self.password.clear()
        self.title.setText("工作站已锁定 · 请输入密码解锁" if staff_no else "药房发药工作站 · 登录")
        self.show_message(message, tone)
        (self.password if staff_no else self.staff_no).setFocus()
