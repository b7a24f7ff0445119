"""A scan source that replays a script: texts, recorded events and state changes.

Tests and the demo mode use it in place of a device. It runs on its own thread like a real
source, so consumers meet the same threading they will meet in production.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import replace

from kiosk.scan import ScanCallback, ScanEvent, SourceKind, SourceState, StateCallback

logger = logging.getLogger(__name__)

Step = str | ScanEvent | SourceState


class ScriptedSource:
    """Replays ``script`` once: a ``str`` becomes a scan, a ``ScanEvent`` is delivered as
    recorded (re-stamped now), a ``SourceState`` is reported as a state change.

    ``interval_s`` spaces the steps (demo mode); ``finished`` is set after the last step.
    """

    def __init__(self, script: Iterable[Step], *, kind: SourceKind = SourceKind.DEMO,
                 interval_s: float = 0.0, label: str = "scripted") -> None:
        self.kind = kind
        self.label = label
        self.finished = threading.Event()
        self._script = list(script)
        self._interval_s = interval_s
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, on_scan: ScanCallback, on_state: StateCallback) -> None:
        if self._thread is not None:
            raise RuntimeError("already started")
        self._stopping.clear()
        self.finished.clear()
        self._thread = threading.Thread(
            target=self._run, args=(on_scan, on_state), name=f"{self.kind}:{self.label}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(3.0)

    def _run(self, on_scan: ScanCallback, on_state: StateCallback) -> None:
        on_state(SourceState.CONNECTED, self.label)
        for index, step in enumerate(self._script):
            if index and self._stopping.wait(self._interval_s):
                break
            if self._stopping.is_set():
                break
            if isinstance(step, SourceState):
                on_state(step, self.label)
            elif isinstance(step, ScanEvent):
                on_scan(replace(step, at=time.monotonic()))
            else:
                on_scan(ScanEvent(step, self.kind))
        self.finished.set()

