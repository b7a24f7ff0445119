"""Elder patients' journeys against the real gateway, counting the touches after the scan.

A patient of 75 with two ready reports prints both in at most 2 touches; an elder pays a
bill in at most 4 and checks in to a booked appointment in at most 2; a patient who taps
Call staff is seen at the staff side, and staff closing it lets the session go. Elder-care
mode comes on by age alone, and goes with the session.
"""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QLabel

from kiosk.session import EndReason
from printing.queue import QueueState
from tests.ui.flows import choose_first, click, current, open_service, touches, wait_for_screen
from tests.ui.helpers import wedge_scan
from ui import strings as S
from ui.screens.generic import ChoiceScreen, SummaryScreen
from ui.screens.patient import PatientScreen
from ui.services.pay_step import PayScreen
from ui.services.payment_screens import VoucherScreen
from ui.services.report_view import ReportPrintScreen
from ui.services.result import ResultScreen
from ui.theme import ELDER_STYLE

pytestmark = pytest.mark.gateway


def rows(gateway, sql: str, *args) -> list[tuple]:
    with sqlite3.connect(gateway.db_path) as conn:
        return conn.execute(sql, args).fetchall()


def elder_whose_first_step(gateway, service: str, *, age: int = 65, count: int | None = None) -> dict:
    """A demo elder whose next action (as the gateway says) is ``service``."""
    for card in gateway.scenarios()["elders"]:
        answer = gateway.identify(gateway.code(card["health_card_id"])).json()
        if answer["patient"]["age"] < age:
            continue
        visit = {"X-Visit-Token": answer["visit_token"]}
        actions = gateway.get("/api/v1/patients/me/next-actions", headers=visit).json()["actions"]
        gateway.http.delete(f"{gateway.url}/api/v1/visits/current", headers=visit, timeout=10)
        if actions and actions[0]["service"] == service and (count is None or actions[0].get("count") == count):
            return {**card, "age": answer["patient"]["age"], "action": actions[0]}
    raise AssertionError(f"no demo elder of {age}+ has {service} first")


def scan_in(kiosk, qtbot, gateway, card: dict) -> PatientScreen:
    with qtbot.waitSignal(kiosk.window.identified, timeout=10_000):
        wedge_scan(qtbot, kiosk.window.home, gateway.code(card["health_card_id"]))
    home = wait_for_screen(kiosk, qtbot, PatientScreen)
    assert kiosk.window.elder.on, "elder-care mode comes on by age"
    assert kiosk.window.styleSheet() == ELDER_STYLE
    assert kiosk.session.idle_timeout_s == 180 and kiosk.session.warning_s == 45
    return home


def at_kiosk(make_kiosk, gateway, qtbot, card: dict, size: tuple[int, int] = (1920, 1080)):
    """A kiosk with the elder identified on it: (kiosk, their home, a counting press, the count)."""
    kiosk = make_kiosk(gateway.url, gateway.token, gateway.time_source)
    kiosk.window.resize(*size)
    home = scan_in(kiosk, qtbot, gateway, card)
    counted: list[int] = []
    return kiosk, home, touches(qtbot, counted), counted


def call_staff(kiosk, qtbot) -> str:
    """The footer's Call staff pressed; the request's id once the gateway has it."""
    window = kiosk.window
    qtbot.waitUntil(window.footer.help_button.isVisible, timeout=10_000)
    click(qtbot, window.footer.help_button)
    qtbot.waitUntil(lambda: window.help.request is not None, timeout=10_000)
    return window.help.request.request_id


def action_button(home: PatientScreen, service: str):
    (button,) = [b for b in home.action_buttons if b.property("service") == service][:1]
    return button


def test_a_75_year_old_prints_both_ready_reports_in_two_touches(make_kiosk, gateway, qtbot):
    card = elder_whose_first_step(gateway, "reports", age=75, count=2)
    report_ids = card["action"]["report_ids"]
    before = dict(rows(gateway, "SELECT report_id, print_count FROM reports WHERE report_id IN (?, ?)", *report_ids))
    kiosk, home, press, counted = at_kiosk(make_kiosk, gateway, qtbot, card, (1080, 1920))

    button = action_button(home, "reports")
    assert button.text() == "打印 2 份报告" and not home.menu_shown
    press(button)  # 1
    result = wait_for_screen(kiosk, qtbot, ReportPrintScreen, timeout=20_000)
    qtbot.waitUntil(lambda: result.job_state is QueueState.COMPLETED, timeout=30_000)
    assert len(result._jobs) == 2
    after = dict(rows(gateway, "SELECT report_id, print_count FROM reports WHERE report_id IN (?, ?)", *report_ids))
    assert {r: after[r] - before[r] for r in report_ids} == {r: 1 for r in report_ids}
    press(result.done)  # 2
    wait_for_screen(kiosk, qtbot, PatientScreen)
    assert len(counted) <= 2
    kiosk.session.end(EndReason.FINISHED)
    assert not kiosk.window.elder.on and kiosk.window.styleSheet() == ""
    assert kiosk.session.idle_timeout_s == 90


