"""Self-registration end to end: a real window against its own reference gateway.

A resident the platform knows scans their health code, agrees, confirms who they are and
keeps the platform's mobile number: three touches to their home, and the slip with the new
visit card's barcode is printed. An ID card read registers a resident with no health card;
a child's registration waits for a guardian's ID card on the reader."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from stdnum.cn import ric

from kiosk.cards import IdCardRead
from kiosk.session import State
from tests.ui.flows import click, current, wait_for_screen
from tests.ui.helpers import visible_texts, wedge_scan
from tests.ui.services.patient_services import button_with
from ui.screens.patient import PatientScreen
from ui.services import enrol_text as T
from ui.services.enrol import PhoneScreen

pytestmark = pytest.mark.gateway


@pytest.fixture
def kiosk(make_kiosk, gateway):
    return make_kiosk(gateway.url, gateway.token)


def _number(born: str, serial: str) -> str:
    body = "110101" + born.replace("-", "") + serial
    return body + ric.calc_check_digit(body + "0")


def _read(name: str, born: str, serial: str) -> IdCardRead:
    number = _number(born, serial)
    return IdCardRead(name=name, gender="M" if int(serial[-1]) % 2 else "F", nation="01",
                      birth_date=dt.date.fromisoformat(born), address="北京市东城区",
                      id_number=number, issuer="北京市公安局", valid_from=dt.date(2020, 1, 1),
                      valid_to=None)


class Touches:
    """Every press the patient makes, counted."""

    def __init__(self, qtbot) -> None:
        self.qtbot, self.count = qtbot, 0

    def press(self, kiosk, text: str) -> None:
        self.count += 1
        click(self.qtbot, button_with(current(kiosk), text))


def _printed(kiosk, tmp_path) -> str:
    folder = tmp_path / "printed"
    pdfs = sorted(folder.glob("*.pdf")) if folder.exists() else []
    return "\n".join(subprocess.run(["pdftotext", str(p), "-"], capture_output=True, text=True,
                                    timeout=30, check=True).stdout for p in pdfs)


def test_a_known_resident_registers_in_three_touches(kiosk, gateway, qtbot, tmp_path):
    unregistered = next(p for p in gateway.demo_patients(5) if p["status"] == "unregistered")
    touches = Touches(qtbot)
    wedge_scan(qtbot, kiosk.window.home, gateway.code(unregistered["health_card_id"]))
    qtbot.waitUntil(lambda: T.AGREE.zh in "".join(visible_texts(current(kiosk))), timeout=10_000)
    assert kiosk.session.state is State.ENROLLING
    assert current(kiosk).prompt == T.SPOKEN_CONSENT  # what is stored is said aloud
    touches.press(kiosk, T.AGREE.zh)
    shown = "\n".join(visible_texts(current(kiosk)))
    assert "*" in shown  # the identity to confirm is masked
    touches.press(kiosk, T.THATS_ME.zh)
    phone = wait_for_screen(kiosk, qtbot, PhoneScreen)
    assert "****" in phone.shown.text()  # the platform's number, masked, kept by confirming
    with qtbot.waitSignal(kiosk.window.identified, timeout=10_000):
        touches.press(kiosk, T.CONFIRM.zh)
    wait_for_screen(kiosk, qtbot, PatientScreen)
    assert touches.count <= 4
    assert kiosk.session.state is State.IDENTIFIED
    patient = kiosk.session.patient
    qtbot.waitUntil(lambda: "建档凭条" in _printed(kiosk, tmp_path), timeout=15_000)
    slip = _printed(kiosk, tmp_path)
    assert patient.visit_card_no[-4:] in slip  # the barcode's digits under the bars


def test_an_id_card_read_registers_a_resident_without_a_health_card(kiosk, qtbot):
    read = _read("赵新", "1979-08-09", "531")
    kiosk.window.handle_card(read)
    qtbot.waitUntil(lambda: T.AGREE.zh in "".join(visible_texts(current(kiosk))), timeout=10_000)
    touches = Touches(qtbot)
    touches.press(kiosk, T.AGREE.zh)
    touches.press(kiosk, T.THATS_ME.zh)
    phone = wait_for_screen(kiosk, qtbot, PhoneScreen)
    assert not phone.confirm.isEnabled()  # no number yet: nothing to confirm
    for digit in "1391234567":
        click(qtbot, phone.keys[digit])
    assert not phone.confirm.isEnabled()
    click(qtbot, phone.keys["8"])
    with qtbot.waitSignal(kiosk.window.identified, timeout=10_000):
        click(qtbot, phone.confirm)
    assert kiosk.session.patient.health_card_id  # a card registered at the platform


def test_a_child_registers_with_a_guardian_s_id_card(kiosk, qtbot):
    kiosk.window.handle_card(_read("赵小新", "2019-02-03", "542"))
    qtbot.waitUntil(lambda: T.AGREE.zh in "".join(visible_texts(current(kiosk))), timeout=10_000)
    click(qtbot, button_with(current(kiosk), T.AGREE.zh))
    click(qtbot, button_with(current(kiosk), T.THATS_ME.zh))
    qtbot.waitUntil(lambda: T.GUARDIAN_NEXT.zh in "".join(visible_texts(current(kiosk))))
    kiosk.window.handle_card(_read("赵十四", "2015-01-01", "551"))  # not an adult
    assert T.GUARDIAN_NOT_ADULT.zh in "".join(visible_texts(current(kiosk)))
    kiosk.window.handle_card(_read("赵大新", "1988-04-05", "561"))
    phone = wait_for_screen(kiosk, qtbot, PhoneScreen)
    for digit in "13912345679":
        click(qtbot, phone.keys[digit])
    with qtbot.waitSignal(kiosk.window.identified, timeout=10_000):
        click(qtbot, phone.confirm)
