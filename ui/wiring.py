"""Builds the patient kiosk window from the settings: theme, language, the window, and the
scan sources (keyboard wedge, configured devices, demo panel) wired to it."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk.clock import HospitalClock, Source
from kiosk.elder import ElderMode
from kiosk.errors import KioskError, Text
from kiosk.gateway_client import GatewayClient
from kiosk.intents import IntentStore
from kiosk.native_memory import trim
from kiosk.outbox import Outbox
from kiosk.paths import data_dir
from kiosk.retention import retry_policy
from kiosk.session import Session
from kiosk.settings import Settings
from kiosk.usecases import usage
from ui.background import Operation
from ui.demo_cards import DemoCards
from ui.demo_panel import DemoPanel
from ui.device_sources import DeviceSources
from ui.housekeeping import Housekeeping
from ui.idle import ActivityFilter
from ui.language import LanguageModel
from ui.main_window import KioskWindow
from ui.maintenance.install import install_maintenance
from ui.maintenance.monitoring import build_monitoring
from ui.outbox_pump import OutboxPump
from ui.parts import KioskParts
from ui.print_service import PrintService
from ui.services.context import ServiceContext
from ui.theme import STYLE
from ui.voice import Voice
from ui.wedge import Stopping, install_wedge

logger = logging.getLogger(__name__)


class _Startup:
    """Start-up chores that need the gateway, off the GUI thread."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def start(self) -> None:
        # A kiosk that died mid-registration left a slot locked: release it now.
        Operation(self._context.registration.release_stale_locks).failure(
            lambda exc: logger.warning("stale locks not released: %s", type(exc).__name__)
        ).run()

    def stop(self) -> None:
        pass


TRIM_AFTER_MS = 1000


class _Closing:
    """Closes the durable stores when the window stops. It is the first lifetime, so it
    stops last: after the outbox pump, the housekeeping and the print worker that use them
    (a window that went without closing them left nine files open for every kiosk built)."""

    def __init__(self, *stores: object) -> None:
        self._stores = [s for s in stores if s is not None]

    def start(self) -> None:
        pass

    def stop(self) -> None:
        for store in self._stores:
            store.close()


def build_context(
    settings: Settings, client: GatewayClient, clock: HospitalClock, outbox: Outbox, outbox_kick: Callable[[], None]
) -> ServiceContext:
    folder = data_dir()
    printer = None
    try:
        printer = PrintService.from_settings(
            settings.printing, folder, min_free_bytes=settings.disk.min_free_mb * 1024 * 1024)
    except KioskError as exc:
        # The kiosk still serves without paper; each result screen says so.
        logger.error("printing unavailable: %s", exc.message.en)
    return ServiceContext(
        client=client,
        clock=clock,
        intents=IntentStore(folder / "intents.db"),
        outbox=outbox,
        terminal_id=settings.kiosk.terminal_id,
        hospital=Text(settings.kiosk.hospital_name_zh, settings.kiosk.hospital_name_en),
        printer=printer,
        outbox_kick=outbox_kick,
    )


def build_window(
    app: QApplication,
    settings: Settings,
    client: GatewayClient,
    session: Session,
    clock: Callable[[], float] = time.monotonic,
    time_source: Source = time.time,
    lifetimes: Sequence[object] = (),
) -> KioskWindow:
    """``clock`` times idleness (monotonic); ``time_source`` feeds the hospital clock
    (POSIX seconds), which tests start at a chosen moment. ``lifetimes`` start and stop with
    the window besides its own parts (the service manager's heartbeat)."""
    app.setStyleSheet(STYLE)
    hospital_clock = HospitalClock(settings.kiosk.time_zone, time_source)
    language = LanguageModel(settings.kiosk.language.value)
    preview = None
    if settings.scanning.camera is not None:  # NumPy loads only on kiosks with a camera
        from ui.camera_view import CameraView

        preview = CameraView()
    outbox = Outbox(data_dir() / "outbox.db", policy=retry_policy(settings.stores))
    pump = OutboxPump(outbox, usage.sender(client))
    context = build_context(settings, client, hospital_clock, outbox, pump.kick)
    voice = Voice(rate=settings.voice.rate) if settings.voice.enabled else None
    housekeeping = Housekeeping(context.intents, outbox, settings.stores)
    demo_cards = DemoCards(settings.demo.vpcd_port) if settings.demo.scan_panel and settings.demo.card_devices else None
    devices = DeviceSources(settings.scanning, on_frame=preview.submit_frame if preview is not None else None,
                            cards=demo_cards.settings(settings.cards) if demo_cards else settings.cards)
    # Filters are children of the window so they go when it goes.
    activity = ActivityFilter(session, clock)
    app.installEventFilter(activity)
    wedge = install_wedge(app, settings.wedge, clock=clock) if settings.wedge.enabled else None
    panel = DemoPanel(client, language, cards=demo_cards) if settings.demo.scan_panel else None
    monitoring = build_monitoring(settings, client, session, context, data_dir(), devices,
                                  time_source=time_source)
    parts = KioskParts(
        scans=[devices.scanned, *([wedge.events] if wedge else []), *([panel.scanned] if panel else [])],
        cards=[devices.carded],
        lifetimes=[
            _Closing(context.intents, outbox, context.printer), *([demo_cards] if demo_cards else []),
            pump, *([Stopping(voice)] if voice else []), _Startup(context), housekeeping,
            *([context.printer] if context.printer is not None else []), devices,
            *([Stopping(wedge)] if wedge else []), monitoring, *lifetimes,
        ],
        owned=[activity, *([wedge] if wedge else [])],
        devices=devices, housekeeping=housekeeping, wedge=wedge, demo_panel=panel, voice=voice,
        monitoring=monitoring,
        identity=settings.identity.policy(),
        elder=ElderMode(settings.elder, settings.session.idle_timeout_s, settings.session.warning_s,
                        settings.voice.rate),
        maintenance=lambda window: install_maintenance(
            window, settings, session, context, monitoring, data_dir(), clock=clock),
    )
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
        parts=parts,
    )
    # A second after a patient leaves, their screens have been deleted: the heap's free
    # pages go back to the system (kiosk.native_memory; a day of sessions stays flat).
    session.on_ended(lambda _reason: QTimer.singleShot(TRIM_AFTER_MS, window, trim))
    if panel is not None:
        panel.load()
    return window

