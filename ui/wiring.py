"""Builds the patient kiosk window from the settings: theme, language, the window, and the
scan sources (keyboard wedge, configured devices, demo panel) wired to it."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtWidgets import QApplication

from kiosk.clock import HospitalClock, Source
from kiosk.errors import KioskError, Text
from kiosk.gateway_client import GatewayClient
from kiosk.intents import IntentStore
from kiosk.outbox import Outbox
from kiosk.paths import data_dir
from kiosk.retention import retry_policy
from kiosk.session import Session
from kiosk.settings import Settings
from kiosk.usecases import usage
from ui.background import Operation
from ui.demo_panel import DemoPanel
from ui.device_sources import DeviceSources
from ui.housekeeping import Housekeeping
from ui.idle import ActivityFilter
from ui.language import LanguageModel
from ui.main_window import KioskWindow
from ui.outbox_pump import OutboxPump
from ui.print_service import PrintService
from ui.services.context import ServiceContext
from ui.theme import STYLE
from ui.voice import Voice
from ui.wedge import Stopping, install_wedge

logger = logging.getLogger(__name__)


class _Startup:
    """Start-up chores that need the gateway, off the GUI thread; and closing the stores."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def start(self) -> None:
        # A kiosk that died mid-registration left a slot locked: release it now.
        Operation(self._context.registration.release_stale_locks).failure(
            lambda exc: logger.warning("stale locks not released: %s", type(exc).__name__)
        ).run()

    def stop(self) -> None:
        pass


def build_context(settings: Settings, client: GatewayClient, clock: HospitalClock) -> ServiceContext:
    folder = data_dir()
    context = ServiceContext(
        client=client,
        clock=clock,
        intents=IntentStore(folder / "intents.db"),
        outbox=Outbox(folder / "outbox.db", policy=retry_policy(settings.stores)),
        terminal_id=settings.kiosk.terminal_id,
        hospital=Text(settings.kiosk.hospital_name_zh, settings.kiosk.hospital_name_en),
    )
    try:
        context.printer = PrintService.from_settings(settings.printing, folder)
    except KioskError as exc:
        # The kiosk still serves without paper; each result screen says so.
        logger.error("printing unavailable: %s", exc.message.en)
    return context


def build_window(
    app: QApplication,
    settings: Settings,
    client: GatewayClient,
    session: Session,
    clock: Callable[[], float] = time.monotonic,
    time_source: Source = time.time,
) -> KioskWindow:
    """``clock`` times idleness (monotonic); ``time_source`` feeds the hospital clock
    (POSIX seconds), which tests start at a chosen moment."""
    app.setStyleSheet(STYLE)
    hospital_clock = HospitalClock(settings.kiosk.time_zone, time_source)
    language = LanguageModel(settings.kiosk.language.value)
    preview = None
    if settings.scanning.camera is not None:  # NumPy loads only on kiosks with a camera
        from ui.camera_view import CameraView

        preview = CameraView()
    context = build_context(settings, client, hospital_clock)
    window = KioskWindow(
        client=client,
        session=session,
        language=language,
        hospital=Text(settings.kiosk.hospital_name_zh, settings.kiosk.hospital_name_en),
        terminal_id=settings.kiosk.terminal_id,
        patterns=settings.codes,
        health_interval_s=settings.gateway.health_interval_s,
        clock=clock,
        hospital_clock=hospital_clock,
        preview=preview,
        context=context,
    )
    pump = OutboxPump(context.outbox, usage.sender(client), parent=window)
    context.outbox_kick = pump.kick
    window.add_devices(pump)
    if settings.voice.enabled:
        voice = Voice(rate=settings.voice.rate)
        window.set_voice(voice)
        window.add_devices(Stopping(voice))
    window.add_devices(_Startup(context))
    window.housekeeping = Housekeeping(context.intents, context.outbox, settings.stores, parent=window)
    window.add_devices(window.housekeeping)
    if context.printer is not None:
        window.add_devices(context.printer)
    devices = DeviceSources(
        settings.scanning, on_frame=preview.submit_frame if preview is not None else None, parent=window
    )
    devices.scanned.connect(window.handle_scan)
    devices.state_changed.connect(window.footer.show_device_state)
    window.add_devices(devices)
    window.devices = devices
    # Filters live as children of the window so they go when it goes.
    activity = ActivityFilter(session, clock, parent=window)
    app.installEventFilter(activity)
    if settings.wedge.enabled:
        window.wedge = install_wedge(app, settings.wedge, window.handle_scan, parent=window, clock=clock)
        window.add_devices(Stopping(window.wedge))
    if settings.demo.scan_panel:
        panel = DemoPanel(client, language)
        panel.scanned.connect(window.handle_scan)
        window.add_bottom_panel(panel)
        window.demo_panel = panel
        panel.load()
    return window
