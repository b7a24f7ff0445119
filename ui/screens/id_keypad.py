"""The ID-number keypad: 0-9, X and delete, the masked echo, the check shown live.

Reached from the home screen ("输入身份证号"); Confirm is pressable only when the check
character fits, and hands the number to the window's scan path (the same classification and
identify call as a scanned ID card). The digits are cleared on every way out: Back,
Confirm, and a minute without a touch (a patient who walked away leaves nothing on it).

Signals: ``submitted(str)`` (the number, once), ``back``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from kiosk.id_entry import LENGTH, Check, IdEntry
from ui import strings as S
from ui.language import LanguageModel, TButton, TLabel
from ui.theme import PAGE_MARGIN
from ui.widgets import NavBar

QUIET_MS = 60_000
# Four across and three down, delete last: three rows keep the screen within a landscape
# panel in elder-care mode's sizes.
KEYS = "1234567890X"


class IdKeypadScreen(QWidget):
    submitted = Signal(str)
    back = Signal()

    def __init__(self, language: LanguageModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self.prompt = S.KEYPAD_TITLE
        self._entry = IdEntry()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(PAGE_MARGIN, 20, PAGE_MARGIN, 20)
        layout.setSpacing(10)
        layout.addWidget(TLabel(S.KEYPAD_TITLE, language, "title"))
        self.echo = QLabel("")
        self.echo.setObjectName("idEcho")
        self.echo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.echo)
        self.check = TLabel(S.KEYPAD_COUNT, language, "nextStep", n=0, total=LENGTH)
        self.check.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.check)
        grid = QGridLayout()
        grid.setSpacing(14)
        self.keys: dict[str, QPushButton] = {}
        for i, key in enumerate(KEYS):
            button = QPushButton(key)
            button.setObjectName("key")
            button.setAccessibleName(key)
            button.clicked.connect(lambda _=False, k=key: self.press(k))
            self.keys[key] = button
            grid.addWidget(button, i // 4, i % 4)
        self.delete = TButton(S.KEYPAD_DELETE, language, "key")
        self.delete.clicked.connect(self._on_delete_clicked)
        grid.addWidget(self.delete, 2, 3)
        layout.addLayout(grid, 1)
        self.nav = NavBar(language)
        self.nav.home_button.hide()
        self.nav.back.connect(self.leave)
        self.confirm = TButton(S.KEYPAD_CONFIRM, language, "primary")
        self.confirm.clicked.connect(self._on_confirm_clicked)
        self.nav.extra.addWidget(self.confirm)
        layout.addWidget(self.nav)
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.setInterval(QUIET_MS)
        self._quiet.timeout.connect(self.leave)
        self._show()

    def open(self) -> None:
        self._entry.clear()
        self._show()
        self._quiet.start()

    def press(self, key: str) -> None:
        self._entry.press(key)
        self._show()

    def leave(self) -> None:
        self._entry.clear()
        self._show()
        self._quiet.stop()
        self.back.emit()

    def _on_delete_clicked(self) -> None:
        self._entry.delete()
        self._show()

    def _on_confirm_clicked(self) -> None:
        if self._entry.check is not Check.VALID:
            return
        number = self._entry.take()
        self._show()
        self._quiet.stop()
        self.submitted.emit(number)

    def _show(self) -> None:
        if self.isVisible():
            self._quiet.start()  # every touch gives another minute
        entry = self._entry
        self.echo.setText(entry.echo or "—")
        check = entry.check
        if check is Check.VALID:
            self.check.set_text(S.KEYPAD_VALID)
            self.check.setObjectName("nextStep")
        elif check is Check.WRONG:
            self.check.set_text(S.KEYPAD_WRONG)
            self.check.setObjectName("error")
        else:
            self.check.set_text(S.KEYPAD_COUNT, n=entry.length, total=LENGTH)
            self.check.setObjectName("nextStep")
        self.check.style().unpolish(self.check)
        self.check.style().polish(self.check)
        for key, button in self.keys.items():
            button.setEnabled(entry.accepts(key))
        self.delete.setEnabled(entry.length > 0)
        self.confirm.setEnabled(check is Check.VALID)

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self._entry.clear()  # nothing typed stays behind a screen nobody sees
        self._quiet.stop()
        self._show()
        super().hideEvent(event)



class KeypadSlot(QObject):
    """The keypad's place in the window's stack: made when the home screen asks for it and
    destroyed on the way out, so the digits go with the widget and a keypad nobody uses
    takes no room on the panel."""

    def __init__(self, stack: QStackedWidget, language: LanguageModel, home: QWidget,
                 submit: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stack = stack
        self._language = language
        self._home = home
        self._submit = submit
        self.screen: IdKeypadScreen | None = None

    def open(self) -> None:
        self.close()
        self.screen = IdKeypadScreen(self._language)
        self.screen.back.connect(self._on_back)
        self.screen.submitted.connect(self._on_submitted)
        self._stack.addWidget(self.screen)
        self._stack.setCurrentWidget(self.screen)
        self.screen.open()

    def _on_back(self) -> None:
        self._stack.setCurrentWidget(self._home)
        self.close()

    def _on_submitted(self, number: str) -> None:
        self.close()
        self._submit(number)

    def close(self) -> None:
        screen, self.screen = self.screen, None
        if screen is not None:
            self._stack.removeWidget(screen)
            screen.hide()
            screen.deleteLater()
