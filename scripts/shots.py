"""What the screenshot scripts share: letting the real event loop run, and waiting for a
screen to arrive, on a real (virtual) X display."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QTimer


def pump(ms: int = 300) -> None:
    """Let Qt paint and deliver for ``ms`` milliseconds."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(predicate: Callable[[], object], timeout_s: float = 15) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("screen did not appear")
        pump(50)
