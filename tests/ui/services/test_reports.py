"""Reports end to end against the reference gateway: list (ready / pending), a lab report's
flags and critical values, an imaging report, printing on A4 (to a folder, and through the
private CUPS queue), the print limit, a printer that is down, and the patient's data gone
when the session ends."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.privacy import mask_id_number
from kiosk.usecases.usage import Scene
from printing.queue import QueueState
from tests.printing.helpers import pdf_text
from tests.ui.flows import click, current, identify, open_service, wait_for_screen
from tests.ui.services import patient_services as ps
from ui.screens.generic import ChoiceScreen, NoticeScreen
from ui.services.report_view import ReportDetailScreen, ReportPrintScreen

pytestmark = pytest.mark.gateway


def a4_to(folder: Path) -> dict:
    return {"a4": {"type": "folder", "path": str(folder)}, "slip": {"type": "folder", "path": str(folder)},
            "poll_interval_s": 0.05}


def reports_of(gateway, card) -> dict[str, dict]:
    response = gateway.get("/api/v1/patients/me/reports", headers=ps.visit_headers(gateway, card))
    return {r["title"]: r for r in response.json()["reports"]}


def open_report(kiosk, qtbot, title: str):
    open_service(kiosk, qtbot, "reports")
    listing = wait_for_screen(kiosk, qtbot, ChoiceScreen)
    ps.press(qtbot, kiosk, title)
    return listing, ps.wait_away(qtbot, kiosk, listing)


def test_lab_report_flags_print_to_folder_and_wipe(make_kiosk, gateway, qtbot, tmp_path):
    out = tmp_path / "a4"
    kiosk = make_kiosk(gateway.url, gateway.token, printing=a4_to(out))
    card = identify(kiosk, qtbot, gateway, ps.EVERYTHING)
    record = ps.record_of(gateway, card)
    listing, detail = open_report(kiosk, qtbot, "血常规")
    shown = ps.texts(listing)
    assert "未出报告" in shown and "预计" in shown  # pending reports say when
    assert "已出报告" in shown
    # What can be printed comes first and is all that can be pressed.
    states = [(b.text().split("\n")[1][:5], b.isEnabled()) for b in listing.buttons]
    assert states[0] == ("【可打印】", True)
    assert all(enabled == state.startswith("【可打印】") for state, enabled in states)
    assert [s for s, _ in states] == sorted((s for s, _ in states), key=lambda s: not s.startswith("【可打印】"))
    assert isinstance(detail, ReportDetailScreen)
    # On a screen others can see: how many results and how many outside the range, no values.
    shown = ps.texts(detail)
    assert "项异常" in shown and "留意身边" in shown
    assert "13.48" not in shown and "↑ 偏高" not in shown
    click(qtbot, detail.details_button)
    shown = ps.texts(detail)
    assert "↑ 偏高" in shown and "↓ 偏低" in shown
    assert "13.48" in shown and "3.5-9.5" in shown
    assert detail.critical_banner is None

    click(qtbot, detail.actions[0])  # Print
    result = wait_for_screen(kiosk, qtbot, ReportPrintScreen)
    assert not kiosk.session.held
    qtbot.waitUntil(lambda: result.job_state is QueueState.COMPLETED, timeout=15_000)
    assert "请在下方出纸口取走报告" in ps.texts(result)
    (pdf,) = out.glob("*.pdf")
    assert record["name"] not in pdf.name and record["id_number"] not in pdf.name
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=30).stdout
    assert mask_id_number(record["id_number"]) in text and record["id_number"] not in text
    assert "血常规检验报告单" in text and "13.48" in text
    assert reports_of(gateway, card)["血常规"]["print_count"] == 1

    # Another report from the result screen: the list is fresh and says the print is used.
    ps.press(qtbot, kiosk, "打印其他报告")
    again = ps.wait_text(qtbot, kiosk, "补打请到人工窗口")
    assert isinstance(again, ChoiceScreen) and again is not listing
    qtbot.waitUntil(lambda: kiosk.window.services.context.outbox.pending() == 0, timeout=10_000)
    assert Scene.LAB_REPORT.value in ps.usage_scenes(gateway, record["patient_id"])
    ps.end_and_check_wiped(kiosk, qtbot, record, "13.48")


def test_critical_result_is_impossible_to_miss(make_kiosk, gateway, qtbot):
    kiosk = make_kiosk(gateway.url, gateway.token)
    card = identify(kiosk, qtbot, gateway, ps.CRITICAL)
    _, detail = open_report(kiosk, qtbot, "肾功能")
    assert isinstance(detail, ReportDetailScreen)
    assert detail.critical_banner is not None and detail.critical_banner.isVisible()
    assert "危急值" in ps.texts(detail)
    assert "钾 6.80 mmol/L" in detail.critical_banner.text()  # which result, in the banner
    click(qtbot, detail.details_button)
    kiosk.window.header.language_button.click()
    assert "CRITICAL" in ps.texts(detail) and "Critical result" in detail.critical_banner.text()
    ps.end_and_check_wiped(kiosk, qtbot, ps.record_of(gateway, card))


def test_imaging_report_shows_findings_and_impression(make_kiosk, gateway, qtbot):
    kiosk = make_kiosk(gateway.url, gateway.token)
    card = identify(kiosk, qtbot, gateway, ps.EVERYTHING)
    _, detail = open_report(kiosk, qtbot, "胸部CT")
    assert "结节" not in ps.texts(detail)
    click(qtbot, detail.details_button)
    shown = ps.texts(detail)
    assert "检查所见" in shown and "诊断意见" in shown and "结节" in shown
    qtbot.waitUntil(lambda: kiosk.window.services.context.outbox.pending() == 0, timeout=10_000)
    assert Scene.IMAGING_REPORT.value in ps.usage_scenes(gateway, ps.record_of(gateway, card)["patient_id"])
    ps.end_and_check_wiped(kiosk, qtbot, ps.record_of(gateway, card))


def test_pending_report_says_when_to_come_back(make_kiosk, gateway, qtbot):
    kiosk = make_kiosk(gateway.url, gateway.token)
    card = identify(kiosk, qtbot, gateway, ps.PENDING)
    open_service(kiosk, qtbot, "reports")
    listing = wait_for_screen(kiosk, qtbot, ChoiceScreen)
    (pending,) = [b for b in listing.buttons if "甲状腺" in b.text()]
    assert not pending.isEnabled() and "【未出报告】预计" in pending.text()
    ps.end_and_check_wiped(kiosk, qtbot, ps.record_of(gateway, card))


def test_no_reports_is_said_plainly(make_kiosk, gateway, qtbot):
    kiosk = make_kiosk(gateway.url, gateway.token)
    card = identify(kiosk, qtbot, gateway, ps.NOTHING)
    open_service(kiosk, qtbot, "reports")
    listing = wait_for_screen(kiosk, qtbot, ChoiceScreen)
    assert not listing.buttons
    assert "您目前没有检验或检查报告" in ps.texts(listing)
    click(qtbot, listing.nav.back_button)
    ps.end_and_check_wiped(kiosk, qtbot, ps.record_of(gateway, card))


def test_report_printed_to_the_limit_offers_no_print(make_kiosk, gateway, qtbot, tmp_path):
    out = tmp_path / "a4"
    kiosk = make_kiosk(gateway.url, gateway.token, printing=a4_to(out))
    card = identify(kiosk, qtbot, gateway, ps.PRINTED)
    open_service(kiosk, qtbot, "reports")
    listing = wait_for_screen(kiosk, qtbot, ChoiceScreen)
    (printed,) = [b for b in listing.buttons if "胸部正位" in b.text()]
    assert not printed.isEnabled() and "【已打印】补打请到人工窗口" in printed.text()
    assert not list(out.glob("*.pdf"))
    ps.end_and_check_wiped(kiosk, qtbot, ps.record_of(gateway, card))


def test_print_refused_by_the_gateway_prints_nothing(make_kiosk, gateway, qtbot, tmp_path):
    """Printed at another kiosk while this patient read it: the gateway's limit decides."""
    out = tmp_path / "a4"
    kiosk = make_kiosk(gateway.url, gateway.token, printing=a4_to(out))
    card = identify(kiosk, qtbot, gateway, ps.PENDING)
    _, detail = open_report(kiosk, qtbot, "血常规")
    report = reports_of(gateway, card)["血常规"]
    elsewhere = gateway.post(f"/api/v1/reports/{report['report_id']}/prints", {},
                             headers={**ps.visit_headers(gateway, card), "Idempotency-Key": "other-kiosk-1"})
    assert elsewhere.status_code == 201
    click(qtbot, detail.actions[0])
    notice = wait_for_screen(kiosk, qtbot, NoticeScreen)
    assert "人工窗口" in ps.texts(notice)
    assert not kiosk.session.held
    assert reports_of(gateway, card)["血常规"]["print_count"] == 1
    assert not list(out.glob("*.pdf"))
    click(qtbot, notice.nav.back_button)
    assert current(kiosk) is detail
    ps.end_and_check_wiped(kiosk, qtbot, ps.record_of(gateway, card))


