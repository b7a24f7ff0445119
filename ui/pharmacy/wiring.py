"""Builds the pharmacy counter window from the settings: stores, printer, scanners, wedge.

The patient kiosk's equivalent is :mod:`ui.wiring`; the two share the gateway client, the
durable outbox and intents, the print service, the scanner sources and the wedge filter.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
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
from kiosk.usecases.help import StaffHelpAPI
from ui.device_sources import DeviceSources
from ui.gateway_monitor import GatewayMonitor
from ui.housekeeping import Housekeeping
from ui.outbox_pump import OutboxPump
from ui.pharmacy.help_panel import HelpRequestsPanel
from ui.pharmacy.labels import LabelPrinter
from ui.pharmacy.theme import STYLE
from ui.pharmacy.window import CounterParts, CounterWindow, StaffActivity
from ui.print_service import PrintService
from ui.wedge import Stopping, install_wedge

logger = logging.getLogger(__name__)


class _Kicker(QObject):
    """Lets the counter's use cases, which run on pool threads, nudge the outbox pump on
    the GUI thread where it lives; a nudge arriving after the window stopped is dropped."""

    kicked = Signal()

    def __init__(self, pump: OutboxPump, parent: QObject | None = None) -> None:
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
    lifetimes: Sequence[object] = (),
) -> CounterWindow:
    """``clock`` times staff inactivity (monotonic); ``time_source`` feeds the hospital
    clock (POSIX seconds), which tests start at a chosen moment. ``lifetimes`` start and
    stop with the window besides its own parts (the service manager's heartbeat)."""
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
    hospital_clock = HospitalClock(settings.kiosk.time_zone, time_source)
    counter = Counter(
        CounterAPI(client, hospital_clock.zone), StaffSession(ph.auto_lock_s),
        intents=intents, outbox=outbox, audit=audit, window=ph.window, clock=hospital_clock,
    )
    printer: PrintService | None = None
    try:
        printer = PrintService.from_settings(settings.printing, folder)
    except KioskError as exc:
        # Dispensing still works without labels; the screen says they were not printed.
        logger.error("label printing unavailable: %s", exc.message.en)
    labels = LabelPrinter(printer, ph.label_printer)
    pump = OutboxPump(outbox, outbox_sender(client))
    kicker = _Kicker(pump)
    counter.outbox_kick = kicker.kicked.emit
    housekeeping = Housekeeping(intents, outbox, settings.stores)
    monitor = GatewayMonitor(client, settings.gateway.health_interval_s)
    devices = DeviceSources(settings.scanning)
    activity = StaffActivity(counter, clock)
    app.installEventFilter(activity)
    wedge = install_wedge(app, settings.wedge, clock=clock) if settings.wedge.enabled else None
    # Patients' calls for staff, listed with the signed-in staff member's session.
    help_panel = HelpRequestsPanel(StaffHelpAPI(client, zone=hospital_clock.zone), lambda: counter.session.token)
    parts = CounterParts(
        scans=[devices.scanned, *([wedge.events] if wedge else [])],
        lifetimes=[
            kicker, pump, housekeeping, *([printer] if printer is not None else []), labels, monitor, devices,
            help_panel,
            *([Stopping(wedge)] if wedge else []), *lifetimes,
        ],
        owned=[activity, *([wedge] if wedge else [])],
        print_service=printer, housekeeping=housekeeping, wedge=wedge, monitor=monitor, help_panel=help_panel,
    )
    return CounterWindow(
        counter,
        labels,
        settings=ph,
        patterns=settings.codes,
        hospital=settings.kiosk.hospital_name_zh,
        terminal_id=settings.kiosk.terminal_id,
        clock=clock,
        parts=parts,
    )
