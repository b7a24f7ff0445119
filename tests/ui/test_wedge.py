"""The keyboard-wedge filter: scanner bursts become scans, people typing stay typing.

Whether keys came as a burst is judged on the filter's clock, which these tests move by
hand between keys (a scanner's 2 ms, a person's 90 ms), so a slow or busy machine cannot
turn a scan into typing. Only the hand-back of a burst with no suffix waits, for the
filter's pause timer to fire.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from ui.wedge import WedgeFilter

SCANNER_GAP_S = 0.002
PERSON_GAP_S = 0.090


class KeyClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def type_keys(qtbot, field, clock: KeyClock, text: str, gap_s: float, enter: bool = False) -> None:
    for char in text:
        clock.now += gap_s
        qtbot.keyClick(field, char)
    if enter:
        clock.now += gap_s
        qtbot.keyClick(field, Qt.Key.Key_Return)


def scans_of(filt: WedgeFilter) -> list[str]:
    seen: list[str] = []
    filt.scanned.connect(seen.append)
    return seen


@pytest.fixture
def wedge(qtbot):
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    clock = KeyClock()
    filt = WedgeFilter(max_key_interval_ms=40, min_length=6, prefix="", suffix="enter", clock=clock, parent=field)
    QApplication.instance().installEventFilter(filt)
    yield filt, field, clock
    filt.stop()
    QApplication.instance().removeEventFilter(filt)


def test_fast_burst_with_enter_is_a_scan_and_types_nothing(wedge, qtbot):
    filt, field, clock = wedge
    seen = scans_of(filt)
    type_keys(qtbot, field, clock, "11010519491231002X", SCANNER_GAP_S, enter=True)
    assert seen == ["11010519491231002X"]
    assert field.text() == ""


def test_slow_typing_reaches_the_focused_field_and_is_never_a_scan(wedge, qtbot):
    filt, field, clock = wedge
    seen = scans_of(filt)
    type_keys(qtbot, field, clock, "1234567890", PERSON_GAP_S, enter=True)
    assert seen == []
    assert field.text() == "1234567890"


def test_a_pause_inside_a_burst_ends_it(wedge, qtbot):
    filt, field, clock = wedge
    seen = scans_of(filt)
    type_keys(qtbot, field, clock, "000012", SCANNER_GAP_S)
    clock.now += 0.041  # just over the 40 ms a scanner may leave between keys
    type_keys(qtbot, field, clock, "3456", SCANNER_GAP_S, enter=True)
    assert seen == []
    assert field.text() == "0000123456"


def test_short_fast_burst_is_handed_back(wedge, qtbot):
    filt, field, clock = wedge
    seen = scans_of(filt)
    type_keys(qtbot, field, clock, "ab", SCANNER_GAP_S, enter=True)
    assert seen == []
    assert field.text() == "ab"


def test_burst_without_suffix_is_handed_back_after_the_pause(wedge, qtbot):
    filt, field, clock = wedge
    seen = scans_of(filt)
    type_keys(qtbot, field, clock, "abcdefgh", SCANNER_GAP_S)
    qtbot.waitUntil(lambda: field.text() == "abcdefgh", timeout=2000)  # the pause timer fired
    assert seen == []


def test_prefix_is_required_and_stripped(qtbot):
    field = QLineEdit()
    qtbot.addWidget(field)
    clock = KeyClock()
    filt = WedgeFilter(min_length=4, prefix="]Q", clock=clock, parent=field)
    QApplication.instance().installEventFilter(filt)
    try:
        seen = scans_of(filt)
        type_keys(qtbot, field, clock, "]Q0000123456", SCANNER_GAP_S, enter=True)
        assert seen == ["0000123456"]
        clock.now += 1
        type_keys(qtbot, field, clock, "0000123456", SCANNER_GAP_S, enter=True)
        assert seen == ["0000123456"]
        assert field.text() == "0000123456"
    finally:
        filt.stop()
        QApplication.instance().removeEventFilter(filt)


def test_no_suffix_mode_accepts_a_burst_after_the_pause(qtbot):
    field = QLineEdit()
    qtbot.addWidget(field)
    clock = KeyClock()
    filt = WedgeFilter(min_length=6, suffix="none", clock=clock, parent=field)
    QApplication.instance().installEventFilter(filt)
    try:
        with qtbot.waitSignal(filt.scanned, timeout=2000) as blocker:  # the pause timer ends it
            type_keys(qtbot, field, clock, "0000123456", SCANNER_GAP_S)
        assert blocker.args == ["0000123456"]
    finally:
        filt.stop()
        QApplication.instance().removeEventFilter(filt)


def test_scanner_through_an_active_chinese_input_method_is_still_a_scan(wedge, qtbot):
    """With an IME active the scanner's keys arrive as committed text, one piece at a time."""
    from PySide6.QtGui import QInputMethodEvent

    filt, field, clock = wedge
    seen = scans_of(filt)
    for char in "0000123456":
        clock.now += SCANNER_GAP_S
        event = QInputMethodEvent()
        event.setCommitString(char)
        QApplication.sendEvent(field, event)
    clock.now += SCANNER_GAP_S
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert seen == ["0000123456"]
    assert field.text() == ""


def test_chinese_typed_through_the_input_method_reaches_the_field(wedge, qtbot):
    from PySide6.QtGui import QInputMethodEvent

    filt, field, _clock = wedge
    seen = scans_of(filt)
    event = QInputMethodEvent()
    event.setCommitString("张三")
    QApplication.sendEvent(field, event)
    assert seen == []
    assert field.text() == "张三"
