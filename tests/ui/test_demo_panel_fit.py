"""The demo scan panel never clips a caption: in English it takes fewer columns, at both sizes."""

from __future__ import annotations

import pytest

from tests.ui.test_layout import SCREENS

pytestmark = pytest.mark.gateway


@pytest.mark.parametrize("orientation", SCREENS)
def test_demo_buttons_show_their_whole_caption_in_both_languages(make_kiosk, gateway_server, qtbot, orientation):
    kiosk = make_kiosk(gateway_server.url, gateway_server.token, demo={"scan_panel": True})
    window = kiosk.window
    qtbot.waitUntil(lambda: "unknown" in window.demo_panel.buttons, timeout=10_000)
    window.resize(*SCREENS[orientation])
    for language in ("en", "zh"):
        if window.header.language_button.text() != ("中文" if language == "en" else "English"):
            window.header.language_button.click()
        qtbot.wait(1)  # the panel measures again on the next turn of the event loop
        qtbot.waitUntil(lambda: all(b.width() >= b.sizeHint().width() for b in window.demo_panel.buttons.values()),
                        timeout=2_000)
