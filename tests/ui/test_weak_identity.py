"""A patient identified by a visit-card number alone is offered check-in, directions and
medicine pickup, and told in both languages how to reach the rest; their health card code
then opens every service, without asking whether to end the visit."""

from __future__ import annotations

import pytest

from kiosk.models import Assurance
from tests.ui.flows import click, current, open_service, wait_for_screen
from tests.ui.helpers import visible_texts, wedge_scan
from tests.ui.services.patient_services import press
from ui.screens.patient import PatientScreen
from ui.services.cards import ListScreen

pytestmark = pytest.mark.gateway


def _card(gateway_server) -> dict:
    return next(p for p in gateway_server.demo_patients(5) if p["status"] == "active")


def test_a_visit_card_opens_the_low_risk_services_and_a_health_code_the_rest(
    kiosk, gateway_server, qtbot
):
    card = _card(gateway_server)
    record = gateway_server.patient_record(card["health_card_id"])
    window = kiosk.window
    with qtbot.waitSignal(window.identified, timeout=10_000):
        wedge_scan(qtbot, window.home, record["visit_card_no"])
    home = current(kiosk)
    assert isinstance(home, PatientScreen) and kiosk.session.assurance is Assurance.VISIT_CARD
    qtbot.waitUntil(lambda: home.service_keys() != [], timeout=10_000)
    assert set(home.service_keys()) == {"check_in", "guidance", "pharmacy"}
    shown = "\n".join(visible_texts(window))
    assert "您使用就诊卡号登录" in shown
    assert "办理挂号、门诊缴费、电子票据、报告打印" in home.stronger_id.text()
    assert "请扫描电子健康卡二维码或身份证" in home.stronger_id.text()
    click(qtbot, window.header.language_button)
    assert "For Registration, Pay bills, E-bills, Print reports" in home.stronger_id.text()
    assert "health card QR code or ID card" in home.stronger_id.text()
    click(qtbot, window.header.language_button)

    # An offered service works on the weak visit (the gateway serves it one).
    open_service(kiosk, qtbot, "guidance")
    wait_for_screen(kiosk, qtbot, ListScreen)
    press(qtbot, kiosk, "首页")
    home = wait_for_screen(kiosk, qtbot, PatientScreen)
    assert set(home.service_keys()) == {"check_in", "guidance", "pharmacy"}

    # The same patient's health card code: a strong visit, every service, no question asked.
    with qtbot.waitSignal(window.identified, timeout=10_000) as blocker:
        wedge_scan(qtbot, home, gateway_server.code(card["health_card_id"]))
    assert not window.another_card.isVisible()
    assert blocker.args[0].patient_id == record["patient_id"]
    assert kiosk.session.assurance is Assurance.STRONG
    strong = current(kiosk)
    assert isinstance(strong, PatientScreen) and strong.stronger_id is None
    assert {"payment", "reports", "registration"} <= set(strong.service_keys())
