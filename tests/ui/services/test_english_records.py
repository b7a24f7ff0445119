"""In English mode the records read in English: department names on pickup cards and report
details, and the specimen of a lab report (the gateway sends the English names)."""

from __future__ import annotations

import pytest

from tests.ui.flows import click, identify, open_service
from tests.ui.services.patient_services import EVERYTHING, press, texts, wait_text

pytestmark = pytest.mark.gateway


def test_pickup_and_report_name_departments_in_english(make_kiosk, gateway, qtbot):
    kiosk = make_kiosk(gateway.url, gateway.token)
    identify(kiosk, qtbot, gateway, EVERYTHING)
    click(qtbot, kiosk.window.header.language_button)
    open_service(kiosk, qtbot, "pharmacy")
    shown = wait_text(qtbot, kiosk, "prescribed")
    assert "Cardiology" in texts(shown) and "心血管内科" not in texts(shown)
    kiosk.window.services.patient_home()
    open_service(kiosk, qtbot, "reports")
    wait_text(qtbot, kiosk, "Complete blood count")
    press(qtbot, kiosk, "Complete blood count")
    detail = wait_text(qtbot, kiosk, "specimen")
    assert "Whole blood" in texts(detail) and "全血" not in texts(detail)
