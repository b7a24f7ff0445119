"""The one way to do blocking work (gateway calls, keyring, printing) off the GUI thread.

    Operation(lambda: client.identify(text, source)).success(show).failure(explain).run()

The function runs on Qt's global thread pool and must never touch a widget; the callbacks
run on the GUI thread. If ``owner`` is given and has been deleted by the time the result
arrives (the patient left, the screen was replaced), the callbacks are skipped, so a late
answer can never repaint a screen that belongs to someone else.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

logger = logging.getLogger(__name__)

_live: set[Operation] = set()  # keeps operations alive until their result is delivered


class _Deliverer(QObject):
    """Carries every result to the GUI thread: one object, connected once. (An object and a
    connection per operation left PySide holding a few bytes for each, thousands a day.)"""

    finished = Signal(object, object, object)  # operation, result, error

    def __init__(self) -> None:
        super().__init__()
        # Explicitly queued: the slot must run on the GUI thread where this object lives,
        # whatever thread emits.
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(object, object, object)
    def _deliver(self, op: Operation, result: Any, error: BaseException | None) -> None:
        _live.discard(op)
        op._runnable = None
        op._deliver(result, error)


_deliverer: _Deliverer | None = None


def _the_deliverer() -> _Deliverer:
    global _deliverer
    if _deliverer is None:  # made by the first run, on the GUI thread, where it must live
        _deliverer = _Deliverer()
    return _deliverer


class _Runnable(QRunnable):
    def __init__(self, op: Operation, deliverer: _Deliverer) -> None:
        super().__init__()
        self._op = op
        self._deliverer = deliverer

    def run(self) -> None:
        op = self._op
        try:
            result = op._fn()
        except BaseException as exc:  # handed to the failure callback on the GUI thread
            self._deliverer.finished.emit(op, None, exc)
        else:
            self._deliverer.finished.emit(op, result, None)


class Operation:
    def __init__(self, fn: Callable[[], Any], owner: QObject | None = None) -> None:
        self._fn = fn
        self._owner = owner
        self._on_success: Callable[[Any], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None

    def success(self, callback: Callable[[Any], None]) -> Operation:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Operation:
        self._on_failure = callback
        return self

    def run(self) -> None:
        _live.add(self)
        # The runnable's Python side, held until its result is delivered: a runnable that
        # waits in the pool's queue while every pool thread is busy was otherwise collected,
        # and ran without its attributes (AttributeError: no '_fn'), its result never delivered.
        self._runnable: QRunnable | None = _Runnable(self, _the_deliverer())
        QThreadPool.globalInstance().start(self._runnable)

    def _deliver(self, result: Any, error: BaseException | None) -> None:
        if self._owner is not None and not shiboken6.isValid(self._owner):
            return
        if error is None:
            if self._on_success is not None:
                self._on_success(result)
        elif self._on_failure is not None:
            self._on_failure(error)
        else:
            logger.error("background operation failed: %s", type(error).__name__)


def pending() -> int:
    """Operations started whose callbacks have not run yet (tests wait for zero)."""
    return len(_live)
