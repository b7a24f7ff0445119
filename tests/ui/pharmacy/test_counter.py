"""Journeys at the pharmacy counter against the real reference gateway: sign in, call, scan
the patient, verify every box (right, wrong drug, expired, dispensed before, too many, the
product barcode), dispense once, labels printed, audit chain intact, lock and sign out."""

from __future__ import annotations

import json
import os

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.audit import anchors
from kiosk.audit_chain import verify as verify_chain
from kiosk.credentials import audit_key
from testbed.gateway_process import GatewayProcess
from tests.printing.helpers import pdf_text
from tests.ui.helpers import all_strings_in_tree, wedge_scan
from tests.ui.pharmacy.desk import (
    boxes,
    build_desk,
    last_result,
    rows,
    scan,
    scan_patient,
    sign_in,
)

pytestmark = pytest.mark.gateway


def verify(path):
    """The workstation's log checked with its key (kept in the keyring by the window)."""
    return verify_chain(path, audit_key("ehc-kiosk", create=False))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A gateway of this module's own: dispensing changes what later tests would see."""
    process = GatewayProcess(tmp_path_factory.mktemp("counter-gw") / "gw.sqlite")
    capabilities = process.get("/api/v1/capabilities").json()
    if "pharmacy_counter" not in capabilities.get("services", []):
        process.stop()
        pytest.skip("the reference gateway does not offer pharmacy_counter yet")
    yield process
    process.stop()


@pytest.fixture
def desk(qtbot, server, tmp_path):
    made = build_desk(qtbot, server.url, server.token, tmp_path)
    yield made
    made.client.close()


def _patient(server, position: int) -> dict:
    return server.demo_patients(10)[position]


