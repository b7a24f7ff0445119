"""A patient identified by a typed ID number is told what to present for the health record;
their own health code then opens it without asking to end the visit."""

from __future__ import annotations

import pytest

from kiosk.identity import IdentifiedBy
from tests.ui.flows import current
from tests.ui.helpers import wedge_scan
from ui.screens.patient import PatientScreen

pytestmark = pytest.mark.gateway


def test_a_typed_number_is_told_what_to_present_and_the_health_code_opens_the_record(
    kiosk, gateway_server, qtbot
):
    card = next(p for p in gateway_server.demo_patients(5) if p["status"] == "active")
    record = gateway_server.patient_record(card["health_card_id"])
    window = kiosk.window
    with qtbot.waitSignal(window.identified, timeout=10_000):
        wedge_scan(qtbot, window.home, record["id_number"])
    assert kiosk.session.identified_by is IdentifiedBy.TYPED_NUMBER
    home = current(kiosk)
    assert isinstance(home, PatientScreen)
    qtbot.waitUntil(lambda: home.service_keys() != [], timeout=10_000)
    assert "health" not in home.service_keys() and "payment" in home.service_keys()
    assert home.level_note.text() == ("办理健康服务，请出示电子健康卡二维码，或将身份证放在读卡器上，"
                                      "无需退出。")
    with qtbot.waitSignal(window.identified, timeout=10_000) as again:
        wedge_scan(qtbot, home, gateway_server.code(card["health_card_id"]))
    assert not window.another_card.isVisible()
    assert again.args[0].patient_id == record["patient_id"]
    assert kiosk.session.identified_by is IdentifiedBy.DYNAMIC_CODE
    strong = current(kiosk)
    qtbot.waitUntil(lambda: "health" in strong.service_keys(), timeout=10_000)
    assert strong.level_note is None
