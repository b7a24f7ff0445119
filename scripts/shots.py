"""What the screenshot scripts share: letting the real event loop run, and waiting for a
screen to arrive, on a real (virtual) X display."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

OUT = Path(__file__).resolve().parents[1] / "out" / "screenshots"


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


def stopped(server) -> None:
    """The gateway stopped, and what it still had to say to Qt delivered."""
    server.stop()
    QCoreApplication.processEvents()


def run(main: Callable[[Path], int]) -> None:
    """``main(folder)`` with the folder named on the command line (``out/screenshots``)."""
    code = main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
    print(f"screenshots in {sys.argv[1] if len(sys.argv) > 1 else OUT}")
    raise SystemExit(code)
