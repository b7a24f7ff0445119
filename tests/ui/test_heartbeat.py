"""The GUI tells the service manager it is up, then pings the watchdog from its own thread."""

from __future__ import annotations

import secrets
import socket

import pytest
from PySide6.QtWidgets import QWidget

from kiosk.notify import Notifier
from ui.heartbeat import Heartbeat


@pytest.fixture
def manager():
    name = f"@ehc-heartbeat-{secrets.token_hex(6)}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind("\0" + name[1:])
    sock.setblocking(False)
    yield name, sock
    sock.close()


def received(sock) -> list[bytes]:
    out = []
    while True:
        try:
            out.append(sock.recv(4096))
        except BlockingIOError:
            return out


def test_ready_once_the_loop_runs_then_watchdog_pings_then_stopping(qtbot, manager):
    name, sock = manager
    window = QWidget()
    qtbot.addWidget(window)
    beat = Heartbeat(Notifier(name, watchdog_usec=200_000), "patient kiosk ready", parent=window)
    beat.start()
    assert received(sock) == []  # nothing before the event loop has turned
    seen: list[bytes] = []
    qtbot.waitUntil(lambda: seen.extend(received(sock)) or b"WATCHDOG=1" in seen, timeout=5000)
    assert seen[0] == b"READY=1\nSTATUS=patient kiosk ready"
    beat.stop()
    qtbot.waitUntil(lambda: seen.extend(received(sock)) or seen[-1] == b"STOPPING=1", timeout=5000)
