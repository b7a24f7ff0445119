"""Tells the service manager the window is up and alive (kiosk.notify over a GUI timer).

``READY=1`` goes once the event loop has shown the first screen; ``WATCHDOG=1`` comes from a
timer on the GUI thread, so the pings stop exactly when the GUI stops turning (a hung slot,
a dead lock) and systemd's ``WatchdogSec=`` restarts the program.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from kiosk.notify import Notifier


class Heartbeat(QObject):
    def __init__(self, notifier: Notifier, status: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._notifier = notifier
        self._status = status
        self._timer = QTimer(self)
        interval = notifier.watchdog_interval_s()
        if interval is not None:
            self._timer.setInterval(max(100, int(interval * 1000)))
            self._timer.timeout.connect(notifier.watchdog)

    def start(self) -> None:
        if not self._notifier.active:
            return
        # Queued: sent from the event loop, i.e. after the first screen has been painted.
        QTimer.singleShot(0, self, self._ready)

    def _ready(self) -> None:
        self._notifier.ready(self._status)
        if self._notifier.watchdog_interval_s() is not None:
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._notifier.active:
            self._notifier.stopping()
