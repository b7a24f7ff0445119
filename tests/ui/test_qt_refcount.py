"""Guards the one Qt mechanism everything relies on: objects sent through queued signals.

PySide6 6.12.0 released one reference too many for every object delivered through a queued
connection; the kiosk's background helper does exactly that, and the process crashed at
exit (or earlier). This test fails fast on such a build.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Qt, Signal, Slot


class _Sender(QObject):
    sent = Signal(object, object)


class _Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    @Slot(object, object)
    def take(self, first, second) -> None:
        self.count += 1


def test_queued_signals_keep_reference_counts(qtbot):
    # Private objects only: the count of a shared one (True, None) moves with whatever else
    # the event loop delivers meanwhile.
    first, second = object(), ("result",)
    sender, receiver = _Sender(), _Receiver()
    sender.sent.connect(receiver.take, Qt.ConnectionType.QueuedConnection)
    before = sys.getrefcount(first), sys.getrefcount(second)
    for _ in range(200):
        sender.sent.emit(first, second)
    qtbot.waitUntil(lambda: receiver.count == 200, timeout=2000)
    assert (sys.getrefcount(first), sys.getrefcount(second)) == before
