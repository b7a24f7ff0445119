"""The keyboard-wedge filter: scanner bursts become scans, people typing stay typing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from ui.wedge import WedgeFilter


@pytest.fixture
def wedge(qtbot):
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    filt = WedgeFilter(max_key_interval_ms=40, min_length=6, prefix="", suffix="enter", parent=field)
    QApplication.instance().installEventFilter(filt)
    yield filt, field
    filt.stop()
    QApplication.instance().removeEventFilter(filt)


def test_fast_burst_with_enter_is_a_scan_and_types_nothing(wedge, qtbot):
    filt, field = wedge
    with qtbot.waitSignal(filt.scanned, timeout=1000) as blocker:
        qtbot.keyClicks(field, "11010519491231002X")
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert blocker.args == ["11010519491231002X"]
    assert field.text() == ""


def test_slow_typing_reaches_the_focused_field_and_is_never_a_scan(wedge, qtbot):
    filt, field = wedge
    with qtbot.assertNotEmitted(filt.scanned, wait=100):
        qtbot.keyClicks(field, "1234567890", delay=90)
        qtbot.keyClick(field, Qt.Key.Key_Return, delay=90)
    assert field.text() == "1234567890"


def test_short_fast_burst_is_handed_back(wedge, qtbot):
    filt, field = wedge
    with qtbot.assertNotEmitted(filt.scanned, wait=100):
        qtbot.keyClicks(field, "ab")
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.text() == "ab"


def test_burst_without_suffix_is_handed_back_after_the_pause(wedge, qtbot):
    filt, field = wedge
    with qtbot.assertNotEmitted(filt.scanned, wait=150):
        qtbot.keyClicks(field, "abcdefgh")
    qtbot.waitUntil(lambda: field.text() == "abcdefgh", timeout=1000)


def test_prefix_is_required_and_stripped(qtbot):
    field = QLineEdit()
    qtbot.addWidget(field)
    filt = WedgeFilter(min_length=4, prefix="]Q", parent=field)
    QApplication.instance().installEventFilter(filt)
    try:
        with qtbot.waitSignal(filt.scanned, timeout=1000) as blocker:
            qtbot.keyClicks(field, "]Q0000123456")
            qtbot.keyClick(field, Qt.Key.Key_Return)
        assert blocker.args == ["0000123456"]
        with qtbot.assertNotEmitted(filt.scanned, wait=100):
            qtbot.keyClicks(field, "0000123456")
            qtbot.keyClick(field, Qt.Key.Key_Return)
        assert field.text() == "0000123456"
    finally:
        filt.stop()
        QApplication.instance().removeEventFilter(filt)


def test_no_suffix_mode_accepts_a_burst_after_the_pause(qtbot):
    field = QLineEdit()
    qtbot.addWidget(field)
    filt = WedgeFilter(min_length=6, suffix="none", parent=field)
    QApplication.instance().installEventFilter(filt)
    try:
        with qtbot.waitSignal(filt.scanned, timeout=1000) as blocker:
            qtbot.keyClicks(field, "0000123456")
        assert blocker.args == ["0000123456"]
    finally:
        filt.stop()
        QApplication.instance().removeEventFilter(filt)


def test_scanner_through_an_active_chinese_input_method_is_still_a_scan(wedge, qtbot):
    """With an IME active the scanner's keys arrive as committed text, one piece at a time."""
    from PySide6.QtGui import QInputMethodEvent

    filt, field = wedge
    with qtbot.waitSignal(filt.scanned, timeout=1000) as blocker:
        for char in "0000123456":
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(field, event)
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert blocker.args == ["0000123456"]
    assert field.text() == ""


def test_chinese_typed_through_the_input_method_reaches_the_field(wedge, qtbot):
    from PySide6.QtGui import QInputMethodEvent

    filt, field = wedge
    with qtbot.assertNotEmitted(filt.scanned, wait=100):
        event = QInputMethodEvent()
        event.setCommitString("张三")
        QApplication.sendEvent(field, event)
    assert field.text() == "张三"
