"""The staff maintenance view on a real kiosk window: corner taps, PIN, status, actions, idle."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from kiosk.pin import hash_pin
from kiosk.scan import ScanEvent, SourceKind
from kiosk.session import State
from tests.ui.helpers import visible_texts
from ui.maintenance import text as T
from ui.maintenance.actions import EXIT_TO_DESKTOP, RESTART

PIN = "482916"
# The lowest allowed scrypt cost: these tests check the view, not the KDF's price.
PIN_HASH = hash_pin(PIN, n=2**12)


@pytest.fixture
def exits(monkeypatch):
    codes: list[int] = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(codes.append))
    return codes


@pytest.fixture
def staff_kiosk(make_kiosk, gateway_server, tmp_path, exits):
    def make(**maintenance):
        section = {"pin_hash": PIN_HASH, "export_dir": str(tmp_path / "usb"), **maintenance}
        return make_kiosk(gateway_server.url, gateway_server.token, maintenance=section)
    return make


def says(label, text, **fmt) -> bool:
    """The label shows ``text`` (in whichever language the kiosk shows)."""
    return label.text() in (text.zh.format(**fmt), text.en.format(**fmt))


def tap_corner(qtbot, kiosk, times: int = 5) -> None:
    footer = kiosk.window.footer
    for _ in range(times):
        qtbot.mouseClick(footer, Qt.MouseButton.LeftButton, pos=QPoint(footer.width() - 10, footer.height() // 2))


def enter_pin(qtbot, pad, pin: str) -> None:
    for digit in pin:
        qtbot.mouseClick(pad.keys[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.ok, Qt.MouseButton.LeftButton)


def open_view(qtbot, kiosk):
    m = kiosk.window.maintenance
    tap_corner(qtbot, kiosk)
    assert m.pad.isVisible()
    enter_pin(qtbot, m.pad, PIN)
    qtbot.waitUntil(m.view.isVisible, timeout=5000)
    return m.view


def click(qtbot, view, key: str) -> None:
    qtbot.mouseClick(view.buttons[key], Qt.MouseButton.LeftButton)


def test_corner_taps_and_the_pin_open_the_view_with_the_status(qtbot, staff_kiosk, caplog):
    caplog.set_level(logging.DEBUG)
    kiosk = staff_kiosk()
    m = kiosk.window.maintenance
    tap_corner(qtbot, kiosk, times=4)
    assert not m.pad.isVisible()
    tap_corner(qtbot, kiosk, times=1)
    assert m.pad.isVisible()
    enter_pin(qtbot, m.pad, "000000")
    qtbot.waitUntil(lambda: says(m.pad.message, T.PIN_WRONG, n=4), timeout=5000)
    assert not m.view.isVisible()
    enter_pin(qtbot, m.pad, PIN)
    qtbot.waitUntil(m.view.isVisible, timeout=5000)
    assert not m.pad.isVisible()
    qtbot.waitUntil(lambda: any("Gateway: reachable" in t or "医院网关：在线" in t
                                for t in m.view.status_texts()), timeout=10000)
    texts = m.view.status_texts()
    assert any("a4" in t for t in texts) and any("slip" in t for t in texts)
    assert any("MB" in t for t in texts)
    qtbot.waitUntil(lambda: m.view.busy == 0, timeout=10000)
    # The PIN is never logged, not even in part.
    assert PIN not in caplog.text and "000000" not in caplog.text


def test_taps_elsewhere_on_the_footer_do_not_count(qtbot, staff_kiosk):
    kiosk = staff_kiosk()
    footer = kiosk.window.footer
    for _ in range(5):
        qtbot.mouseClick(footer, Qt.MouseButton.LeftButton, pos=QPoint(20, footer.height() // 2))
    assert not kiosk.window.maintenance.pad.isVisible()


def test_wrong_pins_lock_the_pad(qtbot, staff_kiosk):
    kiosk = staff_kiosk(max_attempts=2, lockout_s=600)
    pad = kiosk.window.maintenance.pad
    tap_corner(qtbot, kiosk)
    enter_pin(qtbot, pad, "1111")
    qtbot.waitUntil(lambda: says(pad.message, T.PIN_WRONG, n=1), timeout=5000)
    enter_pin(qtbot, pad, "2222")
    qtbot.waitUntil(lambda: says(pad.message, T.PIN_LOCKED, m=10), timeout=5000)
    enter_pin(qtbot, pad, PIN)  # locked: even the right PIN waits
    qtbot.waitUntil(lambda: pad.ok.isEnabled(), timeout=5000)
    assert not kiosk.window.maintenance.view.isVisible()
    kiosk.clock.advance(600)
    enter_pin(qtbot, pad, PIN)
    qtbot.waitUntil(kiosk.window.maintenance.view.isVisible, timeout=5000)
    qtbot.waitUntil(lambda: kiosk.window.maintenance.view.busy == 0, timeout=10000)


def test_test_scan_shows_kind_and_length_never_the_text_and_never_identifies(qtbot, staff_kiosk, gateway_server):
    kiosk = staff_kiosk()
    view = open_view(qtbot, kiosk)
    card = [p for p in gateway_server.demo_patients(5) if p["status"] == "active"][0]
    code = gateway_server.code(card["health_card_id"])
    click(qtbot, view, "test_scan")
    kiosk.window.handle_scan(ScanEvent(code, SourceKind.SERIAL))
    shown = view.result.text()
    assert str(len(code)) in shown and "serial" in shown
    assert code not in " ".join(visible_texts(kiosk.window))
    assert kiosk.session.state is State.IDLE
    # Not armed: a scan while the view is open is still the view's, and ignored.
    kiosk.window.handle_scan(ScanEvent(code, SourceKind.SERIAL))
    assert kiosk.session.state is State.IDLE
    qtbot.waitUntil(lambda: view.busy == 0, timeout=10000)


def test_test_print_paper_replaced_and_log_export(qtbot, staff_kiosk, tmp_path):
    kiosk = staff_kiosk()
    view = open_view(qtbot, kiosk)
    qtbot.waitUntil(lambda: view.busy == 0, timeout=10000)
    click(qtbot, view, "print_slip")
    qtbot.waitUntil(lambda: view.busy == 0, timeout=10000)
    assert says(view.result, T.TEST_PRINT_QUEUED, printer="slip"), view.result.text()
    qtbot.waitUntil(lambda: any((tmp_path / "printed").glob("*.pdf")), timeout=15000)
    click(qtbot, view, "paper_replaced")
    qtbot.waitUntil(lambda: "tried again" in view.result.text() or "重新尝试" in view.result.text(),
                    timeout=10000)
    logging.getLogger("tests.maintenance").warning("a line for the export")
    click(qtbot, view, "export_logs")
    qtbot.waitUntil(lambda: "usb" in view.result.text(), timeout=10000)
    exported = list((tmp_path / "usb").glob("kiosk-log-KIOSK-01-*.txt"))
    assert len(exported) == 1


def test_restart_and_exit_to_desktop_quit_with_their_codes(qtbot, staff_kiosk, exits):
    kiosk = staff_kiosk(exit_to_desktop=True)
    view = open_view(qtbot, kiosk)
    click(qtbot, view, "restart")
    click(qtbot, view, "exit_desktop")
    assert exits == [RESTART, EXIT_TO_DESKTOP]
    qtbot.waitUntil(lambda: view.busy == 0, timeout=10000)


def test_exit_to_desktop_is_offered_only_when_configured(qtbot, staff_kiosk):
    view = open_view(qtbot, staff_kiosk())
    assert "exit_desktop" not in view.buttons
    qtbot.waitUntil(lambda: view.busy == 0, timeout=10000)


def test_the_idle_timeout_closes_the_view(qtbot, staff_kiosk):
    kiosk = staff_kiosk(idle_timeout_s=60)
    view = open_view(qtbot, kiosk)
    qtbot.waitUntil(lambda: view.busy == 0, timeout=10000)
    kiosk.clock.advance(59)
    view.check_idle()
    assert view.isVisible()
    qtbot.mouseClick(view.buttons["refresh"], Qt.MouseButton.LeftButton)  # a touch
    kiosk.clock.advance(59)
    view.check_idle()
    assert view.isVisible()
    kiosk.clock.advance(2)
    with qtbot.waitSignal(view.closed, timeout=2000):
        view.check_idle()
    assert not view.isVisible()
    qtbot.waitUntil(lambda: view.busy == 0, timeout=10000)


def test_without_a_pin_hash_there_is_no_way_in(qtbot, make_kiosk, gateway_server):
    kiosk = make_kiosk(gateway_server.url, gateway_server.token)
    assert kiosk.window.maintenance is None
    tap_corner(qtbot, kiosk)
    assert kiosk.window.scan_tap is None
