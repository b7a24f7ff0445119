"""Inpatient services end to end against the reference gateway: identified by the wristband
or the health card, the stay's summary, a deposit topped up through scan-to-pay, the daily
list on screen and printed on A4 (through a real CUPS queue where one runs), and discharge
settled both ways: surplus deposit refunded, and money due paid first."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from kiosk.privacy import mask_id_number
from printing.queue import QueueState
from tests.printing.helpers import pdf_pages, pdf_text
from tests.ui.flows import click, current, open_service, wait_for_screen
from tests.ui.helpers import visible_texts, wedge_scan
from tests.ui.services import patient_services as ps
from ui.screens.generic import SummaryScreen
from ui.screens.patient import PatientScreen
from ui.screens.pay import PayScreen
from ui.services.inpatient_screens import (
    AmountKeypadScreen,
    AmountScreen,
    DailyListScreen,
    StayScreen,
)
from ui.services.result import ResultScreen

pytestmark = pytest.mark.gateway

STORIES = ("comfortable", "low", "refund", "due", "pending", "comfortable2")


def rows(server, sql: str, *args) -> list[tuple]:
    with closing(sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True)) as conn:
        return conn.execute(sql, args).fetchall()


def stay(server, story: str) -> dict:
    admission_id, number, patient_id, card = rows(
        server, "SELECT a.admission_id, a.inpatient_no, a.patient_id, p.health_card_id FROM admissions a"
        " JOIN patients p ON p.patient_id = a.patient_id ORDER BY a.admission_id")[STORIES.index(story)]
    return {"admission_id": admission_id, "inpatient_no": number, "patient_id": patient_id, "card": card}


def printing_to(folder) -> dict:
    return {"a4": {"type": "folder", "path": str(folder)}, "slip": {"type": "folder", "path": str(folder)},
            "poll_interval_s": 0.05}


def wristband(kiosk, qtbot, number: str) -> PatientScreen:
    with qtbot.waitSignal(kiosk.window.identified, timeout=10_000):
        wedge_scan(qtbot, current(kiosk), number)
    return wait_for_screen(kiosk, qtbot, PatientScreen)


def pay_on_phone(kiosk, qtbot, server) -> ResultScreen:
    pay = wait_for_screen(kiosk, qtbot, PayScreen)
    assert kiosk.session.held
    step = kiosk.window.services.flow.pay_step
    server.confirm_payment(step.order.payment_id)
    step.poll_now()
    result = wait_for_screen(kiosk, qtbot, ResultScreen, timeout=15_000)
    assert pay is not result and not kiosk.session.held
    return result


def printed_out(qtbot, result: ResultScreen) -> None:
    qtbot.waitUntil(lambda: result.job_state is QueueState.COMPLETED, timeout=15_000)


def test_low_balance_top_up_from_the_home_button(make_kiosk, gateway, qtbot, tmp_path):
    kiosk = make_kiosk(gateway.url, gateway.token, printing=printing_to(tmp_path / "printed"))
    low = stay(gateway, "low")
    before = rows(gateway, "SELECT COUNT(*), SUM(amount_fen) FROM deposits WHERE admission_id = ? AND status = 'paid'",
                  low["admission_id"])[0]
    home = wristband(kiosk, qtbot, low["inpatient_no"])
    assert "inpatient" in home.service_keys()
    buttons = [b for b in home.action_buttons if b.property("service") == "inpatient"]
    assert buttons and "预交金余额" in buttons[0].text()
    click(qtbot, buttons[0])
    amounts = wait_for_screen(kiosk, qtbot, AmountScreen)
    stay_screen = kiosk.window.services.flow.stay_screen
    assert stay_screen.stay.low_balance and stay_screen.top_up_button is not None
    click(qtbot, amounts.other_button)
    keypad = wait_for_screen(kiosk, qtbot, AmountKeypadScreen)
    for key in "15":
        click(qtbot, keypad.keys[key])
    assert not keypad.ok.isEnabled()  # ¥15 is below the least a kiosk takes
    for key in "00":
        click(qtbot, keypad.keys[key])
    click(qtbot, keypad.ok)  # ¥1,500
    confirm = wait_for_screen(kiosk, qtbot, SummaryScreen)
    assert "¥1500.00" in visible_texts(confirm)
    click(qtbot, confirm.action)
    result = pay_on_phone(kiosk, qtbot, gateway)
    receipt_no = rows(gateway, "SELECT receipt_no FROM deposits WHERE admission_id = ? AND channel = 'kiosk'"
                      " AND status = 'paid'", low["admission_id"])
    assert len(receipt_no) == 1 and receipt_no[0][0] in visible_texts(result)
    after = rows(gateway, "SELECT COUNT(*), SUM(amount_fen) FROM deposits WHERE admission_id = ? AND status = 'paid'",
                 low["admission_id"])[0]
    assert after == (before[0] + 1, before[1] + 150_000)
    printed_out(qtbot, result)
    assert "0101053" in ps.usage_scenes(gateway, low["patient_id"])
    ps.end_and_check_wiped(kiosk, qtbot, gateway.patient_record(low["card"]), low["inpatient_no"])


def test_daily_list_on_screen_then_the_whole_stay_printed(make_kiosk, gateway, qtbot, tmp_path):
    out = tmp_path / "printed"
    kiosk = make_kiosk(gateway.url, gateway.token, printing=printing_to(out))
    fine = stay(gateway, "comfortable")
    with qtbot.waitSignal(kiosk.window.identified, timeout=10_000):
        wedge_scan(qtbot, current(kiosk), gateway.code(fine["card"]))  # the family shows the health card
    wait_for_screen(kiosk, qtbot, PatientScreen)
    open_service(kiosk, qtbot, "inpatient")
    summary = wait_for_screen(kiosk, qtbot, StayScreen)
    assert not summary.stay.low_balance and summary.discharge_button is None
    click(qtbot, summary.daily_list_button)
    today = wait_for_screen(kiosk, qtbot, DailyListScreen)
    assert not today.next.isEnabled() and today.previous.isEnabled()
    click(qtbot, today.previous)
    qtbot.waitUntil(lambda: isinstance(current(kiosk), DailyListScreen) and current(kiosk) is not today)
    yesterday = current(kiosk)
    assert yesterday.daily.date < today.daily.date and yesterday.cards
    assert "床位费" in "\n".join(visible_texts(yesterday))
    click(qtbot, yesterday.print_stay_button)
    printed = wait_for_screen(kiosk, qtbot, ResultScreen)
    printed_out(qtbot, printed)
    click(qtbot, printed.done)
    assert wait_for_screen(kiosk, qtbot, DailyListScreen) is yesterday  # back to the list, not home
    (pdf,) = list(out.rglob("*.pdf"))
    record = gateway.patient_record(fine["card"])
    text = pdf_text(pdf)
    assert pdf_pages(pdf.read_bytes()) >= 2 and "分类汇总" in text and "床位费" in text
    assert mask_id_number(record["id_number"]) in text and record["id_number"] not in text
    assert fine["inpatient_no"] not in text and record["name"] not in text
    ps.end_and_check_wiped(kiosk, qtbot, record, fine["inpatient_no"])


@pytest.mark.cups
def test_daily_list_prints_through_cups(make_kiosk, gateway, qtbot):
    server, pdf_out = os.environ.get("CUPS_SERVER"), os.environ.get("KIOSK_TEST_PDF_OUT")
    if not server or not pdf_out:
        pytest.skip("CUPS_SERVER / KIOSK_TEST_PDF_OUT unset: start scripts/cups.sh (make test)")
    printing = {"a4": {"type": "cups", "queue": "KioskPDF"}, "slip": {"type": "cups", "queue": "KioskPDF"},
                "poll_interval_s": 0.1}
    kiosk = make_kiosk(gateway.url, gateway.token, printing=printing)
    other = stay(gateway, "comfortable2")
    wristband(kiosk, qtbot, other["inpatient_no"])
    open_service(kiosk, qtbot, "inpatient")
    click(qtbot, wait_for_screen(kiosk, qtbot, StayScreen).daily_list_button)
    click(qtbot, wait_for_screen(kiosk, qtbot, DailyListScreen).print_stay_button)
    result = wait_for_screen(kiosk, qtbot, ResultScreen)
    qtbot.waitUntil(lambda: result.job_state is QueueState.COMPLETED, timeout=60_000)
    title = f"kiosk-{result._job}"
    qtbot.waitUntil(lambda: any(title in p.name for p in Path(pdf_out).glob("*.pdf")), timeout=30_000)
    (pdf,) = [p for p in Path(pdf_out).glob("*.pdf") if title in p.name]
    # cups-pdf re-encodes this document's text past reading (docs/printing.md): the pages are
    # what it printed; the content on paper is read in the folder-printer journey above.
    assert pdf_pages(pdf.read_bytes()) >= 1
    record = gateway.patient_record(other["card"])
    assert record["id_number"] not in pdf_text(pdf)
    ps.end_and_check_wiped(kiosk, qtbot, record, other["inpatient_no"])


def test_discharge_with_a_refund(make_kiosk, gateway, qtbot, tmp_path):
    kiosk = make_kiosk(gateway.url, gateway.token, printing=printing_to(tmp_path / "printed"))
    ready = stay(gateway, "refund")
    home = wristband(kiosk, qtbot, ready["inpatient_no"])
    click(qtbot, next(b for b in home.action_buttons if b.property("service") == "inpatient"))
    preview = wait_for_screen(kiosk, qtbot, SummaryScreen)
    texts = "\n".join(visible_texts(preview))
    assert "应退还" in texts and "原路退回" in texts
    click(qtbot, preview.action)
    result = wait_for_screen(kiosk, qtbot, ResultScreen)
    refunded = rows(gateway, "SELECT method, amount_fen FROM deposit_refunds r JOIN discharge_settlements s"
                    " ON s.settlement_id = r.settlement_id WHERE s.admission_id = ?", ready["admission_id"])
    assert refunded and all(f"¥{a // 100}.{a % 100:02d}" in "\n".join(visible_texts(result)) for _, a in refunded)
    assert rows(gateway, "SELECT status FROM admissions WHERE admission_id = ?", ready["admission_id"]) == [("settled",)]
    assert rows(gateway, "SELECT COUNT(*) FROM payments WHERE patient_id = ?", ready["patient_id"]) == [(0,)]
    printed_out(qtbot, result)
    ps.end_and_check_wiped(kiosk, qtbot, gateway.patient_record(ready["card"]), ready["inpatient_no"])


def test_discharge_with_money_due_and_one_refused(make_kiosk, gateway, qtbot, tmp_path):
    kiosk = make_kiosk(gateway.url, gateway.token, printing=printing_to(tmp_path / "printed"))
    pending = stay(gateway, "pending")
    wristband(kiosk, qtbot, pending["inpatient_no"])
    open_service(kiosk, qtbot, "inpatient")
    summary = wait_for_screen(kiosk, qtbot, StayScreen)
    assert summary.discharge_button is None and "请到住院处办理" in "\n".join(visible_texts(summary))
    ps.end_and_check_wiped(kiosk, qtbot, gateway.patient_record(pending["card"]))

    due = stay(gateway, "due")
    home = wristband(kiosk, qtbot, due["inpatient_no"])
    click(qtbot, next(b for b in home.action_buttons if b.property("service") == "inpatient"))
    preview = wait_for_screen(kiosk, qtbot, SummaryScreen)
    assert "应补缴" in "\n".join(visible_texts(preview))
    click(qtbot, preview.action)
    result = pay_on_phone(kiosk, qtbot, gateway)
    paid = rows(gateway, "SELECT payment_id FROM payments WHERE patient_id = ? AND status = 'success'", due["patient_id"])
    settled = rows(gateway, "SELECT payment_id FROM discharge_settlements WHERE admission_id = ?", due["admission_id"])
    assert len(paid) == 1 and settled == paid
    printed_out(qtbot, result)
    record = gateway.patient_record(due["card"])
    assert record["name"] not in "\n".join(visible_texts(result))
    ps.end_and_check_wiped(kiosk, qtbot, record, due["inpatient_no"])
