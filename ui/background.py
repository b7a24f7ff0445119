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

_live: set[_Bridge] = set()  # keeps bridges alive until their result is delivered


class _Bridge(QObject):
    finished = Signal(object, object)

    def __init__(self, op: Operation) -> None:
        super().__init__()
        self._op = op
        # The runnable's Python side, held until its result is delivered: a runnable that
        # waits in the pool's queue while every pool thread is busy was otherwise collected,
        # and ran without its attributes (AttributeError: no '_fn'), its result never delivered.
        self.runnable: QRunnable | None = None
        # Explicitly queued: the slot must run on the GUI thread where this object lives,
        # whatever thread emits.
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(object, object)
    def _deliver(self, result: Any, error: BaseException | None) -> None:
        _live.discard(self)
        op = self._op
        self._op = None
        self.runnable = None
        self.deleteLater()
        if op is None:
            return
        op._deliver(result, error)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[], Any], bridge: _Bridge) -> None:
        super().__init__()
        self._fn = fn
        self._bridge = bridge

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # handed to the failure callback on the GUI thread
            self._bridge.finished.emit(None, exc)
        else:
            self._bridge.finished.emit(result, None)


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
        bridge = _Bridge(self)
        _live.add(bridge)
        bridge.runnable = _Runnable(self._fn, bridge)
        QThreadPool.globalInstance().start(bridge.runnable)

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
