"""Puts the maintenance view into a patient kiosk window: the corner gesture on the footer,
the PIN pad, the view, and the window's scan hook. Without a configured PIN hash nothing is
installed, so a kiosk cannot be opened by a default PIN."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from kiosk.clock import HospitalClock
from kiosk.codes import CodePatterns, CodeRejected, classify
from kiosk.pin import PinGate
from kiosk.session import EndReason, Session
from kiosk.settings import Settings
from ui.maintenance.actions import MaintenanceActions
from ui.maintenance.gesture import CornerTaps
from ui.maintenance.monitoring import Monitoring
from ui.maintenance.pin_pad import PinPad
from ui.maintenance.view import MaintenanceView

logger = logging.getLogger(__name__)


def scan_describer(patterns: CodePatterns, clock: HospitalClock) -> Callable[[object], str]:
    def describe(event) -> str:
        try:
            return str(classify(event.text, patterns, today=clock.today()).kind)
        except CodeRejected as exc:
            return exc.code
    return describe


class Maintenance:
    """The gesture, pad and view of one window; ``opened`` for tests."""

    def __init__(self, window, gate: PinGate, view: MaintenanceView, session: Session,
                 clock: Callable[[], float]) -> None:
        self.view = view
        self.pad = PinPad(gate, window.language, view.parentWidget())
        self.gesture = CornerTaps(window.footer, clock=clock, parent=window)
        self.gesture.triggered.connect(self.ask_pin)
        self.pad.accepted.connect(self._on_pad_accepted)
        self._session = session

    def ask_pin(self) -> None:
        if not self.view.isVisible():
            self.pad.open()

    def _on_pad_accepted(self) -> None:
        # Staff see no patient's screens: whoever was being served is signed out first.
        self._session.end(EndReason.FINISHED)
        logger.info("maintenance view opened")
        self.view.open()


def install_maintenance(window, settings: Settings, session: Session, context, monitoring: Monitoring,
                        data_dir: Path, *, clock: Callable[[], float] = time.monotonic,
                        quit: Callable[[int], None] | None = None) -> Maintenance | None:
    m = settings.maintenance
    if not m.pin_hash:
        logger.info("maintenance view off: no [maintenance] pin_hash configured")
        return None
    gate = PinGate(m.pin_hash, max_attempts=m.max_attempts, lockout_s=m.lockout_s, clock=clock)
    actions = MaintenanceActions(
        probe=monitoring.probe, printer=getattr(context, "printer", None),
        terminal_id=settings.kiosk.terminal_id, clock=context.clock, data_dir=data_dir,
        export_dir=m.export_dir, quit=quit or QApplication.exit)
    view = MaintenanceView(
        monitoring.board, actions, window.language, window.centralWidget(),
        exit_to_desktop=m.exit_to_desktop, idle_timeout_s=m.idle_timeout_s,
        describe_scan=scan_describer(settings.codes, context.clock), clock=clock)
    return Maintenance(window, gate, view, session, clock)
