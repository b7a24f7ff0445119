"""Elder-friendly layout rules, checked on the real widgets at common kiosk screen sizes."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel

from tests.ui.helpers import wedge_scan

pytestmark = pytest.mark.gateway

SCREENS = {"landscape": (1920, 1080), "portrait": (1080, 1920)}


def check_readable(window) -> None:
    current = window.stack.currentWidget()
    for widget in [*current.findChildren(QLabel), *current.findChildren(QAbstractButton)]:
        if not widget.isVisibleTo(window) or not widget.text():
            continue
        widget.ensurePolished()
        assert widget.font().pixelSize() >= 28, (type(widget).__name__, widget.text())
        if isinstance(widget, QAbstractButton):
            assert widget.height() >= 64, widget.text()


@pytest.mark.parametrize("orientation", SCREENS)
def test_screens_fit_and_are_readable(make_kiosk, gateway_server, qtbot, orientation):
    width, height = SCREENS[orientation]
    kiosk = make_kiosk(gateway_server.url, gateway_server.token, demo={"scan_panel": True})
    window = kiosk.window
    qtbot.waitUntil(lambda: "patient-0" in window.demo_panel.buttons, timeout=10_000)
    window.resize(width, height)
    hint = window.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height, hint
    check_readable(window)

    card = next(p for p in gateway_server.demo_patients(3) if p["status"] == "active")
    with qtbot.waitSignal(window.identified, timeout=10_000):
        wedge_scan(qtbot, window.home, gateway_server.code(card["health_card_id"]))
    hint = window.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height, hint
    qtbot.waitUntil(lambda: window.stack.currentWidget().height() > 0)
    check_readable(window)


def test_a_windowed_kiosk_takes_the_screens_orientation():
    from ui.app import window_size

    assert window_size(1920, 1080) == (1920, 1080)
    assert window_size(1080, 1920) == (1080, 1920)
    assert window_size(2560, 1440) == (1920, 1080)
    assert window_size(1366, 768) == (1366, 768)
    assert window_size(768, 1024) == (768, 1024)
