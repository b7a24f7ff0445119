"""Runs the retention purge (:mod:`kiosk.retention`) at start and on a timer, off the GUI
thread, one pass at a time."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer

from kiosk.intents import IntentStore
from kiosk.outbox import Outbox
from kiosk.retention import Purged, purge
from kiosk.settings_stores import StoresSettings
from ui.background import Operation

logger = logging.getLogger(__name__)


class Housekeeping(QObject):
    def __init__(self, intents: IntentStore, outbox: Outbox, stores: StoresSettings,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._intents = intents
        self._outbox = outbox
        self._stores = stores
        self._busy = False
        self.last: Purged | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(stores.purge_interval_s * 1000)
        self._timer.timeout.connect(self.run_once)

    def start(self) -> None:
        self._timer.start()
        self.run_once()

    def stop(self) -> None:
        self._timer.stop()

    def run_once(self) -> None:
        if self._busy:
            return
        self._busy = True
        Operation(lambda: purge(self._intents, self._outbox, self._stores), owner=self).success(
            self._done
        ).failure(self._failed).run()

    def _done(self, result: Purged) -> None:
        self._busy = False
        self.last = result

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        logger.error("retention purge failed: %s", type(exc).__name__)
