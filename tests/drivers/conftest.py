"""Shared helpers for driver tests: a recorder of scans and states with blocking waits."""

from __future__ import annotations

import queue

import pytest

from kiosk.scan import ScanEvent, SourceState


class Recorder:
    """Collects what a source delivers; ``next_*`` wait with a timeout instead of sleeping."""

    def __init__(self) -> None:
        self.scans: queue.Queue[ScanEvent] = queue.Queue()
        self.states: queue.Queue[tuple[SourceState, str]] = queue.Queue()

    def on_scan(self, event: ScanEvent) -> None:
        self.scans.put(event)

    def on_state(self, state: SourceState, detail: str) -> None:
        self.states.put((state, detail))

    def next_scan(self, timeout: float = 5.0) -> ScanEvent:
        return self.scans.get(timeout=timeout)

    def wait_state(self, wanted: SourceState, timeout: float = 10.0) -> str:
        while True:
            state, detail = self.states.get(timeout=timeout)
            if state == wanted:
                return detail


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()
