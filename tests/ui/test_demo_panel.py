from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.session import EndReason, State

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
    kiosk.session.end(EndReason.FINISHED)  # (mid-visit, another card first asks to end it)
    for key, expected in (
        ("expired", "expired_code"),
        ("cancelled", "card_cancelled"),
        ("unknown", "code_rejected"),
    ):
        with qtbot.waitSignal(kiosk.window.failed, timeout=10_000) as blocker:
            qtbot.mouseClick(panel.buttons[key], Qt.MouseButton.LeftButton)
        assert blocker.args == [expected], key
    # A resident the platform knows but the hospital does not is offered registration here.
    qtbot.mouseClick(panel.buttons["unregistered"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.session.state is State.ENROLLING, timeout=10_000)


def test_demo_insurance_voucher_belongs_to_the_patient_shown_last(make_kiosk, gateway_server, qtbot):
    kiosk = make_kiosk(gateway_server.url, gateway_server.token, demo={"scan_panel": True})
    panel = kiosk.window.demo_panel
    qtbot.waitUntil(lambda: "insurance" in panel.buttons, timeout=10_000)
    insured = [
        i for i, p in enumerate(p for p in gateway_server.demo_patients(4) if p["status"] == "active") if p["insured"]
    ]
    key = f"patient-{insured[-1]}"
    with qtbot.waitSignal(kiosk.window.identified, timeout=10_000) as first:
        qtbot.mouseClick(panel.buttons[key], Qt.MouseButton.LeftButton)
    # At the home screen the voucher itself identifies its holder: the same person.
    kiosk.session.end(EndReason.FINISHED)
    with qtbot.waitSignal(kiosk.window.identified, timeout=10_000) as second:
        qtbot.mouseClick(panel.buttons["insurance"], Qt.MouseButton.LeftButton)
    assert second.args[0].patient_id == first.args[0].patient_id


def test_the_wristband_button_presents_the_demo_stays_in_turn_and_a_payment_code_is_shown(
    make_kiosk, gateway_server, qtbot
):
    import re

    from kiosk.models import Assurance

    kiosk = make_kiosk(gateway_server.url, gateway_server.token, demo={"scan_panel": True})
    panel = kiosk.window.demo_panel
    qtbot.waitUntil(lambda: "wristband" in panel.buttons, timeout=10_000)
    assert "payment_code" in panel.buttons and len(panel.wristbands) >= 2
    seen = []
    for _ in range(2):
        with qtbot.waitSignal(panel.scanned, timeout=5_000) as scan:
            qtbot.mouseClick(panel.buttons["wristband"], Qt.MouseButton.LeftButton)
        seen.append(scan.args[0].text)
    assert seen == panel.wristbands[:2]
    kiosk.session.end(EndReason.FINISHED)
    with qtbot.waitSignal(kiosk.window.identified, timeout=10_000):
        panel._wristband_turn = 0
        qtbot.mouseClick(panel.buttons["wristband"], Qt.MouseButton.LeftButton)
    assert kiosk.session.assurance is Assurance.WRISTBAND
    kiosk.session.end(EndReason.FINISHED)
    # The payer's payment code, as the demo wallet page shows it (a WeChat code's shape).
    with qtbot.waitSignal(panel.scanned, timeout=5_000) as scan:
        qtbot.mouseClick(panel.buttons["payment_code"], Qt.MouseButton.LeftButton)
    assert re.fullmatch(r"13\d{16}", scan.args[0].text)