def test_an_elder_pays_the_bills_in_four_touches(make_kiosk, gateway, qtbot):
    card = elder_whose_first_step(gateway, "payment")
    bill_ids = card["action"]["bill_ids"]
    kiosk, home, press, counted = at_kiosk(make_kiosk, gateway, qtbot, card)
    flow = lambda: kiosk.window.services.flow  # noqa: E731

    press(action_button(home, "payment"))  # 1: 缴费 ¥…, straight to these bills
    qtbot.waitUntil(lambda: current(kiosk) in (flow().voucher_screen, flow().confirm_screen), timeout=15_000)
    if isinstance(current(kiosk), VoucherScreen):
        press(current(kiosk).self_pay_button)  # 2: no voucher on them today
    qtbot.waitUntil(lambda: current(kiosk) is flow().confirm_screen, timeout=15_000)
    press(flow().confirm_screen.action)  # 3: 支付 ¥…
    pay_screen = wait_for_screen(kiosk, qtbot, PayScreen, timeout=15_000)
    pay = kiosk.window.services.flow.pay_step
    gateway.confirm_payment(pay.order.payment_id)  # on the phone, not the kiosk
    pay.poll_now()
    qtbot.waitUntil(lambda: current(kiosk) is not pay_screen, timeout=15_000)
    result = wait_for_screen(kiosk, qtbot, ResultScreen, timeout=20_000)
    press(result.done)  # 4
    assert len(counted) <= 4
    paid = rows(gateway, f"SELECT status FROM bills WHERE bill_id IN ({','.join('?' * len(bill_ids))})", *bill_ids)
    assert {s for (s,) in paid} == {"paid"}
    kiosk.session.end(EndReason.FINISHED)


def test_an_elder_checks_in_in_two_touches(make_kiosk, gateway, qtbot):
    card = elder_whose_first_step(gateway, "check_in")
    appointment_id = card["action"]["appointment_id"]
    kiosk, home, press, counted = at_kiosk(make_kiosk, gateway, qtbot, card, (1080, 1920))

    press(action_button(home, "check_in"))  # 1: 签到 …, this appointment
    result = wait_for_screen(kiosk, qtbot, ResultScreen, timeout=20_000)
    assert rows(gateway, "SELECT status FROM registrations WHERE registration_id = ?", appointment_id) == [("checked_in",)]
    press(result.done)  # 2
    assert len(counted) <= 2
    kiosk.session.end(EndReason.FINISHED)


def test_call_staff_reaches_the_staff_and_holds_the_session(make_kiosk, gateway, qtbot):
    card = elder_whose_first_step(gateway, "reports")
    kiosk, _home, _press, _counted = at_kiosk(make_kiosk, gateway, qtbot, card)
    window = kiosk.window
    call_staff(kiosk, qtbot)
    assert window.help_banner.isVisible() and window.help_banner.text.text() == S.STAFF_COMING.zh
    assert kiosk.session.held  # not signed out while waiting for a person
    assert window.monitoring.board.snapshot().help_requests_open == 1  # the fleet's gauge
    kiosk.clock.advance(10_000)
    window.idle.tick()
    assert kiosk.session.patient is not None

    staff = gateway.staff_headers()
    listed = gateway.get("/api/v1/help-requests", headers=staff).json()["requests"]
    (request,) = [r for r in listed if r["request_id"] == window.help.request.request_id]
    assert request["terminal_id"] == "KIOSK-01" and request["screen"] == "patient"
    assert request["status"] == "open" and request["waited_s"] >= 0
    body = str(request)
    assert card["name"] not in body and card["health_card_id"] not in body

    rid = request["request_id"]
    ack = gateway.post(f"/api/v1/help-requests/{rid}/acknowledge", headers={**staff, "Idempotency-Key": f"ack-{rid}"})
    assert ack.status_code == 200, ack.text
    window.help._follow()
    qtbot.waitUntil(lambda: window.help.request.acknowledged, timeout=10_000)
    assert ack.json()["acknowledged_by"] in window.help_banner.text.text()
    done = gateway.post(f"/api/v1/help-requests/{rid}/close", headers={**staff, "Idempotency-Key": f"close-{rid}"})
    assert done.status_code == 200, done.text
    window.help._follow()
    qtbot.waitUntil(lambda: window.help.request is None, timeout=10_000)
    assert not window.help_banner.isVisible() and not kiosk.session.held
    assert window.monitoring.board.snapshot().help_requests_open == 0
    kiosk.session.end(EndReason.FINISHED)


def test_a_patient_who_leaves_cancels_the_call(make_kiosk, gateway, qtbot):
    card = elder_whose_first_step(gateway, "reports")
    kiosk, _home, _press, _counted = at_kiosk(make_kiosk, gateway, qtbot, card)
    window = kiosk.window
    rid = call_staff(kiosk, qtbot)
    click(qtbot, window.patient_home.screen.finish)  # 退出: the patient leaves
    qtbot.waitUntil(lambda: rows(gateway, "SELECT status FROM help_requests WHERE request_id = ?", rid)
                    == [("closed",)], timeout=10_000)
    assert not window.help_banner.isVisible()


