"""The status board follows a real CUPS queue: stopped by staff, then back, without a restart."""

from __future__ import annotations

import pytest

from kiosk.device_status import StatusBoard
from kiosk.settings import parse_settings
from tests.printing.conftest import QUEUE
from ui.print_service import PrintService
from ui.status_probe import StatusProbe

pytestmark = pytest.mark.cups


def test_a_stopped_queue_and_its_return_are_seen(cups, tmp_path):
    settings = parse_settings({"printing": {"a4": {"type": "cups", "queue": QUEUE},
                                            "slip": {"type": "folder", "path": str(tmp_path / "p")}}})
    service = PrintService.from_settings(settings.printing, tmp_path)
    board = StatusBoard("KIOSK-01", "patient-kiosk", "test")
    probe = StatusProbe(board, printer=service, data_dir=tmp_path)
    try:
        assert probe.refresh(gateway=False).printer("a4").state == "ready"
        cups.run("cupsdisable", "-r", "paper jam", QUEUE)
        a4 = probe.refresh(gateway=False).printer("a4")
        assert (a4.state, a4.reason) == ("stopped", "paper jam")
        cups.run("cupsenable", QUEUE)
        assert probe.refresh(gateway=False).printer("a4").state == "ready"
    finally:
        service.close()
