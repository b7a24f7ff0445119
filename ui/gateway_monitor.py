"""Watches whether the hospital gateway is reachable and says so on screen.

The kiosk keeps working through an outage: the banner tells patients before they scan, and
the first successful check (or request) clears it.

Signals: ``changed(bool)`` when reachability flips.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.gateway_client import GatewayClient
from ui.background import Operation


class GatewayMonitor(QObject):
    changed = Signal(bool)

    def __init__(self, client: GatewayClient, interval_s: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._client = client
        self._online = True
        self._checking = False
        self._timer = QTimer(self)
        self._timer.setInterval(int(interval_s * 1000))
        self._timer.timeout.connect(self.check)

    @property
    def online(self) -> bool:
        return self._online

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def check(self) -> None:
        if self._checking:
            return
        self._checking = True
        Operation(self._client.health, owner=self).success(self._on_result).failure(
            lambda exc: self._on_result(False)
        ).run()

    def report(self, online: bool) -> None:
        """A real request just succeeded or failed: that is news too."""
        if online != self._online:
            self._online = online
            self.changed.emit(online)

    def _on_result(self, online: bool) -> None:
        self._checking = False
        self.report(bool(online))