def test_an_id_number_typed_on_the_keypad_identifies_through_the_same_call(make_kiosk, gateway, qtbot):
    card = elder_whose_first_step(gateway, "reports")
    number = gateway.patient_record(card["health_card_id"])["id_number"]
    kiosk = make_kiosk(gateway.url, gateway.token, gateway.time_source)
    window = kiosk.window
    click(qtbot, window.home.senior)  # large keys too
    click(qtbot, window.home.type_id_button)
    keypad = window.keypad.screen
    assert not keypad.confirm.isEnabled()
    wrong = "0" if number[-1] != "0" else "1"
    for key in number[:-1] + wrong:
        click(qtbot, keypad.keys[key])
    assert keypad.check.text() == S.KEYPAD_WRONG.zh and not keypad.confirm.isEnabled()
    assert number[6:14] not in keypad.echo.text()  # the birth date and sequence masked
    click(qtbot, keypad.delete)
    click(qtbot, keypad.keys[number[-1]])
    assert keypad.check.text() == S.KEYPAD_VALID.zh
    with qtbot.waitSignal(window.identified, timeout=10_000) as identified:
        click(qtbot, keypad.confirm)
    assert identified.args[0].patient_id == card["patient_id"]
    assert window.keypad.screen is None  # the digits went with the keypad
    wait_for_screen(kiosk, qtbot, PatientScreen)
    kiosk.session.end(EndReason.FINISHED)


def test_the_call_appears_at_the_pharmacy_workstation_and_is_answered_there(make_kiosk, gateway, qtbot, tmp_path):
    from tests.ui.pharmacy.desk import OPEN, build_desk, sign_in

    card = elder_whose_first_step(gateway, "reports")
    kiosk, _home, _press, _counted = at_kiosk(make_kiosk, gateway, qtbot, card)
    window = kiosk.window
    rid = call_staff(kiosk, qtbot)

    desk = build_desk(qtbot, gateway.url, gateway.token, tmp_path / "desk", time_source=gateway.time_source)
    try:
        panel = desk.window.help_panel
        assert not panel.isVisible()  # nobody signed in
        sign_in(qtbot, desk.window)
        qtbot.waitUntil(lambda: rid in panel.rows, timeout=10_000)
        label, go, close = panel.rows[rid]
        assert panel.isVisible() and "KIOSK-01" in label.text() and "patient" in label.text()
        assert card["name"] not in label.text()
        go.click()
        qtbot.waitUntil(lambda: rid in panel.rows and not panel.rows[rid][1].isEnabled(), timeout=10_000)
        window.help._follow()
        qtbot.waitUntil(lambda: window.help.request is not None and window.help.request.acknowledged, timeout=10_000)
        panel.rows[rid][2].click()  # 已处理
        qtbot.waitUntil(lambda: rid not in panel.rows, timeout=10_000)
        window.help._follow()
        qtbot.waitUntil(lambda: window.help.request is None, timeout=10_000)
        assert not kiosk.session.held
    finally:
        OPEN.remove(desk.window)  # closed here: this module has not the desks' own fixture
        desk.window.close()
    kiosk.session.end(EndReason.FINISHED)


def test_an_elder_chooses_among_the_three_soonest_times_first(make_kiosk, gateway, qtbot):
    card = elder_whose_first_step(gateway, "reports")
    kiosk, _home, press, _counted = at_kiosk(make_kiosk, gateway, qtbot, card, (1080, 1920))
    open_service(kiosk, qtbot, "registration")
    choose_first(kiosk, qtbot)  # department
    choose_first(kiosk, qtbot)  # doctor and session
    short = wait_for_screen(kiosk, qtbot, ChoiceScreen)
    assert short.title.text() == S.REG_SLOT_NEAREST.zh
    flow = kiosk.window.services.flow
    slots = flow._api.slots(flow._schedule.schedule_id)
    free = [s for s in slots if s.available]
    assert len(free) > 3, "the demo session has more free times than the short list"
    offered = [b.text().split("\n")[0] for b in short.buttons[:-1]]
    assert offered == [s.time for s in free[:3]]  # the soonest, taken ones left out
    assert short.buttons[-1].text() == S.REG_OTHER_TIMES.zh
    assert len(short.list.pages) == 1  # nothing to page through

    press(short.buttons[-1])  # every time, for who wants another
    everything = wait_for_screen(kiosk, qtbot, ChoiceScreen)
    assert everything is not short and len(everything.buttons) == len(slots)
    press(everything.nav.back_button)
    qtbot.waitUntil(lambda: current(kiosk) is short, timeout=10_000)
    press(short.buttons[0])
    confirm = wait_for_screen(kiosk, qtbot, SummaryScreen, timeout=15_000)
    assert free[0].time in " ".join(label.text() for label in confirm.findChildren(QLabel))
    kiosk.session.end(EndReason.FINISHED)
