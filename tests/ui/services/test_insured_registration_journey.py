"""An insured patient registers with the personal account, end to end: the real gateway
process with its emulated insurer, real widgets, a real print queue (a folder).

Confirm the slot → the insurance e-voucher scanned → the fee's check screen shows fund /
account / cash and the balance after → confirmed (the account pays what the fund does not:
no payment step) → registered, the slip prints the fund lines and the e-bill's number. Then
a booking for a later day cancelled in 我的记录: the insurance revoked once and the e-bill
shown 已红冲.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from printing.queue import QueueState
from tests.ui.flows import choose_first, click, current, open_service, wait_for_screen
from tests.ui.helpers import visible_texts, wedge_scan
from tests.ui.services.test_insured_ebill_journey import balance, insurer_db, pdf_text
from tests.ui.services.test_payment import end_visit, identify_card, printing_to, rows
from ui.screens.generic import ChoiceScreen, SummaryScreen
from ui.screens.pay import PayScreen
from ui.services import ebills_text as ET
from ui.services import insured_payment as IP
from ui.services.payment_screens import VoucherScreen
from ui.services.registration import INSURED_NEXT
from ui.services.result import ResultScreen

pytestmark = pytest.mark.gateway


@pytest.fixture
def server(start_gateway, tmp_path):
    return start_gateway(db_path=tmp_path / "gw.sqlite")


def account_holders(server) -> list[tuple[str, str]]:
    """(card, id number) of active employee-insured patients with money in the account."""
    with closing(sqlite3.connect(insurer_db(server))) as ins:
        accounts = dict(ins.execute("SELECT id_number, account_fen FROM nhsa_persons"
                                    " WHERE insutype = '310' AND account_fen > 5000"))
    people = rows(server, "SELECT p.health_card_id, p.id_number FROM patients p JOIN residents r"
                  " USING (health_card_id) WHERE p.insured = 1 AND r.card_status = 'active'"
                  " ORDER BY p.patient_id")
    return [(card, id_number) for card, id_number in people if id_number in accounts]


def test_an_insured_patient_registers_with_the_personal_account(make_kiosk, server, qtbot, tmp_path):
    out = tmp_path / "printed"
    kiosk = make_kiosk(server.url, server.token, printing=printing_to(out))
    card, id_number = account_holders(server)[0]
    before = balance(server, id_number)
    identify_card(kiosk, qtbot, server, card)
    open_service(kiosk, qtbot, "registration")
    for _ in range(3):  # department, doctor and session, time
        choose_first(kiosk, qtbot)
    confirm = wait_for_screen(kiosk, qtbot, SummaryScreen)
    assert confirm.action.text() == INSURED_NEXT.zh
    click(qtbot, confirm.action)
    voucher = wait_for_screen(kiosk, qtbot, VoucherScreen)
    wedge_scan(qtbot, voucher, server.code(card, kind="insurance"))

    flow = kiosk.window.services.flow
    qtbot.waitUntil(lambda: current(kiosk) is flow.split_screen, timeout=15_000)
    check = current(kiosk)
    split = flow._insured.insurance
    assert split.use_account and split.account_fen > 0
    texts = visible_texts(check)
    for label in (IP.LBL_FUND, IP.LBL_ACCOUNT, IP.LBL_CASH):
        assert label.zh in texts
    after = f"¥{split.balance_after_fen // 100}.{split.balance_after_fen % 100:02d}"
    assert any(IP.LBL_ACCOUNT.zh in t and after in t for t in texts)  # the balance after
    assert check.account_choice is not None
    click(qtbot, check.action)

    qtbot.waitUntil(lambda: isinstance(current(kiosk), PayScreen | ResultScreen), timeout=15_000)
    if isinstance(current(kiosk), PayScreen):  # a fee above the account's balance
        server.confirm_payment(flow.pay_step.order.payment_id)
        flow.pay_step.poll_now()
    result = wait_for_screen(kiosk, qtbot, ResultScreen, timeout=15_000)
    assert balance(server, id_number) == before - split.account_fen
    (status, receipt_no), = rows(server, "SELECT status, receipt_no FROM insurance_settlements"
                                 " WHERE lock_id = (SELECT lock_id FROM registrations"
                                 " WHERE registration_id = ?)", flow_registration(server, card))
    assert status == "settled" and receipt_no in visible_texts(result)
    qtbot.waitUntil(lambda: result.job_state is QueueState.COMPLETED, timeout=15_000)
    (slip_pdf,) = out.glob("*.pdf")
    slip = pdf_text(slip_pdf)
    (code, number), = rows(server, "SELECT bill_code, bill_number FROM ebills WHERE receipt_no = ?", receipt_no)
    assert "医保结算明细" in slip and "个人账户" in slip and "账户余额" in slip
    assert f"{code}-{number}" in slip and "医保统筹" in slip
    end_visit(kiosk, qtbot)


def flow_registration(server, card: str) -> str:
    (registration_id,), = rows(server, "SELECT registration_id FROM registrations r JOIN patients p"
                               " USING (patient_id) WHERE p.health_card_id = ? AND r.channel = 'kiosk'"
                               " ORDER BY r.created_at DESC LIMIT 1", card)
    return registration_id


def book_insured(server, card: str) -> dict:
    """A later day's registration, pre-settled with the account, through the gateway."""
    headers = server.visit(card)
    schedules = server.get("/api/v1/departments/0304/schedules").json()["schedules"]
    later = next(s for s in schedules if s["status"] == "open" and s["date"] != schedules[0]["date"])
    slots = server.get(f"/api/v1/schedules/{later['schedule_id']}/slots").json()["slots"]
    slot = next(s for s in slots if s["available"])
    lock = server.post("/api/v1/registrations/locks", {"schedule_id": later["schedule_id"],
                       "slot_id": slot["slot_id"]}, headers={**headers, "Idempotency-Key": "ins-lock-1"}).json()
    insured = server.post(f"/api/v1/registrations/locks/{lock['lock_id']}/insurance",
                          {"insurance_voucher": server.code(card, kind="insurance")},
                          headers={**headers, "Idempotency-Key": "ins-presettle-1"}).json()
    payment_id = None
    if insured["self_pay_fen"]:
        order = server.post("/api/v1/payments", {"purpose": "registration", "reference": lock["lock_id"],
                            "amount_fen": insured["self_pay_fen"]},
                            headers={**headers, "Idempotency-Key": "ins-order-1"}).json()
        server.confirm_payment(order["payment_id"])
        payment_id = order["payment_id"]
    made = server.post("/api/v1/registrations", {"lock_id": lock["lock_id"], "payment_id": payment_id},
                       headers={**headers, "Idempotency-Key": "ins-commit-1"})
    assert made.status_code == 201, made.text
    return made.json()


