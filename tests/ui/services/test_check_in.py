"""Check-in end to end against the reference gateway, whose clock reads 09:00 of the suite's
day (check-in is only possible on the day, before the session ends): today's appointments
→ check in → queue number, place and wait → queue ticket printed → usage reported."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import uuid
from contextlib import closing

import pytest

from kiosk.privacy import mask_name
from kiosk.session import EndReason
from testbed.gateway_process import GatewayProcess
from testbed.suite_time import HOSPITAL_ZONE, on_suite_day
from tests.ui.flows import click, current, open_service, wait_for_screen
from tests.ui.helpers import visible_texts, wedge_scan
from ui.screens.generic import ChoiceScreen, NoticeScreen
from ui.screens.patient import PatientScreen
from ui.services import check_in_text as T
from ui.services.result import ResultScreen

pytestmark = pytest.mark.gateway


@pytest.fixture(scope="module")
def morning(tmp_path_factory):
    server = GatewayProcess(tmp_path_factory.mktemp("morning") / "gw.sqlite", start_time=on_suite_day(dt.time(9, 0)))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def booked(morning) -> list[str]:
    """Cards of patients with a booked appointment today; each test takes its own."""
    return [p["health_card_id"] for p in morning.scenarios()["appointment_today"]]


def gateway_today(server) -> str:
    return dt.datetime.fromtimestamp(server.time_source(), HOSPITAL_ZONE).date().isoformat()


def printing_to(folder) -> dict:
    return {"a4": {"type": "folder", "path": str(folder)}, "slip": {"type": "folder", "path": str(folder)},
            "poll_interval_s": 0.05}


def rows(server, sql: str, *args) -> list[tuple]:
    with closing(sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True)) as conn:
        return conn.execute(sql, args).fetchall()


def appointments(server, card: str) -> list[dict]:
    return server.get("/api/v1/patients/me/appointments", headers=server.visit(card)).json()["appointments"]


def to_choices(kiosk, qtbot, server, card: str) -> ChoiceScreen:
    with qtbot.waitSignal(kiosk.window.identified, timeout=10_000):
        wedge_scan(qtbot, current(kiosk), server.code(card))
    wait_for_screen(kiosk, qtbot, PatientScreen)
    open_service(kiosk, qtbot, "check_in")
    return wait_for_screen(kiosk, qtbot, ChoiceScreen)


def end_visit(kiosk, qtbot) -> None:
    screen = kiosk.window.services.top
    if isinstance(screen, ResultScreen):
        qtbot.waitUntil(lambda: screen.job_state is not None and not screen._timer.isActive(), timeout=10_000)
    kiosk.session.end(EndReason.FINISHED)


def test_check_in_shows_the_queue_and_prints_a_ticket(make_kiosk, morning, booked, qtbot, tmp_path):
    out = tmp_path / "printed"
    kiosk = make_kiosk(morning.url, morning.token, morning.time_source, printing=printing_to(out))
    card = booked[0]
    record = morning.patient_record(card)
    (appointment,) = [a for a in appointments(morning, card) if a["status"] == "booked"]
    choices = to_choices(kiosk, qtbot, morning, card)
    assert len(choices.buttons) == 1 and choices.buttons[0].isEnabled()
    assert choices.title.text() == T.CHOOSE_ONE.zh  # one appointment: press it, nothing to choose
    click(qtbot, choices.buttons[0])

    result = wait_for_screen(kiosk, qtbot, ResultScreen)
    assert result.title.text() == T.DONE.zh
    assert result.queue_number.text() == str(appointment["queue_no"])
    assert appointment["location"]["text"] in visible_texts(result)
    assert [a["status"] for a in appointments(morning, card)] == ["checked_in"]

    qtbot.waitUntil(lambda: result.job_state is not None and result.job_state.value == "completed", timeout=10_000)
    (pdf,) = out.glob("*.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=30).stdout
    assert T.TICKET_TITLE in text and T.TICKET_STATUS in text and str(appointment["queue_no"]) in text
    assert "挂号费" not in text and "收据号" not in text  # a queue ticket knows no fee or receipt
    assert mask_name(record["name"]) in text and record["name"] not in text and record["id_number"] not in text

    qtbot.waitUntil(lambda: kiosk.window.services.context.outbox.pending() == 0, timeout=10_000)
    pid = rows(morning, "SELECT patient_id FROM patients WHERE health_card_id = ?", card)[0][0]
    assert ("0101013", "0200") in rows(morning, "SELECT scene, channel FROM usage_reports WHERE patient_id = ?", pid)
    end_visit(kiosk, qtbot)


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
def test_the_check_in_result_fits_the_screen(make_kiosk, morning, booked, qtbot, tmp_path, size):
    """The result (queue number, place, wait, visit, print state) with the demo panel below
    never asks for more than the screen: a window that grows stays grown for the next
    patient and cuts off the help footer."""
    width, height = size
    kiosk = make_kiosk(morning.url, morning.token, morning.time_source, printing=printing_to(tmp_path),
                       demo={"scan_panel": True})
    kiosk.window.resize(width, height)
    card = booked[4 if width > height else 5]
    choices = to_choices(kiosk, qtbot, morning, card)
    click(qtbot, choices.buttons[0])
    result = wait_for_screen(kiosk, qtbot, ResultScreen)
    qtbot.waitUntil(lambda: result.job_state is not None, timeout=10_000)
    hint = kiosk.window.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height, (hint, size)
    end_visit(kiosk, qtbot)


def test_already_checked_in_shows_the_existing_queue(make_kiosk, morning, booked, qtbot, tmp_path):
    kiosk = make_kiosk(morning.url, morning.token, morning.time_source, printing=printing_to(tmp_path))
    card = booked[1]
    (appointment,) = [a for a in appointments(morning, card) if a["status"] == "booked"]
    # Checked in a moment ago at a staffed window.
    first = morning.post(f"/api/v1/appointments/{appointment['appointment_id']}/check-in", {},
                         headers={**morning.visit(card), "Idempotency-Key": str(uuid.uuid4())}).json()
    choices = to_choices(kiosk, qtbot, morning, card)
    assert T.CHECKED_IN.zh in choices.buttons[0].text()
    assert choices.title.text() == T.ALL_CHECKED_IN.zh  # not "choose one to check in"
    click(qtbot, choices.buttons[0])

    result = wait_for_screen(kiosk, qtbot, ResultScreen)
    assert result.title.text() == T.ALREADY.zh
    assert result.queue_number.text() == str(first["queue_no"])
    end_visit(kiosk, qtbot)


def test_no_appointment_today_says_so(make_kiosk, morning, booked, qtbot, tmp_path):
    kiosk = make_kiosk(morning.url, morning.token, morning.time_source, printing=printing_to(tmp_path))
    card = next(p["health_card_id"] for p in morning.demo_patients(30)
                if p["status"] == "active" and p["health_card_id"] not in booked)
    choices = to_choices(kiosk, qtbot, morning, card)
    assert not choices.buttons and T.NONE_TODAY.zh in visible_texts(choices)
    click(qtbot, choices.nav.back_button)
    wait_for_screen(kiosk, qtbot, PatientScreen)
    end_visit(kiosk, qtbot)


def test_home_before_choosing_checks_nothing_in(make_kiosk, morning, booked, qtbot, tmp_path):
    kiosk = make_kiosk(morning.url, morning.token, morning.time_source, printing=printing_to(tmp_path))
    card = booked[2]
    choices = to_choices(kiosk, qtbot, morning, card)
    click(qtbot, choices.nav.home_button)
    wait_for_screen(kiosk, qtbot, PatientScreen)
    assert kiosk.window.services.flow is None
    assert [a["status"] for a in appointments(morning, card) if a["date"] == gateway_today(morning)] == ["booked"]
    end_visit(kiosk, qtbot)


def test_gateway_refusal_shows_what_to_do(make_kiosk, morning, booked, qtbot, tmp_path):
    kiosk = make_kiosk(morning.url, morning.token, morning.time_source, printing=printing_to(tmp_path))
    card = booked[3]
    choices = to_choices(kiosk, qtbot, morning, card)
    morning.advance(31 * 60)  # the patient stood still for half an hour: the visit has lapsed
    click(qtbot, choices.buttons[0])
    notice = wait_for_screen(kiosk, qtbot, NoticeScreen)
    assert notice.title.text()  # the gateway's refusal in the kiosk's words, with a next step
    click(qtbot, notice.nav.back_button)
    assert current(kiosk) is choices
    click(qtbot, choices.nav.home_button)
    wait_for_screen(kiosk, qtbot, PatientScreen)
    end_visit(kiosk, qtbot)
