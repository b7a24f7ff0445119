"""Empties the durable outbox towards the gateway: on a timer, and whenever asked.

Sending runs through the background helper; one pass at a time.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer

from kiosk.outbox import Outbox, Sender
from ui.background import Operation

logger = logging.getLogger(__name__)


class OutboxPump(QObject):
    def __init__(self, outbox: Outbox, send: Sender, interval_s: float = 15.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._outbox = outbox
        self._send = send
        self._busy = False
        self._again = False
        self._timer = QTimer(self)
        self._timer.setInterval(int(interval_s * 1000))
        self._timer.timeout.connect(self.kick)

    def start(self) -> None:
        self._timer.start()
        self.kick()

    def stop(self) -> None:
        self._timer.stop()

    def kick(self) -> None:
        if self._busy:
            self._again = True
            return
        self._busy = True
        Operation(lambda: self._outbox.drain(self._send), owner=self).success(self._done).failure(
            lambda exc: self._done(0)
        ).run()

    def _done(self, sent: int) -> None:
        self._busy = False
        if sent:
            logger.info("outbox: %d message(s) delivered", sent)
        if self._again:
            self._again = False
            self.kick()