def test_a_cancelled_insured_booking_revokes_and_reverses_its_ebill(make_kiosk, server, qtbot, tmp_path):
    kiosk = make_kiosk(server.url, server.token, printing=printing_to(tmp_path / "printed"))
    card, id_number = account_holders(server)[1]
    before = balance(server, id_number)
    booked = book_insured(server, card)
    assert booked["paid"]["insurance_fen"] > 0 and balance(server, id_number) < before
    identify_card(kiosk, qtbot, server, card)
    open_service(kiosk, qtbot, "my_records")
    listing = wait_for_screen(kiosk, qtbot, ChoiceScreen)
    click(qtbot, next(b for b in listing.buttons if booked["receipt_no"] in b.text()))
    record = wait_for_screen(kiosk, qtbot, SummaryScreen)
    click(qtbot, record.cancel_button)
    sure = wait_for_screen(kiosk, qtbot, SummaryScreen)
    assert sure is not record
    click(qtbot, sure.action)  # 确认取消
    result = wait_for_screen(kiosk, qtbot, ResultScreen)
    assert rows(server, "SELECT status FROM insurance_settlements WHERE registration_id = ?",
                booked["registration_id"]) == [("revoked",)]
    assert balance(server, id_number) == before  # the account given back, once
    click(qtbot, result.done)

    open_service(kiosk, qtbot, "ebills")
    bills = wait_for_screen(kiosk, qtbot, ChoiceScreen)
    number = booked["ebill"]["bill_number"]
    (button,) = [b for b in bills.buttons if number in b.text()]
    assert ET.REVERSED.zh in button.text() or any(ET.REVERSED.zh in t for t in visible_texts(bills))
    click(qtbot, button)
    detail = wait_for_screen(kiosk, qtbot, SummaryScreen)
    assert detail.action is None and ET.STATUS["reversed"].zh in visible_texts(detail)
    end_visit(kiosk, qtbot)
