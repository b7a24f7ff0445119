"""Registration end to end against the reference gateway: choose, lock, pay by scan, commit,
slip printed with the masked ID only, usage reported; and abandonment releases the slot."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
from contextlib import closing

import pytest
import requests

from kiosk.privacy import mask_name
from kiosk.session import EndReason
from kiosk.usecases.usage import Scene
from testbed import suite_time
from tests.ui.flows import (
    choose_first,
    click,
    current,
    identify,
    open_service,
    self_pay_if_asked,
    wait_for_screen,
)
from ui.screens.generic import ChoiceScreen, NoticeScreen, SummaryScreen
from ui.screens.pay import PayScreen
from ui.services.result import ResultScreen

pytestmark = pytest.mark.gateway


def printing_to(folder) -> dict:
    return {
        "a4": {"type": "folder", "path": str(folder)},
        "slip": {"type": "folder", "path": str(folder)},
        "poll_interval_s": 0.05,
    }


def payment_status(server, payment_id: str) -> str:
    with closing(sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True)) as db:
        return db.execute("SELECT status FROM payments WHERE payment_id = ?", (payment_id,)).fetchone()[0]


def go_to_confirm(kiosk, qtbot) -> SummaryScreen:
    open_service(kiosk, qtbot, "registration")
    choose_first(kiosk, qtbot)  # department
    choose_first(kiosk, qtbot)  # doctor and session
    times = wait_for_screen(kiosk, qtbot, ChoiceScreen)
    # Taken times say so in words, not only by a paler button.
    assert all("已约" in b.text() for b in times.buttons if not b.isEnabled())
    choose_first(kiosk, qtbot)  # time
    return wait_for_screen(kiosk, qtbot, SummaryScreen)


def test_register_pay_by_scan_and_print_slip(make_kiosk, gateway_server, qtbot, tmp_path):
    out = tmp_path / "printed"
    kiosk = make_kiosk(gateway_server.url, gateway_server.token, printing=printing_to(out))
    card = identify(kiosk, qtbot, gateway_server)
    record = gateway_server.patient_record(card["health_card_id"])
    reported_before = usage_reports(gateway_server, record["patient_id"])
    confirm = go_to_confirm(kiosk, qtbot)
    click(qtbot, confirm.action)
    self_pay_if_asked(kiosk, qtbot)

    pay = wait_for_screen(kiosk, qtbot, PayScreen)
    assert kiosk.session.held  # the idle timeout cannot cut a payment off
    flow = kiosk.window.services.flow
    order = flow.pay_step.order
    assert order.qr_url.endswith(order.payment_id)
    # The patient confirms on their phone (the reference gateway's demo wallet).
    response = requests.post(
        f"{gateway_server.url}/pay/{order.payment_id}/confirm", allow_redirects=False, timeout=10
    )
    assert response.status_code < 400
    flow.pay_step.poll_now()

    result = wait_for_screen(kiosk, qtbot, ResultScreen)
    assert pay is not result
    assert not kiosk.session.held
    qtbot.waitUntil(lambda: result.job_state is not None and result.job_state.value == "completed", timeout=10_000)
    pdfs = list(out.glob("*.pdf"))
    assert len(pdfs) == 1
    assert record["name"] not in pdfs[0].name and record["id_number"] not in pdfs[0].name
    text = subprocess.run(["pdftotext", str(pdfs[0]), "-"], capture_output=True, text=True, timeout=30).stdout
    assert mask_name(record["name"]) in text and "微信支付" in text
    assert record["name"] not in text and record["id_number"] not in text

    # Usage reported through the outbox: same-day or appointment registration by the
    # hospital's date of the visit, stamped by the kiosk's hospital clock, kiosk channel.
    qtbot.waitUntil(lambda: kiosk.window.services.context.outbox.pending() == 0, timeout=10_000)
    visit_date = flow._schedule.date.isoformat()
    scene = Scene.SAME_DAY_REGISTRATION if visit_date == hospital_today() else Scene.APPOINTMENT_REGISTRATION
    reports = [r for r in usage_reports(gateway_server, record["patient_id"]) if r not in reported_before]
    assert [(r[1], r[2]) for r in reports] == [(scene.value, "0200")]
    used_at = dt.datetime.fromisoformat(reports[0][3])
    assert abs(used_at.timestamp() - suite_time.now()) < 120  # the suite's moment, not the machine's
    kiosk.session.end(EndReason.FINISHED)


def usage_reports(server, patient_id: str) -> list[tuple]:
    with closing(sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True)) as db:
        return db.execute("SELECT report_id, scene, channel, used_at FROM usage_reports WHERE patient_id = ?",
                          (patient_id,)).fetchall()


def hospital_today() -> str:
    return suite_time.hospital_now().date().isoformat()


def test_back_from_confirm_releases_the_slot(make_kiosk, gateway_server, qtbot):
    kiosk = make_kiosk(gateway_server.url, gateway_server.token)
    identify(kiosk, qtbot, gateway_server, index=1)
    confirm = go_to_confirm(kiosk, qtbot)
    flow = kiosk.window.services.flow
    lock_id = flow._lock.lock_id
    intents = kiosk.window.services.context.intents
    assert lock_id in intents.open_scopes("open_lock")
    click(qtbot, confirm.nav.back_button)
    wait_for_screen(kiosk, qtbot, ChoiceScreen)
    qtbot.waitUntil(lambda: lock_id not in intents.open_scopes("open_lock"), timeout=10_000)


def test_idle_timeout_mid_flow_releases_the_slot(make_kiosk, gateway_server, qtbot):
    kiosk = make_kiosk(gateway_server.url, gateway_server.token)
    identify(kiosk, qtbot, gateway_server, index=2)
    go_to_confirm(kiosk, qtbot)
    lock_id = kiosk.window.services.flow._lock.lock_id
    intents = kiosk.window.services.context.intents
    kiosk.clock.advance(200)
    kiosk.window.idle.tick()
    assert current(kiosk) is kiosk.window.home
    qtbot.waitUntil(lambda: lock_id not in intents.open_scopes("open_lock"), timeout=10_000)


def test_cancelled_payment_releases_slot_and_says_nothing_was_charged(make_kiosk, gateway_server, qtbot):
    kiosk = make_kiosk(gateway_server.url, gateway_server.token)
    identify(kiosk, qtbot, gateway_server, index=3)
    confirm = go_to_confirm(kiosk, qtbot)
    lock_id = kiosk.window.services.flow._lock.lock_id
    click(qtbot, confirm.action)
    self_pay_if_asked(kiosk, qtbot)
    pay = wait_for_screen(kiosk, qtbot, PayScreen)
    payment_id = kiosk.window.services.flow.pay_step.order.payment_id
    click(qtbot, pay.cancel)
    notice = wait_for_screen(kiosk, qtbot, NoticeScreen)
    assert "未扣款" in notice.title.text()
    assert notice.title.objectName() != "error"  # the patient's own choice is not shown as a fault
    intents = kiosk.window.services.context.intents
    qtbot.waitUntil(lambda: lock_id not in intents.open_scopes("open_lock"), timeout=10_000)
    assert not kiosk.session.held
    # The order is closed: the QR still open on the phone can no longer take money.
    qtbot.waitUntil(lambda: payment_status(gateway_server, payment_id) == "failed", timeout=10_000)
    requests.post(f"{gateway_server.url}/pay/{payment_id}/confirm", allow_redirects=False, timeout=10)
    assert payment_status(gateway_server, payment_id) == "failed"
    # Back from the notice lands on the list of times (the hold is gone), never a dead QR.
    click(qtbot, notice.nav.back_button)
    assert isinstance(current(kiosk), ChoiceScreen)


def test_slip_printer_down_is_said_before_paying_and_the_patient_can_go_on(make_kiosk, gateway_server, qtbot, tmp_path):
    # A network receipt printer nobody listens for: offline.
    kiosk = make_kiosk(
        gateway_server.url,
        gateway_server.token,
        printing={
            "a4": {"type": "folder", "path": str(tmp_path)},
            "slip": {"type": "escpos", "connection": "network", "host": "127.0.0.1", "port": 9, "timeout_s": 1},
        },
    )
    identify(kiosk, qtbot, gateway_server, index=4)
    open_service(kiosk, qtbot, "registration")
    notice = wait_for_screen(kiosk, qtbot, NoticeScreen)
    assert "凭条" in notice.title.text()
    click(qtbot, notice.carry_on)
    wait_for_screen(kiosk, qtbot, ChoiceScreen)  # departments: the patient carries on
    kiosk.session.end(EndReason.FINISHED)


def test_a_refused_commit_after_paying_is_refunded_and_said_once_known(make_kiosk, gateway_server, qtbot):
    """The slot's hold was lost while the patient paid (here: released behind the kiosk's
    back): the gateway refuses the registration, the money goes back, and the patient is
    told it is back only once the refund is through."""
    from ui.strings import REG_NOT_CONFIRMED

    kiosk = make_kiosk(gateway_server.url, gateway_server.token)
    card = identify(kiosk, qtbot, gateway_server, index=5)
    confirm = go_to_confirm(kiosk, qtbot)
    flow = kiosk.window.services.flow
    click(qtbot, confirm.action)
    self_pay_if_asked(kiosk, qtbot)
    wait_for_screen(kiosk, qtbot, PayScreen)
    order = flow.pay_step.order
    headers = {**gateway_server.visit(card["health_card_id"]), "Idempotency-Key": "behind-the-kiosk"}
    gone = gateway_server.http.delete(f"{gateway_server.url}/api/v1/registrations/locks/{flow._lock.lock_id}",
                                      headers=headers, timeout=10)
    assert gone.status_code < 300, gone.text
    gateway_server.confirm_payment(order.payment_id)
    flow.pay_step.poll_now()
    notice = wait_for_screen(kiosk, qtbot, NoticeScreen)
    assert notice.title.text() == REG_NOT_CONFIRMED.zh and not kiosk.session.held
    assert payment_status(gateway_server, order.payment_id) == "refunded"
    kiosk.session.end(EndReason.FINISHED)
