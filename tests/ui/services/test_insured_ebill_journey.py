"""An insured patient pays with the personal account and prints the e-bill, end to end: the
real gateway process with its emulated insurer, real widgets, real print queue (a folder, and
real CUPS with cups-pdf when the suite's scheduler runs).

Bills → the insurance e-voucher scanned → the check screen shows fund / account / cash and the
balance after → the account switched off and on again → settled → the receipt prints the fund
lines and the e-bill's number and QR → 电子票据 → the bill → printed on A4; a bill reversed at
the window shows 已红冲 and offers no print.
"""

from __future__ import annotations

import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import pytest

from kiosk.cards import SocialSecurityCardRead
from kiosk.session import EndReason
from printing.queue import QueueState
from tests.ui.flows import click, current, open_service, wait_for_screen
from tests.ui.helpers import visible_texts, wedge_scan
from tests.ui.services.test_payment import (
    end_visit,
    identify_card,
    printing_to,
    printing_to_cups,
    rows,
    to_bills,
)
from ui.screens.generic import ChoiceScreen, SummaryScreen
from ui.screens.pay import PayScreen
from ui.services import ebills_text as ET
from ui.services import insured_payment as IP
from ui.services.payment_screens import VoucherScreen
from ui.services.result import ResultScreen

pytestmark = pytest.mark.gateway


@pytest.fixture
def server(start_gateway, tmp_path):
    return start_gateway(db_path=tmp_path / "gw.sqlite")


def insurer_db(server) -> Path:
    path = Path(server.db_path)
    return path.with_name(path.stem + ".insurer.sqlite")


def account_holder(server) -> tuple[str, str]:
    """An employee-insured patient with unpaid bills and money in the personal account."""
    with closing(sqlite3.connect(insurer_db(server))) as ins:
        accounts = dict(ins.execute("SELECT id_number, account_fen FROM nhsa_persons"
                                    " WHERE insutype = '310' AND account_fen > 5000"))
    for person in server.scenarios()["unpaid_bills"]:
        (id_number,) = rows(server, "SELECT id_number FROM patients WHERE health_card_id = ?",
                            person["health_card_id"])[0]
        if person["insured"] and id_number in accounts:
            return person["health_card_id"], id_number
    raise AssertionError("no account holder with bills in the demo day")


def balance(server, id_number: str) -> int:
    with closing(sqlite3.connect(insurer_db(server))) as ins:
        return ins.execute("SELECT account_fen FROM nhsa_persons WHERE id_number = ?",
                           (id_number,)).fetchone()[0]


def pay_if_asked(kiosk, qtbot, server) -> ResultScreen:
    qtbot.waitUntil(lambda: isinstance(current(kiosk), PayScreen | ResultScreen), timeout=15_000)
    if isinstance(current(kiosk), PayScreen):
        step = kiosk.window.services.flow.pay_step
        server.confirm_payment(step.order.payment_id)
        step.poll_now()
    return wait_for_screen(kiosk, qtbot, ResultScreen, timeout=15_000)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          timeout=30).stdout


