"""In English mode the records read in English: department names on pickup cards and report
details, and the specimen of a lab report (the gateway sends the English names)."""

from __future__ import annotations

import pytest

from tests.ui.flows import click, identify, open_service
from tests.ui.services.patient_services import EVERYTHING, press, texts, wait_away, wait_text

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


def _cjk(text: str) -> list[str]:
    """The lines of ``text`` holding Chinese characters (people's names aside)."""
    return [line for line in text.splitlines() if any("\u4e00" <= ch <= "\u9fff" for ch in line)]


def test_medicines_and_the_health_record_read_in_english(make_kiosk, gateway, qtbot):
    """Drug names, their label text and units, allergies, conditions and diagnoses come in
    English from the gateway's glossary; only the spec (``5mg×28片``) stays as printed."""
    kiosk = make_kiosk(gateway.url, gateway.token)
    identify(kiosk, qtbot, gateway, EVERYTHING)
    click(qtbot, kiosk.window.header.language_button)
    open_service(kiosk, qtbot, "pharmacy")
    shown = texts(wait_text(qtbot, kiosk, "prescribed"))
    assert "Amlodipine besylate tablets" in shown and "苯磺酸氨氯地平片" not in shown
    assert "How to take: By mouth; 1 tablet each time; once a day" in shown
    assert "× 1 box" in shown and "口服" not in shown
    kiosk.window.services.patient_home()

    open_service(kiosk, qtbot, "health")
    menu = wait_text(qtbot, kiosk, "Health record")
    press(qtbot, kiosk, "Health record")
    wait_away(qtbot, kiosk, menu)
    press(qtbot, kiosk, "Agree")
    record = texts(wait_text(qtbot, kiosk, "Sulfonamides"))
    assert "Hypertension" in record and "Hyperlipidaemia" in record
    assert "Cough, cause to be found" in record and "Respiratory Medicine" in record
    assert not _cjk(record), _cjk(record)
