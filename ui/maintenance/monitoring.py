"""Feeds the status board and the fleet metrics from the window's parts.

What it listens to: the scan sources' connect/disconnect, the gateway monitor, the session
(started, ended and why), the window's errors, each gateway call (latency, refusals), each
camera decode; and, on a timer through the background helper, the :class:`StatusProbe`
(printers, backlogs, disk, gateway latency). A GUI-thread timer beats the heartbeat, so a
frozen screen shows in the metrics although their server thread still answers.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from kiosk.device_status import StatusBoard, program_version
from kiosk.gateway_client import GatewayClient
from kiosk.metrics import KioskMetrics, MetricsServer
from kiosk.session import EndReason, Session, State
from kiosk.settings import Settings
from ui.background import Operation
from ui.status_probe import StatusProbe

logger = logging.getLogger(__name__)

HEARTBEAT_MS = 5000


class Monitoring(QObject):
    def __init__(self, board: StatusBoard, probe: StatusProbe, refresh_s: float,
                 metrics: KioskMetrics | None = None, server: MetricsServer | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.board = board
        self.probe = probe
        self.metrics = metrics
        self.server = server
        self._refreshing = False
        self._in_session = False
        self._timer = QTimer(self)
        self._timer.setInterval(int(refresh_s * 1000))
        self._timer.timeout.connect(self.refresh)
        self._beat = QTimer(self)
        self._beat.setInterval(HEARTBEAT_MS)
        self._beat.timeout.connect(self._on_beat_timeout)

    # -- lifecycle (the window's devices) --
    def start(self) -> None:
        if self.server is not None:
            self.server.start()
        self._on_beat_timeout()
        self._beat.start()
        self._timer.start()
        self.refresh()

    def stop(self) -> None:
        self._timer.stop()
        self._beat.stop()
        if self.server is not None:
            self.server.stop()

    def refresh(self) -> None:
        """Re-read what must be asked, off the GUI thread, one pass at a time. The gateway is
        not asked here: the window's gateway monitor checks it already, and its answers reach
        the board through :meth:`gateway_call`."""
        if self._refreshing:
            return
        self._refreshing = True
        Operation(lambda: self.probe.refresh(gateway=False), owner=self).success(
            self._on_refreshed).failure(self._on_refresh_failed).run()

    def _on_refreshed(self, _status) -> None:
        self._refreshing = False

    def _on_refresh_failed(self, exc: BaseException) -> None:
        self._refreshing = False
        logger.warning("status refresh failed: %s", type(exc).__name__)

    def _on_beat_timeout(self) -> None:
        if self.metrics is not None:
            self.metrics.heartbeat()

    # -- events --
    def scanner_changed(self, kind: str, state: str) -> None:
        self.board.set_scanner(kind, state)

    def gateway_changed(self, online: bool) -> None:
        if not online:
            self.board.set_gateway(False)

    def gateway_call(self, operation: str, seconds: float, error: str | None) -> None:
        """Every gateway request (any thread): a health check gives reachability and latency."""
        if operation == "health":
            reachable = error is None
            self.board.set_gateway(reachable, seconds if reachable else None)
        if self.metrics is not None:
            self.metrics.gateway_call(operation, seconds, error)

    def session_changed(self, session: Session) -> None:
        if session.state is State.IDENTIFIED and not self._in_session:
            self._in_session = True
            if self.metrics is not None:
                self.metrics.session_started()

    def session_ended(self, reason: EndReason) -> None:
        if self._in_session:
            self._in_session = False
            if self.metrics is not None:
                self.metrics.session_ended(str(reason))

    def error_shown(self, code: str) -> None:
        if self.metrics is not None:
            self.metrics.error_shown(code)


def build_monitoring(settings: Settings, client: GatewayClient, session: Session, context,
                     data_dir: Path, devices=None, *, time_source=None) -> Monitoring:
    """Builds the board, probe and (if configured) metrics of a patient kiosk and connects
    them to what exists before the window: the gateway client, the session and the scan
    sources. The window connects its gateway monitor and errors, and starts and stops it
    with its other lifetimes."""
    board = StatusBoard(settings.kiosk.terminal_id, settings.kiosk.role.value, program_version())
    board.set_disk_floor(settings.disk.min_free_mb * 1024 * 1024)
    probe = StatusProbe(board, client=client, printer=getattr(context, "printer", None),
                        outbox=getattr(context, "outbox", None), data_dir=data_dir)
    metrics = server = None
    if settings.metrics.enabled:
        metrics = KioskMetrics(board, **({"time_source": time_source} if time_source else {}))
        try:
            token = settings.metrics.token()
        except (OSError, ValueError) as exc:
            logger.error("metrics scrape token not read: %s", exc)
            token = None  # an off-machine endpoint then stays off (MetricsServer says so)
        server = MetricsServer(metrics, settings.metrics.address, settings.metrics.port, token)
    monitoring = Monitoring(board, probe, settings.metrics.refresh_s, metrics, server)
    client.observer = monitoring.gateway_call
    if devices is not None:
        devices.state_changed.connect(monitoring.scanner_changed)
        if metrics is not None:
            devices.on_decoded = metrics.decoded
    session.on_changed(monitoring.session_changed)
    session.on_ended(monitoring.session_ended)
    return monitoring
