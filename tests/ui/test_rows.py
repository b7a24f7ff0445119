"""Label / value rows share a baseline: the grey 28 px label stands on the same line as its
30 px value, and as the 44 px amount due, at both panel sizes and in both languages."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint

from kiosk.errors import Text
from tests.ui.test_layout import SCREENS
from tests.ui.test_paged_lists import settle, show
from ui.language import LanguageModel
from ui.rows import RowLabel
from ui.screens.generic import SummaryScreen
from ui.services.cards import ListScreen

ROWS = [
    (Text("科室", "Department"), Text("心血管内科", "Cardiology")),
    (Text("就诊地点", "Where"), Text("门诊楼1楼 120 全科医学诊区", "Outpatient Building, floor 1, room 120")),
    (Text("医生", "Doctor"), Text("王*明 主任医师", "王*明 Chief physician")),
    (Text("应付金额", "To pay"), Text("¥ 25.00", "¥ 25.00")),
]


def baseline(widget, root) -> int:
    return widget.mapTo(root, QPoint(0, 0)).y() + widget.contentsRect().top() + widget.fontMetrics().ascent()


def check(qtbot, screen) -> int:
    settle(qtbot, screen)
    labels = [w for w in screen.findChildren(RowLabel) if w.isVisible()]
    assert labels
    for label in labels:
        drift = baseline(label, screen) - baseline(label._value, screen)
        assert abs(drift) <= 1, (label.text(), drift)
        value = label._value
        # The value fills its column: a short one stays on one line, none is cut off.
        assert value.height() >= value.heightForWidth(value.width()), value.text()
        assert value.width() >= label.parentWidget().width() // 3, value.text()
    return len(labels)


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("orientation", SCREENS)
def test_summary_rows_share_a_baseline(qtbot, orientation, language):
    model = LanguageModel()
    model.set(language)
    screen = SummaryScreen(Text("请确认", "Please confirm"), ROWS, Text("确认", "Confirm"), model, emphasis=2)
    show(qtbot, screen, SCREENS[orientation])
    assert check(qtbot, screen) == 4


def test_card_rows_share_a_baseline(qtbot):
    model = LanguageModel()
    screen = ListScreen(Text("健康档案", "Health record"), model)
    screen.card().add_rows(ROWS)
    show(qtbot, screen, SCREENS["landscape"])
    assert check(qtbot, screen) == 4


def test_the_offline_banner_keeps_the_page_margin(qtbot):
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from ui.chrome import OfflineBanner
    from ui.theme import STYLE as THEME

    model = LanguageModel()
    window = QWidget()
    column = QVBoxLayout(window)
    column.setContentsMargins(0, 0, 0, 0)
    banner = OfflineBanner(model)
    screen = SummaryScreen(Text("请确认", "Please confirm"), ROWS, None, model)
    column.addWidget(banner)
    column.addWidget(screen, 1)
    window.setStyleSheet(THEME)
    qtbot.addWidget(window)
    window.resize(*SCREENS["landscape"])
    window.show()
    banner.show()
    qtbot.waitExposed(window)
    settle(qtbot, window)
    text_left = banner.mapTo(window, banner.contentsRect().topLeft()).x()
    title_left = screen.title.mapTo(window, screen.title.contentsRect().topLeft()).x()
    assert text_left == title_left