def test_printer_down_counts_no_print(make_kiosk, gateway, qtbot, tmp_path):
    out = tmp_path / "a4"
    kiosk = make_kiosk(gateway.url, gateway.token, printing=a4_to(out))
    card = identify(kiosk, qtbot, gateway, ps.CRITICAL)
    _, detail = open_report(kiosk, qtbot, "血常规")
    shutil.rmtree(out)  # the A4 printer goes away (a folder printer that cannot be written)
    click(qtbot, detail.actions[0])
    notice = wait_for_screen(kiosk, qtbot, NoticeScreen)
    assert "未计打印次数" in ps.texts(notice)
    assert reports_of(gateway, card)["血常规"]["print_count"] == 0
    ps.end_and_check_wiped(kiosk, qtbot, ps.record_of(gateway, card))


def test_idle_timeout_on_a_report_wipes_it(make_kiosk, gateway, qtbot):
    kiosk = make_kiosk(gateway.url, gateway.token)
    card = identify(kiosk, qtbot, gateway, ps.CRITICAL)
    open_report(kiosk, qtbot, "肾功能")
    kiosk.clock.advance(200)
    kiosk.window.idle.tick()
    assert current(kiosk) is kiosk.window.home
    ps.end_and_check_wiped(kiosk, qtbot, ps.record_of(gateway, card), "危急值")


