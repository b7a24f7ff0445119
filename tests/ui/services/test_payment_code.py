"""Paying by the payment code the patient shows (付款码) end to end against the reference
gateway: the code held to the scanner charges the order, at once or after the password on
the phone; elder-care mode opens on it; the code reaches no kiosk log or store."""

from __future__ import annotations

import logging

import pytest

from tests.ui.flows import click, wait_for_screen
from tests.ui.helpers import wedge_scan
from tests.ui.services.test_payment import (
    bill_patient,
    kiosk_for,
    next_to_confirm,
    rows,
    to_bills,
)
from ui.screens import pay_code_text as C
from ui.screens.pay import PayScreen
from ui.services.result import ResultScreen

pytestmark = pytest.mark.gateway


@pytest.fixture
def server(start_gateway, tmp_path):
    return start_gateway(db_path=tmp_path / "gw.sqlite")


def to_pay_screen(kiosk, qtbot, server, card: str) -> PayScreen:
    confirm = next_to_confirm(kiosk, qtbot, to_bills(kiosk, qtbot, server, card))
    click(qtbot, confirm.action)
    return wait_for_screen(kiosk, qtbot, PayScreen)


def charges(server) -> list[tuple]:
    # Payment-code charges only: the demo seeds paid QR orders for the reconciliation.
    return rows(server, "SELECT out_trade_no, state, kind FROM provider_charges WHERE kind = 'micropay'")


def test_a_payment_code_pays_the_bills_and_is_kept_nowhere(make_kiosk, server, qtbot, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    kiosk = kiosk_for(make_kiosk, server, tmp_path)
    pay = to_pay_screen(kiosk, qtbot, server, bill_patient(server))
    assert not pay.code_mode and pay.qr.isVisible()
    click(qtbot, pay.by_code)  # 出示付款码
    assert pay.code_mode and not pay.qr.isVisible()
    code = server.payment_code("wechat")
    order = kiosk.window.services.flow.pay_step.order.payment_id
    wedge_scan(qtbot, pay, code)
    wait_for_screen(kiosk, qtbot, ResultScreen)
    assert charges(server) == [(order, "SUCCESS", "micropay")]
    assert rows(server, "SELECT COUNT(*) FROM settlements WHERE payment_id = ?", order) == [(1,)]
    assert code not in caplog.text
    for path in tmp_path.rglob("*"):
        if path.is_file() and path.suffix != ".sqlite":
            assert code.encode() not in path.read_bytes(), path
    for path in tmp_path.rglob("*.sqlite*"):  # the kiosk's outbox and intents; the gateway's
        assert code.encode() not in path.read_bytes(), path


def test_a_charge_that_asks_for_the_password_goes_on_once_it_is_typed(make_kiosk, server, qtbot, tmp_path):
    kiosk = kiosk_for(make_kiosk, server, tmp_path)
    pay = to_pay_screen(kiosk, qtbot, server, bill_patient(server))
    server.next_charge("password")
    step = kiosk.window.services.flow.pay_step
    wedge_scan(qtbot, pay, server.payment_code("alipay"))  # taken with the QR showing too
    qtbot.waitUntil(lambda: pay._how.text() in (C.PASSWORD.zh, C.PASSWORD.en), timeout=10_000)
    step.poll_now()
    assert kiosk.window.services.top is pay
    server.answer_password(step.order.payment_id)
    step.poll_now()
    wait_for_screen(kiosk, qtbot, ResultScreen)
    assert [c[1] for c in charges(server)] == ["SUCCESS"]


def test_a_refused_code_charges_nothing(make_kiosk, server, qtbot, tmp_path):
    kiosk = kiosk_for(make_kiosk, server, tmp_path)
    pay = to_pay_screen(kiosk, qtbot, server, bill_patient(server))
    server.next_charge("fail")
    order = kiosk.window.services.flow.pay_step.order.payment_id
    wedge_scan(qtbot, pay, server.payment_code())
    qtbot.waitUntil(lambda: kiosk.window.services.top is not pay, timeout=10_000)
    assert [c[1] for c in charges(server)] == ["PAYERROR"]
    assert rows(server, "SELECT COUNT(*) FROM settlements WHERE payment_id = ?", order) == [(0,)]


def test_elder_mode_opens_on_the_payment_code(make_kiosk, server, qtbot, tmp_path):
    kiosk = kiosk_for(make_kiosk, server, tmp_path)
    kiosk.window.elder.mode.choose(True)
    pay = to_pay_screen(kiosk, qtbot, server, bill_patient(server))
    assert pay.code_mode and not pay.qr.isVisible()
    click(qtbot, pay.by_code)  # the QR is one touch away
    assert not pay.code_mode and pay.qr.isVisible()
