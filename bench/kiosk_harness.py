"""A real kiosk window against a real gateway process, for the kiosk benchmarks.

The window is built by ``ui.wiring.build_window`` exactly as the program builds it, under
QT_QPA_PLATFORM=offscreen (Qt still lays out and paints into its backing store). The gateway
is ``python -m gateway --demo`` on loopback with its clock at a weekday morning. Paper goes to
a folder printer. "Painted" is the first Paint event Qt delivers to the patient home.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kiosk.gateway_client import GatewayClient  # noqa: E402
from kiosk.native_memory import limit_arenas  # noqa: E402
from kiosk.session import EndReason, Session  # noqa: E402
from kiosk.settings import parse_settings  # noqa: E402
from testbed.gateway_process import GatewayProcess  # noqa: E402
from ui.screens.patient import PatientScreen  # noqa: E402
from ui.wiring import build_window  # noqa: E402

MORNING = datetime.fromisoformat("2027-01-15T09:00:00+08:00")  # a Friday
WAIT_S = 20.0


class Monotonic:
    """The window's monotonic clock, moved by hand so idle-outs cost no waiting."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class PaintProbe(QObject):
    """Records when a patient home is first painted after :meth:`arm`."""

    def __init__(self) -> None:
        super().__init__()
        self.painted_at: float | None = None
        self._armed = False

    def arm(self) -> None:
        self.painted_at, self._armed = None, True

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt API)
        if self._armed and event.type() == QEvent.Type.Paint and isinstance(watched, PatientScreen):
            self.painted_at, self._armed = time.perf_counter(), False
        return False


def wait_until(condition: Callable[[], bool], what: str, timeout_s: float = WAIT_S) -> None:
    """Run the event loop until ``condition``. It sleeps between events, as the program's
    own loop does: a polling loop would hold the GIL the background workers need."""
    app = QApplication.instance()
    deadline = time.monotonic() + timeout_s
    wake = QTimer()
    wake.start(20)  # re-checks the deadline even when nothing happens
    try:
        while not condition():
            if time.monotonic() > deadline:
                raise RuntimeError(f"gave up after {timeout_s} s waiting for {what}")
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
            # The program's app.exec() deletes what deleteLater() handed it as it turns;
            # processEvents() outside of it leaves them, which would look like a leak.
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    finally:
        wake.stop()


class KioskRig:
    """Gateway + window; :meth:`close` stops both."""

    def __init__(self, *, gateway_args: tuple[str, ...] = ()) -> None:
        limit_arenas()  # as the program does first (ui.app.main)
        self.folder = Path(tempfile.mkdtemp(prefix="kiosk-bench-"))
        # The kiosk's durable queues (print jobs, usage, audit) go here, not in the user's
        # data folder: two kiosks on one print queue would print each other's jobs.
        os.environ["KIOSK_DATA_DIR"] = str(self.folder / "data")
        self.gateway = GatewayProcess(self.folder / "gateway.db", start_time=MORNING,
                                      extra_args=("--log-level", "warning", *gateway_args))
        self.app = QApplication.instance() or QApplication([])
        self.printed = self.folder / "printed"
        settings = parse_settings({
            "gateway": {"url": self.gateway.url, "retries": 0, "timeout_s": 5},
            "printing": {"a4": {"type": "folder", "path": str(self.printed)},
                         "slip": {"type": "folder", "path": str(self.printed)},
                         "poll_interval_s": 0.05},
            "voice": {"enabled": False},
        })
        self.settings = settings
        self.client = GatewayClient(self.gateway.url, self.gateway.token, retries=0, timeout_s=5)
        self.session = Session(settings.session.idle_timeout_s, settings.session.warning_s)
        self.clock = Monotonic()
        self.window = build_window(self.app, settings, self.client, self.session,
                                   clock=self.clock, time_source=self.gateway.time_source)
        self.window.resize(1280, 900)
        self.window.show()
        self.window.start()
        self.probe = PaintProbe()
        self.app.installEventFilter(self.probe)
        self.cards = [p["health_card_id"] for p in self.gateway.demo_patients(200)
                      if p["status"] == "active"]

    def painted(self) -> bool:
        return self.probe.painted_at is not None

    def end_session(self) -> None:
        """The patient taps "finish"; back on the home screen before the next one."""
        self.session.end(EndReason.FINISHED)
        wait_until(lambda: self.window.stack.currentWidget() is self.window.home, "home screen")

    def close(self) -> None:
        self.app.removeEventFilter(self.probe)
        self.window.stop()
        self.window.close()
        self.client.close()
        self.gateway.stop()
