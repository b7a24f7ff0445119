"""Reads the parts that must be asked (printers, stores, disk, gateway) into the status board.

Blocking and Qt-free: the window runs :meth:`StatusProbe.refresh` through the background
helper on a timer (:mod:`ui.maintenance.monitoring`), ``--self-test`` calls it directly.
Scanners are not asked: their threads report connects and disconnects as they happen.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from kiosk.device_status import DeviceStatus, StatusBoard
from kiosk.gateway_client import GatewayClient
from kiosk.outbox import Outbox
from ui.print_service import PrintService

logger = logging.getLogger(__name__)


class StatusProbe:
    def __init__(
        self,
        board: StatusBoard,
        *,
        client: GatewayClient | None = None,
        printer: PrintService | None = None,
        outbox: Outbox | None = None,
        data_dir: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._board = board
        self._client = client
        self._printer = printer
        self._outbox = outbox
        self._data_dir = data_dir
        self._clock = clock

    def refresh(self, *, gateway: bool = True) -> DeviceStatus:
        """Every reading; a part that cannot be read is reported as such, never raised."""
        self.disk()
        self.printers()
        self.backlog()
        if gateway:
            self.gateway()
        return self._board.snapshot()

    def disk(self) -> None:
        if self._data_dir is None:
            return
        try:
            usage = shutil.disk_usage(self._data_dir)
        except OSError as exc:
            logger.warning("disk space not readable: %s", type(exc).__name__)
            return
        self._board.set_disk(usage.free, usage.total)

    def printers(self) -> None:
        if self._printer is None:
            return
        try:
            backlog = self._printer.backlog()
        except Exception as exc:  # a damaged queue database must not hide the printers
            logger.warning("print backlog not readable: %s", type(exc).__name__)
            backlog = {}
        for name in self._printer.printers:
            try:
                state = self._printer.state(name)
            except Exception as exc:
                logger.warning("printer %s state not readable: %s", name, type(exc).__name__)
                self._board.set_printer(name, state="unknown", reason=type(exc).__name__,
                                        backlog=backlog.get(name, 0))
                continue
            self._board.set_printer(name, state=state.status.value, reason=state.reason,
                                    toner=state.toner, backlog=backlog.get(name, 0))

    def backlog(self) -> None:
        if self._outbox is None:
            return
        try:
            self._board.set_backlog(self._outbox.pending(), self._outbox.dead())
        except Exception as exc:
            logger.warning("outbox not readable: %s", type(exc).__name__)

    def gateway(self) -> None:
        if self._client is None:
            return
        started = self._clock()
        reachable = self._client.health()
        self._board.set_gateway(reachable, self._clock() - started if reachable else None)