def test_full_counter_journey(qtbot, server, desk):
    window, screen = desk.window, desk.window.counter_screen
    sign_in(qtbot, window)
    assert "陈静" in window.staff_label.text()

    # Call the next patient (F2): the gateway records the call, the queue shows it.
    qtbot.keyClick(window, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: "已呼叫" in screen.notice.text(), timeout=10_000)

    # Patient 1 (window 3): 头孢克肟 ×1 + 布洛芬 ×1, allergic to penicillin.
    patient = _patient(server, 1)
    scan_patient(qtbot, window, server.code(patient["health_card_id"]))
    found = screen.found
    assert {i.drug_code for i in found.items} == {"YP00110", "YP00103"}
    assert all(rx.window == "3" for rx in found.prescriptions)
    assert "青霉素" in screen.patient.allergy.text() and screen.patient.allergy.isVisible()
    assert screen.patient.name.text() == patient["name"]  # this desk shows full names
    assert not screen.dispense_button.isEnabled()

    cefixime = boxes(server, "YP00110", limit=3)
    ibuprofen = boxes(server, "YP00103", limit=2)

    scan(qtbot, window, boxes(server, "YP00101")[0]["code"])  # amoxicillin: not prescribed
    assert last_result(window) == ("✗ 拒绝", "药品不符：此盒不是处方中的药品。")

    scan(qtbot, window, boxes(server, "YP00110", "expired")[0]["code"])
    mark, message = last_result(window)
    assert mark == "✗ 拒绝" and "过期" in message and "头孢克肟" in message

    scan(qtbot, window, boxes(server, "YP00103", "dispensed")[0]["code"])
    mark, message = last_result(window)
    assert mark == "✗ 拒绝" and "回流药" in message and "药师" in message

    scan(qtbot, window, "6901234567892")  # the EAN product barcode on the same box
    assert "商品条码" in last_result(window)[1]

    scan(qtbot, window, cefixime[0]["code"])
    assert last_result(window) == ("✓ 通过", "头孢克肟胶囊 0.1g×6粒（第 1/1 盒）")
    scan(qtbot, window, cefixime[1]["code"])
    mark, message = last_result(window)
    assert mark == "✗ 拒绝" and "数量超出" in message
    scan(qtbot, window, cefixime[0]["code"])
    assert "已经扫描过" in last_result(window)[1]

    scan(qtbot, window, ibuprofen[0]["code"])
    assert screen.verifier.complete and screen.dispense_button.isEnabled()

    # Remove a right box by mistake: dispensing is blocked until it is scanned again.
    screen.scans.table.selectRow(0)
    screen.scans.remove_button.click()
    assert not screen.verifier.complete and not screen.dispense_button.isEnabled()
    scan(qtbot, window, ibuprofen[0]["code"])
    assert screen.dispense_button.isEnabled()

    qtbot.keyClick(window, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: screen.dispensed is not None, timeout=10_000)
    qtbot.waitUntil(lambda: "已打印" in screen.notice.text(), timeout=15_000)
    assert "标签 2 张、用药指导单 1 份已打印" in screen.notice.text()
    printed = [pdf_text(p).replace(" ", "") for p in sorted(desk.labels.glob("*.pdf"))]
    assert len(printed) == 3
    assert sum("头孢克肟胶囊" in t and "用药指导单" not in t for t in printed) == 1
    assert any("用药指导单" in t and "过敏史：青霉素" in t for t in printed)
    assert all(patient["name"] not in t for t in printed)
    assert not screen.dispense_button.isEnabled()

    # The gateway recorded one dispense by this staff member, and the codes are registered.
    dispensed = rows(server, "SELECT staff_no, window FROM dispenses WHERE dispense_id = ?",
                     screen.dispensed.dispense_id)
    assert dispensed == [("1001", "3")]
    assert rows(server, "SELECT COUNT(*) FROM dispensed_codes WHERE code IN (?, ?)",
                cefixime[0]["key"], ibuprofen[0]["key"]) == [(2,)]

    # A box of this dispense scanned for the next patient is refused as dispensed before.
    scan_patient(qtbot, window, server.code(_patient(server, 5)["health_card_id"]))
    scan(qtbot, window, cefixime[0]["code"])
    assert "回流药" in last_result(window)[1]

    # The audit chain: sign-in, call, dispense; intact; delivered to the gateway.
    qtbot.waitUntil(lambda: window.counter.undelivered() == 0,
                    timeout=10_000)
    events = [json.loads(line) for line in desk.audit.read_text().splitlines()]
    assert [e["kind"] for e in events] == ["sign_in", "call", "dispense"]
    assert all(e["staff_no"] == "1001" for e in events)
    assert events[2]["patient_ref"] == found.patient.patient_ref
    assert patient["name"] not in desk.audit.read_text()
    assert verify(desk.audit).ok
    # Against the gateway's anchor: the log holds each event it accepted, unchanged.
    against = verify_chain(desk.audit, audit_key("ehc-kiosk", create=False), anchors(desk.client))
    assert against.ok and against.confirmed == 3
    stored = rows(server, "SELECT kind FROM audit_events WHERE event_id IN (?, ?, ?)",
                  *(e["event_id"] for e in events))
    assert sorted(k for (k,) in stored) == ["call", "dispense", "sign_in"]

    # Signing out clears everything personal from the window.
    window.sign_out_button.click()
    assert window.stack.currentWidget() is window.signin
    texts = "\n".join(all_strings_in_tree())
    assert patient["name"] not in texts
    qtbot.waitUntil(lambda: verify(desk.audit).lines == 4 and window.counter.undelivered() == 0,
                    timeout=10_000)
    assert json.loads(desk.audit.read_text().splitlines()[-1])["kind"] == "sign_out"


def test_gs1_boxes_of_an_imported_drug(qtbot, server, desk):
    window, screen = desk.window, desk.window.counter_screen
    sign_in(qtbot, window)
    scan_patient(qtbot, window, server.code(_patient(server, 2)["health_card_id"]))
    assert [i.qty for i in screen.found.items] == [2]
    assert not screen.found.patient.allergies  # said either way, never just left out
    assert screen.patient.allergy.isVisible() and screen.patient.allergy.text() == "过敏史：无"
    fresh = boxes(server, "YP00108", limit=2)
    scan(qtbot, window, fresh[0]["code"])  # raw element string with the GS separator
    scan(qtbot, window, fresh[0]["hri"])  # the same box in its printed form
    assert "已经扫描过" in last_result(window)[1]
    scan(qtbot, window, fresh[1]["hri"])
    assert screen.verifier.complete
    expired = boxes(server, "YP00108", "expired")[0]
    scan(qtbot, window, expired["code"])
    assert "过期" in last_result(window)[1]


