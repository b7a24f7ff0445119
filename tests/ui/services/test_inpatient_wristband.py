"""A family member at the bedside scans the patient's wristband: the home offers the stay's
services (and check-in, directions, medicine pickup), the deposit is topped up through
scan-to-pay, and payment and reports are listed as needing the health card or ID card — the
gateway would refuse them to a wristband visit."""

from __future__ import annotations

import pytest

from kiosk.models import Assurance
from tests.ui.flows import click, current, open_service, wait_for_screen
from tests.ui.services import patient_services as ps
from tests.ui.services.test_inpatient import pay_on_phone, printing_to, rows, stay, wristband
from ui.screens.generic import SummaryScreen
from ui.screens.patient import PatientScreen
from ui.services.inpatient_screens import AmountScreen, StayScreen
from ui.services.result import ResultScreen

pytestmark = pytest.mark.gateway


def test_a_wristband_tops_up_the_deposit_and_asks_the_card_for_the_rest(
    make_kiosk, gateway, qtbot, tmp_path
):
    kiosk = make_kiosk(gateway.url, gateway.token, printing=printing_to(tmp_path / "printed"))
    fine = stay(gateway, "comfortable2")
    home = wristband(kiosk, qtbot, fine["inpatient_no"])
    assert kiosk.session.assurance is Assurance.WRISTBAND
    qtbot.waitUntil(lambda: "inpatient" in current(kiosk).service_keys(), timeout=10_000)
    home = current(kiosk)
    keys = set(home.service_keys())
    assert "inpatient" in keys and not keys & {"payment", "reports", "my_records", "health"}
    assert "您使用住院腕带登录" in home.prompt.zh
    asked = home.stronger_id.text()
    assert "门诊缴费" in asked and "报告打印" in asked and "电子健康卡二维码或身份证" in asked

    open_service(kiosk, qtbot, "inpatient")
    summary = wait_for_screen(kiosk, qtbot, StayScreen)
    click(qtbot, summary.top_up_button)
    amounts = wait_for_screen(kiosk, qtbot, AmountScreen)
    yuan = min(amounts.presets)
    click(qtbot, amounts.presets[yuan])
    click(qtbot, wait_for_screen(kiosk, qtbot, SummaryScreen).action)
    result = pay_on_phone(kiosk, qtbot, gateway)
    assert isinstance(result, ResultScreen)
    paid = rows(gateway, "SELECT amount_fen FROM deposits WHERE admission_id = ? AND channel = 'kiosk'"
                " AND status = 'paid'", fine["admission_id"])
    assert paid == [(yuan * 100,)]

    # Home again: still the stay and the low-risk services, still asking for the card.
    click(qtbot, result.done)
    again = wait_for_screen(kiosk, qtbot, PatientScreen)
    qtbot.waitUntil(lambda: again.stronger_id is not None, timeout=10_000)
    assert "payment" not in again.service_keys() and "门诊缴费" in again.stronger_id.text()
    ps.end_and_check_wiped(kiosk, qtbot, gateway.patient_record(fine["card"]), fine["inpatient_no"])
