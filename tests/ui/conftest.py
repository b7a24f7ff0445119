"""A kiosk window wired exactly as the program wires it, against the real reference gateway."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.gateway_client import GatewayClient
from kiosk.session import Session
from kiosk.settings import parse_settings
from testbed import suite_time
from ui.main_window import KioskWindow
from ui.wiring import build_window


class FakeClock:
    """Monotonic time the test moves by hand, so idle timeouts need no waiting."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Kiosk:
    window: KioskWindow
    session: Session
    client: GatewayClient
    clock: FakeClock


@pytest.fixture
def make_kiosk(qtbot, tmp_path):
    clients: list[GatewayClient] = []

    def make(url: str, token: str, time_source: Callable[[], float] = suite_time.now, **sections) -> Kiosk:
        """A kiosk against the gateway at ``url``; its hospital clock reads ``time_source``
        (the suite clock, or the gateway's own ``time_source`` when the test moved it)."""
        # Unless a test says otherwise, paper goes to a folder: the shipped default (a
        # receipt printer on the network) does not exist on a test machine.
        printed = str(tmp_path / "printed")
        sections.setdefault(
            "printing",
            {"a4": {"type": "folder", "path": printed}, "slip": {"type": "folder", "path": printed}},
        )
        sections.setdefault("voice", {"enabled": False})  # tests that listen switch it on
        data = {"gateway": {"url": url, "retries": 0, "timeout_s": 5}, **sections}
        settings = parse_settings(data)
        client = GatewayClient(url, token, retries=0, timeout_s=5, connect_timeout_s=1)
        clients.append(client)
        session = Session(settings.session.idle_timeout_s, settings.session.warning_s)
        clock = FakeClock()
        app = QApplication.instance()
        window = build_window(app, settings, client, session, clock=clock, time_source=time_source)
        qtbot.addWidget(window)
        window.resize(1280, 900)
        window.show()
        window.start()
        return Kiosk(window, session, client, clock)

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def kiosk(make_kiosk, gateway_server) -> Kiosk:
    return make_kiosk(gateway_server.url, gateway_server.token)

