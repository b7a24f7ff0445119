"""An unattended kiosk: a full disk is said before payment and shown in the status; a scanner
and the gateway that go away and come back are seen going and coming, without a restart."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.scan import SourceState
from kiosk.session import EndReason
from tests.ui.flows import click, identify, open_service, wait_for_screen
from tests.ui.helpers import wedge_scan
from ui import strings as S
from ui.screens.generic import ChoiceScreen, NoticeScreen

pytestmark = pytest.mark.gateway

# A floor of 10 TB: no test machine's disk has that much free, so the disk counts as full.
FULL = {"min_free_mb": 10_000_000}


def folders(tmp_path: Path) -> dict:
    return {"a4": {"type": "folder", "path": str(tmp_path / "p")},
            "slip": {"type": "folder", "path": str(tmp_path / "p")}}


def test_a_full_disk_is_said_before_payment_and_in_the_status(make_kiosk, gateway_server, qtbot, tmp_path):
    kiosk = make_kiosk(gateway_server.url, gateway_server.token, printing=folders(tmp_path), disk=FULL)
    board = kiosk.window.monitoring.board
    qtbot.waitUntil(lambda: board.snapshot().disk.full, timeout=10_000)
    qtbot.waitUntil(lambda: board.snapshot().printer("slip") is not None
                    and board.snapshot().printer("slip").state == "rejecting", timeout=10_000)
    assert "disk full" in board.snapshot().printer("slip").reason
    identify(kiosk, qtbot, gateway_server, index=6)
    open_service(kiosk, qtbot, "registration")
    notice = wait_for_screen(kiosk, qtbot, NoticeScreen)
    assert notice.title.text() in (S.PRINTER_DOWN["rejecting"].zh, S.PRINTER_DOWN["rejecting"].en)
    click(qtbot, notice.carry_on)
    wait_for_screen(kiosk, qtbot, ChoiceScreen)  # the patient carries on without paper
    kiosk.session.end(EndReason.FINISHED)


def test_gateway_gone_and_back_is_seen_in_the_status(make_kiosk, start_gateway, tmp_path, qtbot):
    server = start_gateway()
    kiosk = make_kiosk(server.url, server.token, gateway={"url": server.url, "retries": 0, "timeout_s": 5,
                                                          "health_interval_s": 1})
    board = kiosk.window.monitoring.board
    qtbot.waitUntil(lambda: board.snapshot().gateway.reachable is True, timeout=10_000)
    port, db = server.port, server.db_path
    server.stop()
    qtbot.waitUntil(lambda: board.snapshot().gateway.reachable is False, timeout=15_000)
    back = start_gateway(port=port, db_path=db, token=server.token)
    kiosk.window.monitoring.refresh()
    qtbot.waitUntil(lambda: board.snapshot().gateway.reachable is True, timeout=15_000)
    with qtbot.waitSignal(kiosk.window.identified, timeout=10_000):
        active = [p for p in back.demo_patients(5) if p["status"] == "active"][0]
        wedge_scan(qtbot, kiosk.window.home, back.code(active["health_card_id"]))
    kiosk.session.end(EndReason.FINISHED)


class Socat:
    """A serial scanner on a pseudo-terminal pair: stopping socat is pulling the cable."""

    def __init__(self, device: Path, host: Path) -> None:
        self.device, self.host = device, host
        self.proc: subprocess.Popen | None = None

    def plug(self) -> None:
        self.proc = subprocess.Popen(
            ["socat", "-d", "-d", f"pty,raw,echo=0,link={self.device}", f"pty,raw,echo=0,link={self.host}"],
            stderr=subprocess.PIPE, text=True)
        for line in self.proc.stderr:
            if "starting data transfer loop" in line:
                return
        raise AssertionError("socat did not start")

    def unplug(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.terminate()
            self.proc.wait(timeout=5)
            self.proc.stderr.close()

    def send(self, text: str) -> None:
        with open(self.host, "wb", buffering=0) as wire:
            wire.write(text.encode() + b"\r")


@pytest.mark.skipif(shutil.which("socat") is None, reason="socat not installed")
def test_a_scanner_pulled_and_plugged_back_is_seen_and_scans_again(make_kiosk, gateway_server, qtbot, tmp_path):
    wire = Socat(tmp_path / "scanner", tmp_path / "host")
    wire.plug()
    try:
        kiosk = make_kiosk(gateway_server.url, gateway_server.token, scanning={
            "serial": [{"port": str(tmp_path / "scanner"), "baudrate": 9600}],
            "retry_initial_s": 0.1, "retry_max_s": 0.2})
        board = kiosk.window.monitoring.board

        def scanner_state():
            scanners = board.snapshot().scanners
            return scanners[0].state if scanners else None

        qtbot.waitUntil(lambda: scanner_state() == SourceState.CONNECTED.value, timeout=10_000)
        wire.unplug()
        qtbot.waitUntil(lambda: scanner_state() == SourceState.DISCONNECTED.value, timeout=10_000)
        assert "serial" in kiosk.window.footer.device_state.text()
        wire.plug()
        qtbot.waitUntil(lambda: scanner_state() == SourceState.CONNECTED.value, timeout=10_000)
        active = [p for p in gateway_server.demo_patients(12) if p["status"] == "active"][10]
        with qtbot.waitSignal(kiosk.window.identified, timeout=10_000):
            wire.send(gateway_server.code(active["health_card_id"]))
        kiosk.session.end(EndReason.FINISHED)
        kiosk.window.close()
    finally:
        wire.unplug()


def test_an_error_inside_a_service_counts_among_the_kiosks_errors(make_kiosk, gateway_server, qtbot):
    """The fleet's error counts see what went wrong inside a flow, not only at the scan."""
    from kiosk.errors import GatewayUnavailable

    kiosk = make_kiosk(gateway_server.url, gateway_server.token)
    identify(kiosk, qtbot, gateway_server)
    seen: list[str] = []
    kiosk.window.failed.connect(seen.append)
    kiosk.window.services.notice(GatewayUnavailable())
    kiosk.window.services.notice((S.UNEXPECTED_STEP, S.UNEXPECTED_STEP), error=False)  # a notice, no error
    kiosk.window.services.notice(RuntimeError("boom"))
    assert seen == [GatewayUnavailable().code, "unexpected"]