def test_wrong_password_and_lock_after_inactivity(qtbot, server, desk):
    window = desk.window
    window.signin.staff_no.setText("1001")
    window.signin.password.setText("wrong-password")
    window.signin.button.click()
    qtbot.waitUntil(lambda: "工号或密码错误" in window.signin.message.text(), timeout=10_000)
    assert window.signin.password.text() == ""  # never kept
    sign_in(qtbot, window)
    scan_patient(qtbot, window, server.code(_patient(server, 6)["health_card_id"]))
    desk.clock.advance(301)  # the default auto_lock_s is 300
    window.check_lock()
    assert window.stack.currentWidget() is window.signin
    assert window.signin.staff_no.text() == "1001" and "锁定" in window.signin.title.text()
    assert window.staff_label.text() == "已锁定（1001）"  # locked, not "未登录"
    assert window.counter_screen.found is None
    assert window.counter.session.token is None
    qtbot.waitUntil(lambda: '"lock"' in desk.audit.read_text(), timeout=10_000)
    assert verify(desk.audit).ok


def test_a_log_with_events_and_no_key_stops_the_workstation_saying_why(
    qtbot, server, memory_keyring, tmp_path, capsys
):
    """Events linked with a lost key can never be verified: no new chain is started over
    them in silence, and no new key is made."""
    from kiosk.gateway_client import GatewayClient
    from kiosk.settings import parse_settings
    from ui.pharmacy.app import run_counter

    desk = build_desk(qtbot, server.url, server.token, tmp_path)  # makes the key and a log
    sign_in(qtbot, desk.window)
    qtbot.waitUntil(lambda: desk.audit.exists() and desk.audit.read_text() != "", timeout=10_000)
    desk.window.stop()
    desk.client.close()
    memory_keyring.delete_password("ehc-kiosk", "audit-chain-key")
    settings = parse_settings({"kiosk": {"role": "pharmacy-counter"},
                               "gateway": {"url": server.url, "retries": 0},
                               "pharmacy": {"audit_log": str(desk.audit)}})
    client = GatewayClient(server.url, server.token, retries=0)
    try:
        assert run_counter(QApplication.instance(), settings, client, windowed=True,
                           install=lambda _window: None) == 2
    finally:
        client.close()
    assert "audit log's key is not in this machine's keyring" in capsys.readouterr().err
    assert memory_keyring.get_password("ehc-kiosk", "audit-chain-key") is None


def test_scans_before_sign_in_are_refused(qtbot, server, desk):
    from kiosk.scan import ScanEvent, SourceKind

    desk.window.handle_scan(ScanEvent(text="0000001234", source=SourceKind.WEDGE))
    assert "请先登录" in desk.window.signin.message.text()
    assert desk.window.signin.staff_no.text() == ""


def test_dispense_retried_after_a_lost_reply_dispenses_once(qtbot, tmp_path, fault_proxy):
    server = GatewayProcess(tmp_path / "gw.sqlite")
    try:
        _dispense_through_faults(qtbot, tmp_path, fault_proxy, server)
    finally:
        server.stop()


