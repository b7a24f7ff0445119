"""Outpatient payment end to end against the reference gateway: bills → insurance e-voucher →
pre-settle → scan to pay → settle → receipt printed → usage reported; and every way it can go
wrong (wrong voucher, cancelled payment, a settlement refused after paying, a lost reply)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from kiosk.errors import GatewayUnavailable
from kiosk.privacy import mask_id_number, mask_name
from kiosk.session import EndReason
from printing.queue import QueueState
from testbed.gateway_files import read_rows
from tests.ui.flows import click, current, open_service, wait_for_screen
from tests.ui.helpers import visible_texts, wedge_scan
from ui.screens.generic import ChoiceScreen, NoticeScreen, SummaryScreen
from ui.screens.patient import PatientScreen
from ui.screens.pay import PayScreen
from ui.services import payment_text as T
from ui.services.payment_screens import BillsScreen, VoucherScreen
from ui.services.result import ResultScreen

pytestmark = pytest.mark.gateway


@pytest.fixture
def server(start_gateway, tmp_path):
    # A gateway of its own: these journeys pay bills, which other tests may count on.
    return start_gateway(db_path=tmp_path / "gw.sqlite")


def printing_to(folder) -> dict:
    return {
        "a4": {"type": "folder", "path": str(folder)},
        "slip": {"type": "folder", "path": str(folder)},
        "poll_interval_s": 0.05,
    }


def rows(server, sql: str, *args) -> list[tuple]:
    """Read the gateway's database (and the emulated provider's file) without changing it."""
    return read_rows(server.db_path, sql, *args)


def bill_patients(server, *, insured: bool) -> list[dict]:
    return [p for p in server.scenarios()["unpaid_bills"] if p["insured"] is insured]


def bill_patient(server) -> str:
    """Someone with bills, uninsured if the day's demo data has one (the data changes daily)."""
    people = bill_patients(server, insured=False) + bill_patients(server, insured=True)
    return people[0]["health_card_id"]


def next_to_confirm(kiosk, qtbot, bills_screen) -> SummaryScreen:
    click(qtbot, bills_screen.action)
    qtbot.waitUntil(lambda: isinstance(current(kiosk), VoucherScreen | SummaryScreen), timeout=10_000)
    if isinstance(current(kiosk), VoucherScreen):
        click(qtbot, current(kiosk).self_pay_button)
    return wait_for_screen(kiosk, qtbot, SummaryScreen)


def without_the_account(kiosk, qtbot, confirm: SummaryScreen) -> SummaryScreen:
    """The patient chooses not to use the personal account, so the rest is paid by scan."""
    choice = getattr(confirm, "account_choice", None)
    if choice is None or not kiosk.window.services.flow._preview.insurance.use_account:
        return confirm
    click(qtbot, choice)
    qtbot.waitUntil(lambda: isinstance(current(kiosk), SummaryScreen) and current(kiosk) is not confirm, timeout=10_000)
    return current(kiosk)


def unpaid(server, card: str) -> list[dict]:
    return server.get("/api/v1/patients/me/bills", headers=server.visit(card)).json()["bills"]


def identify_card(kiosk, qtbot, server, card: str) -> None:
    with qtbot.waitSignal(kiosk.window.identified, timeout=10_000):
        wedge_scan(qtbot, current(kiosk), server.code(card))
    wait_for_screen(kiosk, qtbot, PatientScreen)


def to_bills(kiosk, qtbot, server, card: str) -> BillsScreen:
    identify_card(kiosk, qtbot, server, card)
    open_service(kiosk, qtbot, "payment")
    return wait_for_screen(kiosk, qtbot, BillsScreen)


def pay_on_phone(kiosk, qtbot, server) -> ResultScreen:
    pay = wait_for_screen(kiosk, qtbot, PayScreen)
    assert kiosk.session.held  # the idle timeout cannot cut a payment off
    # One bar counting the order's time down (not a busy animation), on the hospital clock.
    assert pay.countdown.maximum() > 60 and 0 < pay.countdown.value() <= pay.countdown.maximum()
    step = kiosk.window.services.flow.pay_step
    server.confirm_payment(step.order.payment_id)
    step.poll_now()
    result = wait_for_screen(kiosk, qtbot, ResultScreen)
    assert pay is not result and not kiosk.session.held
    return result


