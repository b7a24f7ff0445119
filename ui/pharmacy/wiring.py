"""Builds the pharmacy counter window from the settings: stores, printer, scanners, wedge.

The patient kiosk's equivalent is :mod:`ui.wiring`; the two share the gateway client, the
durable outbox and intents, the print service, the scanner sources and the wedge filter.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication

from kiosk.audit import AuditLog, has_events, resume
from kiosk.clock import HospitalClock, Source
from kiosk.credentials import audit_key
from kiosk.errors import KioskError
from kiosk.gateway_client import GatewayClient
from kiosk.intents import IntentStore
from kiosk.outbox import Outbox
from kiosk.paths import data_dir
from kiosk.pharmacy.api import CounterAPI
from kiosk.pharmacy.counter import Counter, outbox_sender
from kiosk.pharmacy.staff import StaffSession
from kiosk.retention import retry_policy
from kiosk.settings import Settings
from ui.device_sources import DeviceSources
from ui.gateway_monitor import GatewayMonitor
from ui.housekeeping import Housekeeping
from ui.outbox_pump import OutboxPump
from ui.pharmacy.labels import LabelPrinter
from ui.pharmacy.theme import STYLE
from ui.pharmacy.window import CounterWindow, StaffActivity
from ui.print_service import PrintService
from ui.wedge import Stopping, install_wedge

logger = logging.getLogger(__name__)


class _Kicker(QObject):
    """Lets the counter's use cases, which run on pool threads, nudge the outbox pump on
    the GUI thread where it lives; a nudge arriving after the window stopped is dropped."""

    kicked = Signal()

    def __init__(self, pump: OutboxPump, parent: QObject) -> None:
        super().__init__(parent)
        self._pump = pump
        self._running = False
        self.kicked.connect(self._on_kicked, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        self._running = True

    def stop(self) -> None:
        self._running = False

    def _on_kicked(self) -> None:
        if self._running:
            self._pump.kick()


def build_counter_window(
    app: QApplication,
    settings: Settings,
    client: GatewayClient,
    clock: Callable[[], float] = time.monotonic,
    time_source: Source = time.time,
) -> CounterWindow:
    """``clock`` times staff inactivity (monotonic); ``time_source`` feeds the hospital
    clock (POSIX seconds), which tests start at a chosen moment."""
    app.setStyleSheet(STYLE)
    ph = settings.pharmacy
    folder: Path = data_dir()
    audit_path = ph.audit_log or folder / "audit.jsonl"
    # A key is made only for a log without events: events linked with a lost key could
    # never be verified again, so the workstation would rather not start.
    key = audit_key(settings.gateway.keyring_service, create=not has_events(audit_path))
    intents = IntentStore(folder / "intents.db")
    outbox = Outbox(folder / "outbox.db", policy=retry_policy(settings.stores))
    audit = AuditLog(audit_path, key)
    resume(audit, outbox)
    counter = Counter(
        CounterAPI(client), StaffSession(ph.auto_lock_s),
        intents=intents, outbox=outbox, audit=audit, window=ph.window,
        clock=HospitalClock(settings.kiosk.time_zone, time_source),
    )
    printer: PrintService | None = None
    try:
        printer = PrintService.from_settings(settings.printing, folder)
    except KioskError as exc:
        # Dispensing still works without labels; the screen says they were not printed.
        logger.error("label printing unavailable: %s", exc.message.en)
    hospital = settings.kiosk.hospital_name_zh
    labels = LabelPrinter(printer, ph.label_printer)
    window = CounterWindow(
        counter,
        labels,
        settings=ph,
        patterns=settings.codes,
        hospital=hospital,
        terminal_id=settings.kiosk.terminal_id,
        clock=clock,
    )
    labels.setParent(window)
    window.labels = labels
    window.counter = counter
    window.print_service = printer
    pump = OutboxPump(outbox, outbox_sender(client), parent=window)
    kicker = _Kicker(pump, window)
    counter.outbox_kick = kicker.kicked.emit
    window.add_devices(kicker)
    window.pump = pump
    window.add_devices(pump)
    window.housekeeping = Housekeeping(intents, outbox, settings.stores, parent=window)
    window.add_devices(window.housekeeping)
    if printer is not None:
        window.add_devices(printer)
    window.add_devices(labels)
    monitor = GatewayMonitor(client, settings.gateway.health_interval_s, parent=window)
    monitor.changed.connect(window.show_gateway_state)
    window.show_gateway_state(True)
    window.add_devices(monitor)
    devices = DeviceSources(settings.scanning, parent=window)
    devices.scanned.connect(window.handle_scan)
    window.add_devices(devices)
    activity = StaffActivity(counter, clock, parent=window)
    app.installEventFilter(activity)
    if settings.wedge.enabled:
        window.wedge = install_wedge(app, settings.wedge, window.handle_scan, parent=window, clock=clock)
        window.add_devices(Stopping(window.wedge))
    return window
