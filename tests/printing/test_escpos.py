"""ESC/POS over the network, checked against a TCP listener standing in for the printer."""

from __future__ import annotations

import socket

import pytest

from kiosk.settings_printing import EscposPrinterSettings
from printing.escpos_printer import EscposPrinter
from printing.printer import PrinterOffline, Status
from printing.render import render_demo
from tests.printing.helpers import PAPER_OUT, wait_until

GS_V_0 = b"\x1dv0"  # GS v 0: print raster bit image
CUT = b"\x1dV"


def _printer(port: int, **kw) -> EscposPrinter:
    return EscposPrinter(EscposPrinterSettings(host="127.0.0.1", port=port, timeout_s=2, **kw))


def _raster_header(data: bytes) -> tuple[int, int]:
    at = data.index(GS_V_0)
    _m, xl, xh, yl, yh = data[at + 3: at + 8]
    return xl + 256 * xh, yl + 256 * yh  # bytes per line, lines


def test_receipt_is_sent_as_a_576_dot_raster_and_cut(receipt_printer):
    printer = _printer(receipt_printer.port)
    job = printer.submit(render_demo("receipt"), "kiosk-test")
    assert printer.job_state(job).value == "completed"
    wait_until(lambda: receipt_printer.jobs, what="the fake printer to receive the job")
    (data,) = receipt_printer.jobs
    width_bytes, lines = _raster_header(data)
    assert width_bytes * 8 == 576
    assert 800 < lines < 2000  # one continuous slip, about 1170 dots long
    assert CUT in data[-8:]
    assert b"\xe5\xbc\xa0" not in data  # no UTF-8 text of the name: everything is raster


def test_paper_sensor_is_read_before_a_flow(receipt_printer):
    printer = _printer(receipt_printer.port)
    assert printer.state().status is Status.READY
    receipt_printer.paper_byte = PAPER_OUT
    state = printer.state()
    assert state.status is Status.PAPER_OUT and not state.ready


def test_unreachable_printer_is_offline():
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]  # closed again when the block ends: nothing listens
    printer = _printer(port)
    assert printer.state().status is Status.OFFLINE
    with pytest.raises(PrinterOffline):
        printer.submit(render_demo("registration-slip"), "kiosk-test")


def test_status_query_can_be_switched_off(receipt_printer):
    printer = _printer(receipt_printer.port, query_status=False)
    assert printer.state().status is Status.READY