@pytest.mark.cups
def test_lab_report_prints_through_cups(make_kiosk, gateway, qtbot):
    server, pdf_out = os.environ.get("CUPS_SERVER"), os.environ.get("KIOSK_TEST_PDF_OUT")
    if not server or not pdf_out:
        pytest.skip("CUPS_SERVER / KIOSK_TEST_PDF_OUT unset: start scripts/cups.sh (make test)")
    printing = {"a4": {"type": "cups", "queue": "KioskPDF"}, "slip": {"type": "cups", "queue": "KioskPDF"},
                "poll_interval_s": 0.1}
    kiosk = make_kiosk(gateway.url, gateway.token, printing=printing)
    card = identify(kiosk, qtbot, gateway, ps.EVERYTHING)
    record = ps.record_of(gateway, card)
    _, detail = open_report(kiosk, qtbot, "肝功能")
    click(qtbot, detail.actions[0])
    result = wait_for_screen(kiosk, qtbot, ReportPrintScreen)
    qtbot.waitUntil(lambda: result.job_state is QueueState.COMPLETED, timeout=60_000)
    title = f"kiosk-{result._job}"
    qtbot.waitUntil(lambda: any(title in p.name for p in Path(pdf_out).glob("*.pdf")), timeout=30_000)
    (pdf,) = [p for p in Path(pdf_out).glob("*.pdf") if title in p.name]
    text = pdf_text(pdf)
    # cups-pdf drops the Chinese text layer (docs/printing.md); the ASCII fields remain.
    report_id = reports_of(gateway, card)["肝功能"]["report_id"]
    assert report_id in text
    assert mask_id_number(record["id_number"]) in text and record["id_number"] not in text
    ps.end_and_check_wiped(kiosk, qtbot, record)
