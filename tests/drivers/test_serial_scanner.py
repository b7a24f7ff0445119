"""Serial scanners over real pseudo-terminals: os.openpty pairs and socat-made ports."""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
from pathlib import Path

import pytest

from drivers.serial_scanner import SerialScanner
from kiosk.errors import DeviceError
from kiosk.scan import SourceKind, SourceState
from kiosk.settings_scanning import SerialScannerSettings


@pytest.fixture
def pty_pair():
    master, slave = os.openpty()
    path = os.ttyname(slave)
    yield master, path
    for fd in (master, slave):
        try:
            os.close(fd)
        except OSError:
            pass


def _scanner(path: str, suffix: str = "CR") -> SerialScanner:
    settings = SerialScannerSettings(port=path, baudrate=115200, suffix=suffix)
    return SerialScanner(settings, retry_initial_s=0.05, retry_max_s=0.2)


@pytest.mark.parametrize(
    ("suffix", "wire"), [("CR", b"\r"), ("LF", b"\n"), ("CRLF", b"\r\n")]
)
def test_fragmented_writes_are_reassembled(pty_pair, recorder, suffix, wire):
    master, path = pty_pair
    scanner = _scanner(path, suffix)
    scanner.start(recorder.on_scan, recorder.on_state)
    try:
        recorder.wait_state(SourceState.CONNECTED)
        payload = b"0123456789ABCDEF" * 4 + b":0:" + b"FEDCBA9876543210" * 2
        for i in range(0, len(payload), 7):
            os.write(master, payload[i : i + 7])
        os.write(master, wire + b"VC2024" + wire)
        first, second = recorder.next_scan(), recorder.next_scan()
        assert first.text == payload.decode() and first.raw == payload
        assert first.source is SourceKind.SERIAL
        assert second.text == "VC2024"
    finally:
        scanner.stop()


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_chinese_payloads(pty_pair, recorder, encoding):
    master, path = pty_pair
    scanner = _scanner(path)
    scanner.start(recorder.on_scan, recorder.on_state)
    try:
        recorder.wait_state(SourceState.CONNECTED)
        text = "姓名：张三；就诊卡号：20240315"
        os.write(master, text.encode(encoding) + b"\r")
        assert recorder.next_scan().text == text
    finally:
        scanner.stop()


def test_missing_port_is_a_clear_start_up_error(tmp_path, recorder):
    scanner = _scanner(str(tmp_path / "ttyUSB9"))
    with pytest.raises(DeviceError) as info:
        scanner.start(recorder.on_scan, recorder.on_state)
    assert "ttyUSB9" in info.value.message.en and info.value.code == "device_missing"


def test_closing_the_master_is_an_unplug(pty_pair, recorder):
    master, path = pty_pair
    scanner = _scanner(path)
    scanner.start(recorder.on_scan, recorder.on_state)
    try:
        recorder.wait_state(SourceState.CONNECTED)
        os.close(master)
        assert "unplugged" in recorder.wait_state(SourceState.DISCONNECTED)
    finally:
        scanner.stop()


@pytest.mark.skipif(shutil.which("socat") is None, reason="socat not installed")
def test_unplug_and_replug_recovered(tmp_path: Path, recorder):
    device, host = tmp_path / "scanner", tmp_path / "host"

    def plug() -> subprocess.Popen:
        proc = subprocess.Popen(
            ["socat", "-d", "-d", f"pty,raw,echo=0,link={device}", f"pty,raw,echo=0,link={host}"],
            stderr=subprocess.PIPE, text=True,
        )
        # socat reports "starting data transfer loop" once both ptys exist.
        for line in proc.stderr:
            if "starting data transfer loop" in line:
                return proc
        raise AssertionError("socat did not start")

    def unplug(proc: subprocess.Popen) -> None:
        proc.terminate()
        proc.wait(timeout=5)
        proc.stderr.close()

    socat = plug()
    scanner = _scanner(str(device))
    try:
        scanner.start(recorder.on_scan, recorder.on_state)
        recorder.wait_state(SourceState.CONNECTED)
        with open(host, "wb", buffering=0) as wire:
            wire.write(b"first\r")
        assert recorder.next_scan().text == "first"
        unplug(socat)
        recorder.wait_state(SourceState.DISCONNECTED)
        socat = plug()
        recorder.wait_state(SourceState.CONNECTED)
        with open(host, "wb", buffering=0) as wire:
            wire.write(b"second\r")
        assert recorder.next_scan().text == "second"
        with pytest.raises(queue.Empty):
            recorder.scans.get_nowait()
    finally:
        scanner.stop()
        if socat.returncode is None:
            unplug(socat)
