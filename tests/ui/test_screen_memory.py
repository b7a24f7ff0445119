"""A screen shown and deleted leaves no native memory behind under the kiosk's style sheet.

Every patient sees a dozen screens, each made for them and deleted after; a kiosk serves
thousands a day. Qt's style sheet style kept 60-230 bytes for every screen ever shown while
the sheet styled both a scroll area and its content (`QScrollArea, QScrollArea > QWidget >
QWidget`); the screens are now see-through in code. Measured in the C heap (glibc's
``mallinfo2``), where Qt allocates, over a few hundred screens.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import sys

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QStackedWidget

from kiosk.errors import Text
from ui.language import LanguageModel
from ui.screens.generic import Choice, ChoiceScreen, NoticeScreen
from ui.theme import STYLE

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's counters")

WARM_UP, SCREENS = 100, 400
LEFT_PER_SCREEN = 30  # bytes; with the rule that leaked: 60 (a choice) to 230 (a notice) a screen


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]


_LIBC = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
_LIBC.mallinfo2.restype = _MallInfo2


def _heap_in_use() -> int:
    gc.collect()
    return _LIBC.mallinfo2().uordblks


def _show_and_delete(stack: QStackedWidget, screen) -> None:
    stack.addWidget(screen)
    stack.setCurrentWidget(screen)
    stack.repaint()  # painted as on the panel: the style sheet's rules are applied
    QApplication.processEvents()
    stack.removeWidget(screen)
    screen.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.mark.no_qt_log  # the capture keeps a record of every Qt message: memory of its own
@pytest.mark.parametrize("kind", ["choice", "notice"])
def test_screens_shown_and_deleted_leave_the_heap_as_it_was(qapp, kind):
    previous = qapp.styleSheet()
    qapp.setStyleSheet(STYLE)
    language = LanguageModel()
    stack = QStackedWidget()
    stack.resize(1080, 1920)
    stack.show()

    def screen():
        if kind == "notice":
            return NoticeScreen(Text("出错了", "Something went wrong"),
                                Text("请到人工窗口", "Please go to a staffed window"), language)
        return ChoiceScreen(Text("选择科室", "Choose a department"),
                            [Choice(Text(f"内科 {n}", f"Clinic {n}"), n) for n in range(8)],
                            language)

    try:
        for _ in range(WARM_UP):
            _show_and_delete(stack, screen())
        before = _heap_in_use()
        for _ in range(SCREENS):
            _show_and_delete(stack, screen())
        left = (_heap_in_use() - before) / SCREENS
    finally:
        stack.deleteLater()
        qapp.setStyleSheet(previous)
    assert left < LEFT_PER_SCREEN, f"{left:.0f} bytes left in the heap per screen shown"
