"""The service notification protocol, against a datagram socket of our own (no systemd here)."""

from __future__ import annotations

import os
import secrets
import socket

import pytest

from kiosk.notify import Notifier


@pytest.fixture
def manager():
    """A stand-in for systemd's notify socket, in the abstract namespace."""
    name = f"@ehc-notify-{secrets.token_hex(6)}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind("\0" + name[1:])
    sock.settimeout(5)
    yield name, sock
    sock.close()


def test_ready_status_watchdog_and_stopping_arrive_as_systemd_reads_them(manager):
    name, sock = manager
    notifier = Notifier.from_env({"NOTIFY_SOCKET": name, "WATCHDOG_USEC": "30000000"})
    assert notifier.active and notifier.watchdog_interval_s() == 15
    notifier.ready("patient kiosk ready")
    assert sock.recv(4096) == b"READY=1\nSTATUS=patient kiosk ready"
    notifier.watchdog()
    assert sock.recv(4096) == b"WATCHDOG=1"
    notifier.stopping()
    assert sock.recv(4096) == b"STOPPING=1"


def test_without_a_manager_nothing_is_sent_and_nothing_fails():
    notifier = Notifier.from_env({})
    assert not notifier.active and notifier.watchdog_interval_s() is None
    notifier.ready()
    notifier.watchdog()


def test_the_watchdog_belongs_to_the_main_process_only():
    other = Notifier.from_env({"NOTIFY_SOCKET": "@x", "WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "1"})
    mine = Notifier.from_env({"NOTIFY_SOCKET": "@x", "WATCHDOG_USEC": "1000000", "WATCHDOG_PID": str(os.getpid())})
    assert other.watchdog_interval_s() is None and mine.watchdog_interval_s() == 0.5


def test_a_manager_gone_away_does_not_stop_the_kiosk(caplog):
    Notifier("@ehc-nobody-listens-here").ready()
    assert "not notified" in caplog.text