def test_insured_patient_pays_with_the_account_and_prints_the_ebill(make_kiosk, server, qtbot, tmp_path):
    out = tmp_path / "printed"
    kiosk = make_kiosk(server.url, server.token, printing=printing_to(out))
    card, id_number = account_holder(server)
    before = balance(server, id_number)
    bills_screen = to_bills(kiosk, qtbot, server, card)
    click(qtbot, bills_screen.action)
    voucher = wait_for_screen(kiosk, qtbot, VoucherScreen)
    wedge_scan(qtbot, voucher, server.code(card, kind="insurance"))

    confirm = wait_for_screen(kiosk, qtbot, SummaryScreen)
    split = kiosk.window.services.flow._preview.insurance
    assert split.use_account and split.account_fen > 0
    texts = visible_texts(confirm)
    for label in (IP.LBL_FUND, IP.LBL_ACCOUNT, IP.LBL_CASH):
        assert label.zh in texts
    after = f"¥{split.balance_after_fen // 100}.{split.balance_after_fen % 100:02d}"
    assert any(IP.LBL_ACCOUNT.zh in t and after in t for t in texts)  # the balance after, in the note
    # The patient tries without the account, then takes it after all.
    click(qtbot, confirm.account_choice)
    qtbot.waitUntil(lambda: isinstance(current(kiosk), SummaryScreen) and current(kiosk) is not confirm, timeout=10_000)
    without = current(kiosk)
    assert not kiosk.window.services.flow._preview.insurance.use_account
    assert kiosk.window.services.flow._preview.insurance.account_fen == 0
    assert any(IP.ACCOUNT_NOT_USED.zh in t for t in visible_texts(without))
    click(qtbot, without.account_choice)
    qtbot.waitUntil(lambda: isinstance(current(kiosk), SummaryScreen) and current(kiosk) is not without, timeout=10_000)
    again = current(kiosk)
    preview = kiosk.window.services.flow._preview
    assert preview.insurance.use_account and preview.insurance.account_fen == split.account_fen
    click(qtbot, again.action)

    result = pay_if_asked(kiosk, qtbot, server)
    assert balance(server, id_number) == before - split.account_fen
    (status, receipt_no), = rows(server, "SELECT status, receipt_no FROM insurance_settlements"
                                 " WHERE preview_id = ?", preview.preview_id)
    assert status == "settled" and receipt_no in visible_texts(result)
    qtbot.waitUntil(lambda: result.job_state is QueueState.COMPLETED, timeout=15_000)
    (receipt_pdf,) = out.glob("*.pdf")
    receipt = pdf_text(receipt_pdf)
    (code, number), = rows(server, "SELECT bill_code, bill_number FROM ebills WHERE receipt_no = ?", receipt_no)
    assert "医保结算明细" in receipt and "个人账户" in receipt and "账户余额" in receipt
    assert "医疗收费电子票据已开具" in receipt and f"{code}-{number}" in receipt
    receipt_pdf.unlink()

    # 电子票据: the bill just issued, printed on A4.
    click(qtbot, result.done)
    open_service(kiosk, qtbot, "ebills")
    listing = wait_for_screen(kiosk, qtbot, ChoiceScreen)
    (button,) = [b for b in listing.buttons if number in b.text()]
    click(qtbot, button)
    detail = wait_for_screen(kiosk, qtbot, SummaryScreen)
    assert ET.PRINT_NOTE.zh in visible_texts(detail)
    click(qtbot, detail.action)
    printed = wait_for_screen(kiosk, qtbot, ResultScreen)
    qtbot.waitUntil(lambda: printed.job_state is QueueState.COMPLETED, timeout=15_000)
    (bill_pdf,) = out.glob("*.pdf")
    text = pdf_text(bill_pdf)
    assert "医疗收费电子票据" in text and number in text and "已红冲" not in text
    assert rows(server, "SELECT print_count FROM ebills WHERE bill_number = ?", number) == [(1,)]
    end_visit(kiosk, qtbot)


