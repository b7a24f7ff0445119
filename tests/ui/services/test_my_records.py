"""My records (我的记录) end to end against the reference gateway: a kiosk registration
listed with its receipt number; its slip reprinted, counted at the gateway and marked 补打 on
paper, up to the limit; the appointment cancelled with its refund to the original channel."""

from __future__ import annotations

import pytest

from tests.gateway.test_my_records import book
from tests.ui.flows import click, current, open_service, wait_for_screen
from tests.ui.services.test_payment import identify_card, kiosk_for, rows
from ui.screens.generic import ChoiceScreen, SummaryScreen
from ui.services.result import ResultScreen

pytestmark = pytest.mark.gateway


@pytest.fixture
def server(start_gateway, tmp_path):
    return start_gateway(db_path=tmp_path / "gw.sqlite")


def to_record(kiosk, qtbot, server):
    """A patient with a kiosk booking, at that booking's record; (card, booking, screen)."""
    card = server.demo_patients(20)[11]["health_card_id"]
    booked, payment_id = book(server, server.visit(card))
    identify_card(kiosk, qtbot, server, card)
    open_service(kiosk, qtbot, "my_records")
    listing = wait_for_screen(kiosk, qtbot, ChoiceScreen)
    button = next(b for b in listing.buttons if booked["receipt_no"] in b.text())
    click(qtbot, button)
    return booked, payment_id, wait_for_screen(kiosk, qtbot, SummaryScreen)


def test_a_slip_is_reprinted_marked_and_counted_up_to_the_limit(make_kiosk, server, qtbot, tmp_path):
    kiosk = kiosk_for(make_kiosk, server, tmp_path)
    booked, _, record = to_record(kiosk, qtbot, server)
    service = kiosk.window.services.context.printer
    submitted, submit = [], service.submit
    service.submit = lambda document, printer: (submitted.append(document), submit(document, printer))[1]
    for n in (1, 2):
        click(qtbot, record.action)  # 补打凭条
        result = wait_for_screen(kiosk, qtbot, ResultScreen)
        qtbot.waitUntil(lambda r=result: r.job_state is not None and not r._timer.isActive(), timeout=10_000)
        assert rows(server, "SELECT count FROM slip_reprints WHERE receipt_no = ?", booked["receipt_no"]) == [(n,)]
        click(qtbot, result.done)
        if n == 1:
            open_service(kiosk, qtbot, "my_records")
            listing = wait_for_screen(kiosk, qtbot, ChoiceScreen)
            click(qtbot, next(b for b in listing.buttons if booked["receipt_no"] in b.text()))
            record = wait_for_screen(kiosk, qtbot, SummaryScreen)
    assert [d.title for d in submitted] == ["挂号凭条（补打）第1次", "挂号凭条（补打）第2次"]
    assert all(d.receipt_no == booked["receipt_no"] for d in submitted)
    open_service(kiosk, qtbot, "my_records")
    listing = wait_for_screen(kiosk, qtbot, ChoiceScreen)
    click(qtbot, next(b for b in listing.buttons if booked["receipt_no"] in b.text()))
    spent = wait_for_screen(kiosk, qtbot, SummaryScreen)
    assert spent.action is None  # no reprints left: the screen says where to go instead
    assert len(list((tmp_path / "printed").iterdir())) == 2


def test_a_booking_is_cancelled_with_one_refund(make_kiosk, server, qtbot, tmp_path):
    kiosk = kiosk_for(make_kiosk, server, tmp_path)
    booked, payment_id, record = to_record(kiosk, qtbot, server)
    assert record.cancel_button is not None
    click(qtbot, record.cancel_button)
    confirm = wait_for_screen(kiosk, qtbot, SummaryScreen)
    assert confirm is not record
    click(qtbot, confirm.action)  # 确认取消
    result = wait_for_screen(kiosk, qtbot, ResultScreen)
    assert any("工作日" in label.text() or "working days" in label.text()
               for label in result.findChildren(type(result.print_status)))
    assert rows(server, "SELECT status FROM registrations WHERE receipt_no = ?", booked["receipt_no"]) == [("cancelled",)]
    assert rows(server, "SELECT status FROM payments WHERE payment_id = ?", payment_id) == [("refunded",)]
    assert rows(server, "SELECT state FROM provider_charges WHERE out_trade_no = ?", payment_id) == [("REFUND",)]
    # A second cancel (another kiosk, an old screen) refunds nothing more.
    again = server.post(f"/api/v1/patients/me/records/{booked['receipt_no']}/cancellation", {},
                        headers={**server.visit(server.demo_patients(20)[11]["health_card_id"]),
                                 "Idempotency-Key": "second-cancel-0001"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_cancelled"
    assert current(kiosk) is result