def _dispense_through_faults(qtbot, tmp_path, fault_proxy, server):
    proxy = fault_proxy(server.port, weights={"pass": 1})
    http = requests.Session()
    http.headers["Connection"] = "close"  # one connection, and one fault, per request
    desk = build_desk(qtbot, proxy.url, server.token, tmp_path, session=http, retries=3)
    try:
        window, screen = desk.window, desk.window.counter_screen
        sign_in(qtbot, window)
        scan_patient(qtbot, window, server.code(_patient(server, 2)["health_card_id"]))
        for box in boxes(server, "YP00108", limit=2):
            scan(qtbot, window, box["code"])
        assert screen.dispense_button.isEnabled()
        # From now on the gateway commits but its reply is lost, once per connection.
        proxy._weights = {"lose_reply": 1, "pass": 1}
        proxy._rng.seed(3)
        screen.dispense_button.click()
        qtbot.waitUntil(lambda: screen.dispensed is not None or "未发药" in screen.notice.text()
                        or "无法连接" in screen.notice.text(), timeout=20_000)
        if screen.dispensed is None:  # every retry lost: staff press F9 again, same intent
            proxy._weights = {"pass": 1}
            screen.dispense_button.click()
            qtbot.waitUntil(lambda: screen.dispensed is not None, timeout=20_000)
        assert proxy.applied["lose_reply"] >= 1
        assert rows(server, "SELECT COUNT(*) FROM dispenses") == [(1,)]
        assert rows(server, "SELECT dispense_id FROM dispenses") == [(screen.dispensed.dispense_id,)]
        qtbot.waitUntil(lambda: "标签" in screen.notice.text() and "正在" not in screen.notice.text(),
                        timeout=15_000)
        # The audit events and usage report go out while the gateway is still there: the
        # pump's retries against a stopped gateway would outlive the test.
        proxy._weights = {"pass": 1}
        window.counter.outbox_kick()
        qtbot.waitUntil(lambda: window.counter.undelivered() == 0, timeout=20_000)
    finally:
        desk.window.close()
        desk.client.close()
        http.close()


@pytest.mark.cups
def test_labels_print_through_cups(qtbot, server, tmp_path):
    cups, pdf_out = os.environ.get("CUPS_SERVER"), os.environ.get("KIOSK_TEST_PDF_OUT")
    if not cups or not pdf_out:
        pytest.skip("CUPS_SERVER / KIOSK_TEST_PDF_OUT unset: start scripts/cups.sh (make test)")
    desk = build_desk(qtbot, server.url, server.token, tmp_path,
                      printing={"type": "cups", "queue": "KioskPDF"})
    try:
        window, screen = desk.window, desk.window.counter_screen
        sign_in(qtbot, window)
        scan_patient(qtbot, window, server.code(_patient(server, 6)["health_card_id"]))
        for item in screen.found.items:
            for box in boxes(server, item.drug_code, limit=item.qty):
                scan(qtbot, window, box["code"])
        screen.dispense_button.click()
        qtbot.waitUntil(lambda: "已打印" in screen.notice.text(), timeout=60_000)
        assert "标签 2 张" in screen.notice.text()
    finally:
        desk.client.close()


def test_wedge_scans_work_whatever_has_focus(qtbot, server, desk):
    window, screen = desk.window, desk.window.counter_screen
    sign_in(qtbot, window)
    screen.scans.entry.setFocus()
    wedge_scan(qtbot, screen.scans.entry, server.code(_patient(server, 7)["health_card_id"]))
    qtbot.waitUntil(lambda: screen.found is not None, timeout=10_000)
    box = boxes(server, screen.found.items[0].drug_code, limit=1)[0]
    wedge_scan(qtbot, screen.scans.entry, box["code"])
    qtbot.waitUntil(lambda: screen.scans.table.rowCount() == 1 and not screen.busy, timeout=10_000)
    assert last_result(window)[0] == "✓ 通过"
    assert screen.scans.entry.text() == ""  # the burst never reached the field
    # Del with nothing picked takes back the latest scan (focus away from the text field).
    screen.scans.table.setFocus()
    qtbot.keyClick(screen.scans.table, Qt.Key.Key_Delete)
    assert screen.scans.table.rowCount() == 0 and screen.verifier.boxes == ()


def test_an_assistant_verifies_but_cannot_dispense(qtbot, server, desk):
    window, screen = desk.window, desk.window.counter_screen
    sign_in(qtbot, window, "1002", "demo-1002")
    scan_patient(qtbot, window, server.code(_patient(server, 7)["health_card_id"]))
    for item in screen.found.items:
        for box in boxes(server, item.drug_code, limit=item.qty):
            scan(qtbot, window, box["code"])
    qtbot.waitUntil(lambda: screen.verifier is not None and screen.verifier.complete and not screen.busy,
                    timeout=10_000)
    assert not screen.dispense_button.isEnabled()
    assert "药师" in screen.dispense_button.toolTip()
