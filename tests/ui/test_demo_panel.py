from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

pytestmark = pytest.mark.gateway


def test_demo_panel_presents_codes_like_a_phone(make_kiosk, gateway_server, qtbot):
    kiosk = make_kiosk(gateway_server.url, gateway_server.token, demo={"scan_panel": True})
    panel = kiosk.window.demo_panel
    qtbot.waitUntil(lambda: "patient-0" in panel.buttons, timeout=10_000)
    assert {"expired", "cancelled", "unregistered", "unknown"} <= set(panel.buttons)
    # Demo buttons show masked names only.
    assert all("*" in panel.buttons[k].text() for k in panel.buttons if k.startswith("patient-"))

    with qtbot.waitSignal(kiosk.window.identified, timeout=10_000):
        qtbot.mouseClick(panel.buttons["patient-0"], Qt.MouseButton.LeftButton)
    for key, expected in (
        ("expired", "expired_code"),
        ("cancelled", "card_cancelled"),
        ("unregistered", "not_registered"),
        ("unknown", "code_rejected"),
    ):
        with qtbot.waitSignal(kiosk.window.failed, timeout=10_000) as blocker:
            qtbot.mouseClick(panel.buttons[key], Qt.MouseButton.LeftButton)
        assert blocker.args == [expected], key