def back_home_and_end(kiosk, qtbot, screen) -> None:
    """Back from ``screen`` is the patient's home; then the visit ends."""
    click(qtbot, screen.nav.back_button)
    wait_for_screen(kiosk, qtbot, PatientScreen)
    end_visit(kiosk, qtbot)


def kiosk_for(make_kiosk, server, tmp_path):
    return make_kiosk(server.url, server.token, printing=printing_to(tmp_path / "printed"))


def end_visit(kiosk, qtbot) -> None:
    """Let a receipt finish printing (its screen follows the job), then end the visit."""
    screen = kiosk.window.services.top
    if isinstance(screen, ResultScreen):
        qtbot.waitUntil(lambda: screen.job_state is not None and not screen._timer.isActive(), timeout=10_000)
    kiosk.session.end(EndReason.FINISHED)


def patient_id(server, card: str) -> str:
    return rows(server, "SELECT patient_id FROM patients WHERE health_card_id = ?", card)[0][0]


def test_self_pay_all_bills_prints_receipt_and_reports_usage(make_kiosk, server, qtbot, tmp_path):
    out = tmp_path / "printed"
    kiosk = make_kiosk(server.url, server.token, printing=printing_to(out))
    card = bill_patient(server)
    record = server.patient_record(card)
    bills = unpaid(server, card)
    bills_screen = to_bills(kiosk, qtbot, server, card)
    assert len(bills_screen.cards) == len(bills) and all(c.chosen for c in bills_screen.cards)

    confirm = next_to_confirm(kiosk, qtbot, bills_screen)
    total = sum(b["total_fen"] for b in bills)
    texts = visible_texts(confirm)
    assert f"¥{total // 100}.{total % 100:02d}" in texts and "¥0.00" in texts  # nothing from insurance
    click(qtbot, confirm.action)
    result = pay_on_phone(kiosk, qtbot, server)

    receipt_no = rows(server, "SELECT receipt_no FROM settlements WHERE patient_id = ?", patient_id(server, card))
    assert len(receipt_no) == 1 and receipt_no[0][0] in visible_texts(result)
    assert unpaid(server, card) == []
    qtbot.waitUntil(lambda: result.job_state is not None and result.job_state.value == "completed", timeout=10_000)
    (pdf,) = out.glob("*.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=30).stdout
    assert receipt_no[0][0] in text and "门诊缴费凭条" in text
    assert mask_name(record["name"]) in text and record["name"] not in text
    assert record["id_number"] not in text and record["name"] not in pdf.name
    assert mask_id_number(record["id_number"]) not in visible_texts(result)  # the result shows no ID at all

    qtbot.waitUntil(lambda: kiosk.window.services.context.outbox.pending() == 0, timeout=10_000)
    usage = rows(server, "SELECT scene, channel, cost_type FROM usage_reports WHERE patient_id = ?", patient_id(server, card))
    assert ("0101051", "0200", "0100") in usage
    end_visit(kiosk, qtbot)


def test_insured_patient_pays_with_the_scanned_voucher(make_kiosk, server, qtbot, tmp_path):
    kiosk = kiosk_for(make_kiosk, server, tmp_path)
    card = bill_patients(server, insured=True)[0]["health_card_id"]
    bills_screen = to_bills(kiosk, qtbot, server, card)
    patient = kiosk.session.patient
    click(qtbot, bills_screen.action)
    voucher = wait_for_screen(kiosk, qtbot, VoucherScreen)

    # The health code shown by mistake: told so, and the visit goes on.
    wedge_scan(qtbot, voucher, server.code(card))
    qtbot.waitUntil(lambda: voucher.hint.isVisibleTo(voucher), timeout=5_000)
    assert voucher.hint.text() == T.NOT_A_VOUCHER.zh
    assert kiosk.session.patient is patient and current(kiosk) is voucher

    wedge_scan(qtbot, voucher, server.code(card, kind="insurance"))
    confirm = without_the_account(kiosk, qtbot, wait_for_screen(kiosk, qtbot, SummaryScreen))
    preview = kiosk.window.services.flow._preview
    assert preview.insurance_fen > 0 and preview.self_pay_fen == preview.total_fen - preview.insurance_fen
    assert not kiosk.window.services.offer_scan(None)  # past the voucher step the flow takes no scans
    click(qtbot, confirm.action)
    result = pay_on_phone(kiosk, qtbot, server)
    assert kiosk.window.services.flow is None
    assert T.INSURANCE_FUND.zh + "+" + T.WECHAT.zh in visible_texts(result)

    qtbot.waitUntil(lambda: kiosk.window.services.context.outbox.pending() == 0, timeout=10_000)
    usage = rows(server, "SELECT scene, cost_type FROM usage_reports WHERE patient_id = ?", patient_id(server, card))
    assert ("0101051", "0200") in usage  # insurance paid part
    end_visit(kiosk, qtbot)


def test_wrong_or_expired_voucher_is_refused_then_self_pay_and_home(make_kiosk, server, qtbot, tmp_path):
    kiosk = kiosk_for(make_kiosk, server, tmp_path)
    insured = bill_patients(server, insured=True)
    card, other = insured[1]["health_card_id"], insured[2]["health_card_id"]
    click(qtbot, to_bills(kiosk, qtbot, server, card).action)
    voucher = wait_for_screen(kiosk, qtbot, VoucherScreen)
    wedge_scan(qtbot, voucher, server.code(other, kind="insurance"))
    qtbot.waitUntil(lambda: voucher.hint.text() == T.VOUCHER_MISMATCH.zh, timeout=10_000)
    assert current(kiosk) is voucher
    wedge_scan(qtbot, voucher, server.code(card, kind="insurance", age_s=3600))
    qtbot.waitUntil(lambda: voucher.hint.text() == T.VOUCHER_EXPIRED.zh, timeout=10_000)
    assert current(kiosk) is voucher and kiosk.session.patient is not None

    click(qtbot, voucher.self_pay_button)
    confirm = wait_for_screen(kiosk, qtbot, SummaryScreen)
    assert kiosk.window.services.flow._preview.insurance_fen == 0
    click(qtbot, confirm.nav.home_button)
    wait_for_screen(kiosk, qtbot, PatientScreen)
    assert kiosk.window.services.flow is None
    assert rows(server, "SELECT COUNT(*) FROM payments WHERE patient_id = ?", patient_id(server, card)) == [(0,)]
    end_visit(kiosk, qtbot)


def test_pay_only_the_chosen_bill(make_kiosk, server, qtbot, tmp_path):
    kiosk = kiosk_for(make_kiosk, server, tmp_path)
    # The demo hospital gives a few patients two bills every day.
    card = next(p["health_card_id"] for p in server.scenarios()["several_unpaid_bills"]
                if len(unpaid(server, p["health_card_id"])) >= 2)
    bills_screen = to_bills(kiosk, qtbot, server, card)
    skipped = bills_screen.cards[0].bill.bill_id
    click(qtbot, bills_screen.cards[0].toggle)
    assert not bills_screen.cards[0].chosen
    for c in bills_screen.cards[1:]:
        click(qtbot, c.toggle)  # none chosen: nothing to go on with
    assert not bills_screen.action.isEnabled() and bills_screen.summary.text() == T.NONE_SELECTED.zh
    for c in bills_screen.cards[1:]:
        click(qtbot, c.toggle)
    click(qtbot, next_to_confirm(kiosk, qtbot, bills_screen).action)
    pay_on_phone(kiosk, qtbot, server)
    assert [b["bill_id"] for b in unpaid(server, card)] == [skipped]
    end_visit(kiosk, qtbot)


def test_nothing_to_pay_says_so(make_kiosk, server, qtbot, tmp_path):
    kiosk = kiosk_for(make_kiosk, server, tmp_path)
    with_bills = {p["health_card_id"] for p in server.scenarios()["unpaid_bills"]}
    card = next(p["health_card_id"] for p in server.demo_patients(30)
                if p["status"] == "active" and p["health_card_id"] not in with_bills)
    identify_card(kiosk, qtbot, server, card)
    open_service(kiosk, qtbot, "payment")
    screen = wait_for_screen(kiosk, qtbot, ChoiceScreen)
    assert T.NO_BILLS.zh in visible_texts(screen) and not screen.buttons
    back_home_and_end(kiosk, qtbot, screen)


def test_cancelled_payment_charges_nothing_and_starts_again_from_the_bills(make_kiosk, server, qtbot, tmp_path, caplog):
    kiosk = kiosk_for(make_kiosk, server, tmp_path)
    card = bill_patient(server)
    bills_screen = to_bills(kiosk, qtbot, server, card)
    click(qtbot, next_to_confirm(kiosk, qtbot, bills_screen).action)
    pay = wait_for_screen(kiosk, qtbot, PayScreen)
    click(qtbot, pay.cancel)
    notice = wait_for_screen(kiosk, qtbot, NoticeScreen)
    assert "未扣款" in notice.title.text() and not kiosk.session.held
    click(qtbot, notice.nav.back_button)
    assert wait_for_screen(kiosk, qtbot, BillsScreen) is bills_screen
    assert rows(server, "SELECT COUNT(*) FROM payments WHERE patient_id = ? AND status = 'success'",
                patient_id(server, card)) == [(0,)]
    assert unpaid(server, card)
    click(qtbot, bills_screen.nav.home_button)  # leaving after the payment step is clean
    wait_for_screen(kiosk, qtbot, PatientScreen)
    assert "abandoning" not in caplog.text
    end_visit(kiosk, qtbot)


def test_settlement_refused_after_paying_is_refunded(make_kiosk, server, qtbot, tmp_path):
    kiosk = kiosk_for(make_kiosk, server, tmp_path)
    card = bill_patient(server)
    click(qtbot, next_to_confirm(kiosk, qtbot, to_bills(kiosk, qtbot, server, card)).action)
    wait_for_screen(kiosk, qtbot, PayScreen)

    # Meanwhile the same bills are paid at the cashier's window.
    visit = server.visit(card)
    bill_ids = [b["bill_id"] for b in unpaid(server, card)]
    key = {"Idempotency-Key": "counter-preview"}
    preview = server.post("/api/v1/settlements/previews", {"bill_ids": bill_ids}, headers={**visit, **key}).json()
    order = server.post("/api/v1/payments", {"purpose": "bills", "reference": preview["preview_id"],
                                             "amount_fen": preview["self_pay_fen"]},
                        headers={**visit, "Idempotency-Key": "counter-pay"}).json()
    server.confirm_payment(order["payment_id"])
    settled = server.post("/api/v1/settlements", {"preview_id": preview["preview_id"], "payment_id": order["payment_id"]},
                          headers={**visit, "Idempotency-Key": "counter-settle"})
    assert settled.status_code == 201

    step = kiosk.window.services.flow.pay_step
    payment_id = step.order.payment_id
    server.confirm_payment(payment_id)
    step.poll_now()
    notice = wait_for_screen(kiosk, qtbot, NoticeScreen)
    assert notice.title.text() == T.NOT_SETTLED_REFUNDED.zh and not kiosk.session.held
    assert server.get(f"/api/v1/payments/{payment_id}", headers=visit).json()["status"] == "refunded"
    back_home_and_end(kiosk, qtbot, notice)


def test_lost_settlement_reply_is_retried_with_the_same_key(make_kiosk, server, qtbot, tmp_path, monkeypatch):
    kiosk = kiosk_for(make_kiosk, server, tmp_path)
    card = bill_patient(server)
    api = kiosk.window.services.context.payment
    real_settle, calls = api.settle, []

    def settle_reply_lost_once(*args):
        calls.append(args)
        body = real_settle(*args)  # the gateway settles…
        if len(calls) == 1:
            raise GatewayUnavailable()  # …and the reply never arrives
        return body

    monkeypatch.setattr(api, "settle", settle_reply_lost_once)
    confirm = next_to_confirm(kiosk, qtbot, to_bills(kiosk, qtbot, server, card))
    click(qtbot, confirm.action)
    wait_for_screen(kiosk, qtbot, PayScreen)
    step = kiosk.window.services.flow.pay_step
    server.confirm_payment(step.order.payment_id)
    step.poll_now()

    notice = wait_for_screen(kiosk, qtbot, NoticeScreen)
    assert notice.title.text() == T.SETTLE_UNKNOWN.zh
    click(qtbot, notice.nav.back_button)
    assert current(kiosk) is confirm and not confirm.nav.back_button.isVisibleTo(confirm)  # no way to pay twice
    click(qtbot, confirm.action)
    wait_for_screen(kiosk, qtbot, ResultScreen)
    assert len(calls) == 2 and calls[0] == calls[1]
    pid = patient_id(server, card)
    assert rows(server, "SELECT COUNT(*) FROM settlements WHERE patient_id = ?", pid) == [(1,)]
    assert rows(server, "SELECT COUNT(*) FROM payments WHERE patient_id = ?", pid) == [(1,)]
    end_visit(kiosk, qtbot)


def test_idle_timeout_at_the_voucher_step_ends_the_visit_and_frees_the_scanner(make_kiosk, server, qtbot, tmp_path):
    kiosk = kiosk_for(make_kiosk, server, tmp_path)
    card = bill_patients(server, insured=True)[0]["health_card_id"]
    click(qtbot, to_bills(kiosk, qtbot, server, card).action)
    wait_for_screen(kiosk, qtbot, VoucherScreen)
    assert kiosk.window.services.offer_scan(None)  # the voucher step takes scans
    kiosk.clock.advance(200)
    kiosk.window.idle.tick()
    assert current(kiosk) is kiosk.window.home and kiosk.window.services.flow is None
    # The next scan identifies a patient as usual.
    identify_card(kiosk, qtbot, server, card)
    end_visit(kiosk, qtbot)


def printing_to_cups() -> tuple[dict, str]:
    """Both printers on the suite's private CUPS (cups-pdf), and where its PDFs land."""
    cups, pdf_out = os.environ.get("CUPS_SERVER"), os.environ.get("KIOSK_TEST_PDF_OUT")
    if not cups or not pdf_out:
        pytest.skip("CUPS_SERVER / KIOSK_TEST_PDF_OUT unset: start scripts/cups.sh (make test)")
    printing = {"a4": {"type": "cups", "queue": "KioskPDF"}, "slip": {"type": "cups", "queue": "KioskPDF"},
                "poll_interval_s": 0.1}
    return printing, pdf_out


@pytest.mark.cups
def test_receipt_prints_through_cups(make_kiosk, server, qtbot):
    printing, pdf_out = printing_to_cups()
    kiosk = make_kiosk(server.url, server.token, printing=printing)
    card = bill_patient(server)
    record = server.patient_record(card)
    click(qtbot, next_to_confirm(kiosk, qtbot, to_bills(kiosk, qtbot, server, card)).action)
    result = pay_on_phone(kiosk, qtbot, server)
    qtbot.waitUntil(lambda: result.job_state is QueueState.COMPLETED, timeout=60_000)
    title = f"kiosk-{result._job}"
    qtbot.waitUntil(lambda: any(title in p.name for p in Path(pdf_out).glob("*.pdf")), timeout=30_000)
    (pdf,) = [p for p in Path(pdf_out).glob("*.pdf") if title in p.name]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=30).stdout
    # cups-pdf drops the Chinese text layer (docs/printing.md); the ASCII fields remain.
    (receipt_no,) = rows(server, "SELECT receipt_no FROM settlements WHERE patient_id = ?", patient_id(server, card))[0]
    assert receipt_no in text and record["id_number"] not in text
    end_visit(kiosk, qtbot)
