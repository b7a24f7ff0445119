"""A kiosk whose every request to the gateway goes through a fault proxy (a new connection,
and so a new fault, per request), for the money journeys that must commit exactly once.

``faulty_kiosk`` is parametrised indirectly with the proxy's seed.
"""

from __future__ import annotations

import pytest
import requests
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.exceptions import TimeoutError as QtTimeoutError

from kiosk.gateway_client import GatewayClient
from kiosk.session import Session
from kiosk.settings import parse_settings
from testbed.gateway_files import read_rows
from tests.ui.conftest import FakeClock
from ui import background
from ui.wiring import build_window

WEIGHTS = {"pass": 4, "delay": 1, "reset": 1, "lose_reply": 3, "garbage": 1}
RETRIES = 5


def rows(server, sql: str, *args) -> list[tuple]:
    """Read the gateway's database (and the emulated provider's file) without changing it."""
    return read_rows(server.db_path, sql, *args)


@pytest.fixture
def faulty_kiosk(qtbot, start_gateway, fault_proxy, tmp_path, request):
    server = start_gateway(db_path=tmp_path / "gw.sqlite")
    proxy = fault_proxy(server.port, seed=request.param, weights=WEIGHTS)
    http = requests.Session()
    http.headers["Connection"] = "close"  # a new connection, and so a new fault, per request
    client = GatewayClient(proxy.url, server.token, retries=RETRIES, timeout_s=5, connect_timeout_s=1, session=http)
    settings = parse_settings({
        "gateway": {"url": proxy.url, "retries": RETRIES, "timeout_s": 5, "health_interval_s": 600},
        "printing": {"slip": {"type": "folder", "path": str(tmp_path / "printed")},
                     "a4": {"type": "folder", "path": str(tmp_path / "printed")}, "poll_interval_s": 0.05},
    })
    session = Session(settings.session.idle_timeout_s, settings.session.warning_s)
    window = build_window(QApplication.instance(), settings, client, session, clock=FakeClock(),
                          time_source=server.time_source)
    # Polls only when the test asks, so faults are drawn by the journey's own requests.
    window.services.context.payment_poll_ms = 3_600_000
    qtbot.addWidget(window)
    window.resize(1280, 900)
    window.show()
    window.start()
    yield server, proxy, window, session
    # What the session's end sends (the visit closed, a call cancelled) goes through the same
    # faults with its retries and back-off: let it finish before the suite checks that no
    # background work is left over.
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0
                    and background.pending() == 0, timeout=60_000)
    client.close()



def pay_on_phone(qtbot, window, server, screen, paid: set[str]) -> None:
    """The patient's phone pays the order on the pay screen (once), then the kiosk polls."""
    pay = window.services.flow.pay_step
    if pay.order.payment_id not in paid:
        server.confirm_payment(pay.order.payment_id)  # the phone talks to the gateway directly
        paid.add(pay.order.payment_id)
    pay.poll_now()
    try:
        qtbot.waitUntil(lambda: window.stack.currentWidget() is not screen, timeout=5_000)
    except QtTimeoutError:
        pass  # that poll was lost to a fault: poll again
