"""Building and driving the pharmacy counter window against the real reference gateway."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from PySide6.QtWidgets import QApplication

from kiosk.gateway_client import GatewayClient
from kiosk.scan import ScanEvent, SourceKind
from kiosk.settings import parse_settings
from testbed import suite_time
from tests.ui.conftest import FakeClock
from ui.pharmacy.window import CounterWindow
from ui.pharmacy.wiring import build_counter_window

# Windows built for the test now running: qtbot holds them weakly, and a window dropped
# before the test's end would never be closed, leaving its print queue running.
OPEN: list[CounterWindow] = []

STAFF = ("1001", "demo-1001")  # the reference gateway's demo pharmacist at window 3


@dataclass
class Desk:
    window: CounterWindow
    client: GatewayClient
    clock: FakeClock
    labels: Path
    audit: Path


def build_desk(qtbot, url: str, token: str, tmp_path: Path, *, session: requests.Session | None = None,
               retries: int = 0, printing: dict | None = None,
               time_source: Callable[[], float] = suite_time.now, **pharmacy: Any) -> Desk:
    labels = tmp_path / "labels"
    audit = tmp_path / "audit.jsonl"
    printer = printing or {"type": "folder", "path": str(labels)}
    settings = parse_settings({
        "kiosk": {"role": "pharmacy-counter"},
        "gateway": {"url": url, "retries": retries, "timeout_s": 5, "health_interval_s": 600},
        "printing": {"slip": printer, "a4": {"type": "folder", "path": str(labels)},
                     "poll_interval_s": 0.05, "queue_db": str(tmp_path / "print-queue.db")},
        "pharmacy": {"audit_log": str(audit), "show_full_name": True, **pharmacy},
    })
    client = GatewayClient(url, token, retries=retries, timeout_s=5, connect_timeout_s=1,
                           session=session)
    clock = FakeClock()
    window = build_counter_window(QApplication.instance(), settings, client, clock=clock,
                                  time_source=time_source)
    qtbot.addWidget(window)
    OPEN.append(window)  # closed (and so stopped) after the test, however it ended
    window.resize(1366, 768)
    window.show()
    window.start()
    return Desk(window, client, clock, labels, audit)


def sign_in(qtbot, window: CounterWindow, staff_no: str = STAFF[0], password: str = STAFF[1]) -> None:
    window.signin.staff_no.setText(staff_no)
    window.signin.password.setText(password)
    window.signin.button.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.counter_screen, timeout=10_000)
    qtbot.waitUntil(lambda: bool(window.counter_screen.queue.entries), timeout=10_000)


def scan(qtbot, window: CounterWindow, text: str) -> None:
    """A scan from a serial scanner (GS1 codes keep their GS separator that way)."""
    screen = window.counter_screen
    before = screen.scans.table.rowCount()
    window.handle_scan(ScanEvent(text=text, source=SourceKind.SERIAL))
    qtbot.waitUntil(lambda: not screen.busy, timeout=10_000)
    assert screen.scans.table.rowCount() >= before


def scan_patient(qtbot, window: CounterWindow, text: str) -> None:
    window.handle_scan(ScanEvent(text=text, source=SourceKind.SERIAL))
    qtbot.waitUntil(lambda: window.counter_screen.found is not None, timeout=10_000)


def last_result(window: CounterWindow) -> tuple[str, str]:
    table = window.counter_screen.scans.table
    return table.item(0, 0).text(), table.item(0, 2).text()


def boxes(server, drug_code: str, state: str = "fresh", limit: int = 10) -> list[dict]:
    response = server.get("/demo/v1/boxes", params={"drug_code": drug_code, "state": state,
                                                    "limit": limit})
    response.raise_for_status()
    return response.json()["boxes"]


def rows(server, sql: str, *args) -> list[tuple]:
    with closing(sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True)) as conn:
        return conn.execute(sql, args).fetchall()
