"""evdev scanners over recorded event streams (no uinput here): a fake device replays them."""

from __future__ import annotations

import json
import queue
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.evdev_scanner import EvdevScanner
from drivers.keymap import US, KeyDecoder
from kiosk.errors import DeviceError
from kiosk.scan import SourceKind, SourceState
from kiosk.settings_scanning import EvdevScannerSettings

RECORDED = json.loads((Path(__file__).parent / "fixtures" / "evdev_health_code.json").read_text())


class FakeDevice:
    """Replays recorded (sec, usec, type, code, value) events, then reports an unplug."""

    def __init__(self, events, *, unplug_at_end: bool = True) -> None:
        self._events = [tuple(e[2:]) for e in events]
        self._unplug = unplug_at_end
        self.grabbed = threading.Event()
        self.closed = threading.Event()
        self._idle = threading.Event()

    def grab(self) -> None:
        self.grabbed.set()

    def read_events(self, timeout: float):
        if self._events:
            batch, self._events = self._events[:5], self._events[5:]
            return batch
        if self._unplug:
            raise OSError(19, "No such device")
        self._idle.wait(timeout)
        return []

    def close(self) -> None:
        self.closed.set()


def test_recorded_stream_becomes_one_scan_and_the_device_is_grabbed(recorder):
    device = FakeDevice(RECORDED["events"], unplug_at_end=False)
    scanner = EvdevScanner(EvdevScannerSettings(path="/dev/input/event7"),
                           open_device=lambda path: device)
    scanner.start(recorder.on_scan, recorder.on_state)
    try:
        event = recorder.next_scan()
        assert event.text == RECORDED["text"] and event.source is SourceKind.EVDEV
        assert device.grabbed.is_set()
    finally:
        scanner.stop()
    assert device.closed.is_set()


def test_unplug_reported_and_device_reopened(recorder):
    opened: queue.Queue[FakeDevice] = queue.Queue()

    def open_device(path: str) -> FakeDevice:
        device = FakeDevice(RECORDED["events"])
        opened.put(device)
        return device

    scanner = EvdevScanner(EvdevScannerSettings(path="/dev/input/event7"), open_device=open_device,
                           retry_initial_s=0.01, retry_max_s=0.02)
    scanner.start(recorder.on_scan, recorder.on_state)
    try:
        assert recorder.next_scan().text == RECORDED["text"]
        recorder.wait_state(SourceState.DISCONNECTED)
        recorder.wait_state(SourceState.CONNECTED)
        assert recorder.next_scan().text == RECORDED["text"]  # the re-plugged device works
    finally:
        scanner.stop()


def test_missing_device_is_a_clear_start_up_error(recorder):
    def open_device(path: str):
        raise FileNotFoundError(path)

    scanner = EvdevScanner(EvdevScannerSettings(path="/dev/input/by-id/usb-scanner-event-kbd"),
                           open_device=open_device)
    with pytest.raises(DeviceError) as info:
        scanner.start(recorder.on_scan, recorder.on_state)
    assert "usb-scanner" in info.value.message.en


def _type(text: str) -> list[tuple[int, int, int]]:
    inverse = {}
    for code, (plain, shifted) in US.items():
        inverse.setdefault(plain, (code, False))
        inverse.setdefault(shifted, (code, True))
    events = []
    for char in text:
        code, shift = inverse[char]
        if shift:
            events.append((1, 42, 1))
        events += [(1, code, 1), (0, 0, 0), (1, code, 0)]
        if shift:
            events.append((1, 42, 0))
    return events + [(1, 28, 1), (1, 28, 0)]


printable = st.text(alphabet=st.sampled_from(sorted({c for pair in US.values() for c in pair} - {"\t"})),
                    min_size=1, max_size=60)


@given(printable)
def test_any_us_layout_text_round_trips(text):
    decoder = KeyDecoder()
    results = [r for e in _type(text) if (r := decoder.feed(*e)) is not None]
    assert results == [text]


def test_caps_lock_and_repeats():
    decoder = KeyDecoder()
    events = [(1, 58, 1), (1, 58, 0), (1, 30, 1), (1, 30, 2), (1, 30, 0), (1, 42, 1), (1, 30, 1),
              (1, 42, 0), (1, 96, 1)]
    assert [r for e in events if (r := decoder.feed(*e))] == ["Aa"]
