"""Elder-friendly layout rules, checked on the real widgets at common kiosk screen sizes, in
the ordinary mode and in elder-care mode (text ≥ 36 px, touch targets ≥ 112 px)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel

from tests.ui.helpers import wedge_scan

pytestmark = pytest.mark.gateway

SCREENS = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
MODES = ["ordinary", "elder"]
# (smallest text, lowest button) in each mode
FLOORS = {False: (28, 64), True: (36, 112)}


def check_readable(window) -> None:
    """The current screen, and in elder-care mode the header and footer too."""
    elder = window.elder.on
    text_px, button_px = FLOORS[elder]
    current = window.stack.currentWidget()
    parts = [current, window.header, window.footer, window.help_banner] if elder else [current]
    for part in parts:
        for widget in [*part.findChildren(QLabel), *part.findChildren(QAbstractButton)]:
            if not widget.isVisibleTo(window) or not widget.text():
                continue
            widget.ensurePolished()
            assert widget.font().pixelSize() >= text_px, (type(widget).__name__, widget.text())
            if isinstance(widget, QAbstractButton):
                assert widget.height() >= button_px, widget.text()


def senior_mode(qtbot, window) -> None:
    """The home screen's large button, pressed before the scan."""
    from tests.ui.flows import click

    click(qtbot, window.home.senior)
    assert window.elder.on


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("orientation", SCREENS)
def test_screens_fit_and_are_readable(make_kiosk, gateway_server, qtbot, orientation, mode):
    width, height = SCREENS[orientation]
    # The demo panel stands below the screens in the ordinary mode's check (a demo kiosk).
    kiosk = make_kiosk(gateway_server.url, gateway_server.token, demo={"scan_panel": mode == "ordinary"})
    window = kiosk.window
    if mode == "ordinary":
        qtbot.waitUntil(lambda: "patient-0" in window.demo_panel.buttons, timeout=10_000)
    window.resize(width, height)
    if mode == "elder":
        senior_mode(qtbot, window)
    qtbot.waitUntil(lambda: window.footer.help_button.isVisible(), timeout=10_000)
    hint = window.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height, hint
    check_readable(window)
    # The keypad, in either mode.
    from tests.ui.flows import click

    click(qtbot, window.home.type_id_button)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.keypad.screen)
    hint = window.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height, hint
    check_readable(window)
    click(qtbot, window.keypad.screen.nav.back_button)

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
