"""The factory and the scripted source."""

from __future__ import annotations

import os

import pytest
from pydantic import ValidationError

from drivers.camera import CameraSource
from drivers.evdev_scanner import EvdevScanner
from drivers.factory import build_source, build_sources
from drivers.scripted import ScriptedSource
from drivers.serial_scanner import SerialScanner
from kiosk.errors import DeviceError
from kiosk.scan import ScanEvent, ScanSource, SourceKind, SourceState
from kiosk.settings_scanning import ScanningSettings


def test_builds_every_configured_source():
    settings = ScanningSettings.model_validate({
        "decoder": "pyzbar",
        "camera": {"device": 0, "fps": 10},
        "serial": [{"port": "/dev/ttyUSB0"}, {"port": "/dev/ttyACM0", "suffix": "CRLF"}],
        "evdev": [{"path": "/dev/input/event3"}],
    })
    sources = build_sources(settings)
    assert [type(s) for s in sources] == [CameraSource, SerialScanner, SerialScanner, EvdevScanner]
    assert all(isinstance(s, ScanSource) for s in sources)


def test_no_sources_configured():
    assert build_sources(ScanningSettings()) == []


def test_unknown_type_is_a_device_error():
    with pytest.raises(DeviceError) as info:
        build_source("bluetooth", {}, ScanningSettings())
    assert "bluetooth" in info.value.message.en and "serial" in info.value.message.en


@pytest.mark.parametrize("bad", [{"decoder": "quirc"}, {"stable_frames": 0}, {"camara": {}},
                                 {"serial": [{"port": "/dev/ttyS0", "suffix": "TAB"}]}])
def test_settings_reject_unknown_and_out_of_bounds(bad):
    with pytest.raises(ValidationError):
        ScanningSettings.model_validate(bad)


def test_sources_run_side_by_side(recorder):
    master, slave = os.openpty()
    settings = ScanningSettings.model_validate({"serial": [{"port": os.ttyname(slave)}]})
    sources = build_sources(settings) + [ScriptedSource(["demo-1"], kind=SourceKind.DEMO)]
    for source in sources:
        source.start(recorder.on_scan, recorder.on_state)
    try:
        recorder.wait_state(SourceState.CONNECTED)
        os.write(master, "张三".encode("gbk") + b"\r")
        got = {recorder.next_scan().text, recorder.next_scan().text}
        assert got == {"张三", "demo-1"}
    finally:
        for source in sources:
            source.stop()
        os.close(master)
        os.close(slave)


def test_scripted_source_replays_texts_events_and_states(recorder):
    recorded = ScanEvent("RX123", SourceKind.SERIAL, symbology="Code128", raw=b"RX123")
    source = ScriptedSource(["A", SourceState.DISCONNECTED, SourceState.CONNECTED, recorded])
    source.start(recorder.on_scan, recorder.on_state)
    assert source.finished.wait(5)
    source.stop()
    assert recorder.next_scan(0).text == "A"
    replayed = recorder.next_scan(0)
    assert (replayed.text, replayed.source, replayed.raw) == ("RX123", SourceKind.SERIAL, b"RX123")
    states = [recorder.states.get_nowait()[0] for _ in range(3)]
    assert states == [SourceState.CONNECTED, SourceState.DISCONNECTED, SourceState.CONNECTED]