def test_a_reversed_bill_shows_red_and_cannot_be_printed(make_kiosk, server, qtbot, tmp_path):
    kiosk = make_kiosk(server.url, server.token, printing=printing_to(tmp_path / "printed"))
    card, _ = account_holder(server)
    headers = server.visit(card)
    bills = server.get("/api/v1/patients/me/bills", headers=headers).json()["bills"]
    preview = server.post("/api/v1/settlements/previews", {
        "bill_ids": [bills[0]["bill_id"]], "insurance_voucher": server.code(card, kind="insurance")},
        headers={**headers, "Idempotency-Key": "rev-preview-1"}).json()
    payment_id = None
    if preview["self_pay_fen"]:
        order = server.post("/api/v1/payments", {"purpose": "bills", "reference": preview["preview_id"],
                            "amount_fen": preview["self_pay_fen"]},
                            headers={**headers, "Idempotency-Key": "rev-order-1"}).json()
        server.confirm_payment(order["payment_id"])
        payment_id = order["payment_id"]
    settled = server.post("/api/v1/settlements", {"preview_id": preview["preview_id"],
                          "payment_id": payment_id}, headers={**headers, "Idempotency-Key": "rev-settle-1"})
    assert settled.status_code == 201, settled.text
    number = settled.json()["ebill"]["bill_number"]
    # Reversed (冲红) at the window, as a cancellation does.
    with closing(sqlite3.connect(server.db_path)) as db, db:
        db.execute("UPDATE ebills SET status = 'reversed', reversed_at = issued_at WHERE bill_number = ?", (number,))

    identify_card(kiosk, qtbot, server, card)
    open_service(kiosk, qtbot, "ebills")
    listing = wait_for_screen(kiosk, qtbot, ChoiceScreen)
    assert any(ET.REVERSED.zh in t for t in visible_texts(listing))
    (button,) = [b for b in listing.buttons if number in b.text()]
    click(qtbot, button)
    detail = wait_for_screen(kiosk, qtbot, SummaryScreen)
    assert detail.action is None and ET.STATUS["reversed"].zh in visible_texts(detail)
    assert ET.REVERSED_NOTE.zh in visible_texts(detail)
    end_visit(kiosk, qtbot)


def test_a_social_security_card_at_the_voucher_step_pays_with_its_insurance(make_kiosk, server, qtbot, tmp_path):
    kiosk = make_kiosk(server.url, server.token, printing=printing_to(tmp_path / "printed"))
    card, id_number = account_holder(server)
    bills_screen = to_bills(kiosk, qtbot, server, card)
    click(qtbot, bills_screen.action)
    wait_for_screen(kiosk, qtbot, VoucherScreen)
    read = SocialSecurityCardRead(region="510100", social_security_no=id_number, card_no="A0000001",
                                  name="", card_id="51010000CN")
    kiosk.window.handle_card(read)
    wait_for_screen(kiosk, qtbot, SummaryScreen)
    assert kiosk.window.services.flow._preview.insurance.account_fen > 0
    assert rows(server, "SELECT cert_type FROM insurance_previews WHERE preview_id = ?",
                kiosk.window.services.flow._preview.preview_id) == [("03",)]
    kiosk.session.end(EndReason.FINISHED)


@pytest.mark.cups
def test_the_ebill_prints_through_cups(make_kiosk, server, qtbot):
    printing, pdf_out = printing_to_cups()
    kiosk = make_kiosk(server.url, server.token, printing=printing)
    card, _ = account_holder(server)
    click(qtbot, to_bills(kiosk, qtbot, server, card).action)
    wedge_scan(qtbot, wait_for_screen(kiosk, qtbot, VoucherScreen), server.code(card, kind="insurance"))
    click(qtbot, wait_for_screen(kiosk, qtbot, SummaryScreen).action)
    result = pay_if_asked(kiosk, qtbot, server)
    qtbot.waitUntil(lambda: result.job_state is QueueState.COMPLETED, timeout=60_000)
    click(qtbot, result.done)
    open_service(kiosk, qtbot, "ebills")
    click(qtbot, wait_for_screen(kiosk, qtbot, ChoiceScreen).buttons[0])
    click(qtbot, wait_for_screen(kiosk, qtbot, SummaryScreen).action)
    printed = wait_for_screen(kiosk, qtbot, ResultScreen)
    qtbot.waitUntil(lambda: printed.job_state is QueueState.COMPLETED, timeout=60_000)
    title = f"kiosk-{printed._job}"
    qtbot.waitUntil(lambda: any(title in p.name for p in Path(pdf_out).glob("*.pdf")), timeout=30_000)
    (pdf,) = [p for p in Path(pdf_out).glob("*.pdf") if title in p.name]
    (number,) = rows(server, "SELECT bill_number FROM ebills ORDER BY issued_at DESC LIMIT 1")[0]
    assert number in pdf_text(pdf)  # cups-pdf keeps the ASCII text layer
    end_visit(kiosk, qtbot)
