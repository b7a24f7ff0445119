"""Configured devices feed the same flow as the wedge: a serial scanner on a pseudo-terminal
and a camera replaying recorded frames both identify a patient in the real window."""

from __future__ import annotations

import os

import cv2
import numpy as np
import pytest
import segno

from tests.ui.helpers import wedge_scan
from ui.camera_view import CameraView

pytestmark = pytest.mark.gateway


def active_card(gateway_server) -> str:
    return next(p for p in gateway_server.demo_patients(3) if p["status"] == "active")["health_card_id"]


def test_serial_scanner_scan_identifies_patient(make_kiosk, gateway_server, qtbot):
    master, slave = os.openpty()
    try:
        kiosk = make_kiosk(
            gateway_server.url,
            gateway_server.token,
            scanning={"serial": [{"port": os.ttyname(slave), "baudrate": 9600, "suffix": "CR"}]},
        )
        qtbot.waitUntil(lambda: kiosk.window.devices.running == 1, timeout=5000)
        code = gateway_server.code(active_card(gateway_server))
        with qtbot.waitSignal(kiosk.window.identified, timeout=10_000):
            # Written in two pieces, as USB-serial adapters often deliver it.
            os.write(master, code[:20].encode())
            os.write(master, code[20:].encode() + b"\r")
        kiosk.window.close()
    finally:
        os.close(master)
        os.close(slave)


def test_camera_frames_identify_patient_and_preview_is_shown(make_kiosk, gateway_server, qtbot, tmp_path):
    code = gateway_server.code(active_card(gateway_server), kind="static")
    qr = segno.make(code, error="m")
    png = tmp_path / "code.png"
    qr.save(str(png), scale=8, border=4)
    image = cv2.imread(str(png))
    frame = np.full((720, 1280, 3), 235, np.uint8)
    y, x = (720 - image.shape[0]) // 2, (1280 - image.shape[1]) // 2
    frame[y : y + image.shape[0], x : x + image.shape[1]] = image
    frames = tmp_path / "frames"
    frames.mkdir()
    for i in range(30):
        cv2.imwrite(str(frames / f"{i:04d}.png"), frame)
    kiosk = make_kiosk(
        gateway_server.url,
        gateway_server.token,
        scanning={"camera": {"device": str(frames / "%04d.png")}, "retry_initial_s": 0.05},
    )
    assert kiosk.window.home.findChild(CameraView) is not None
    with qtbot.waitSignal(kiosk.window.identified, timeout=15_000):
        pass
    kiosk.window.close()


def test_missing_serial_device_is_reported_and_kiosk_still_works(make_kiosk, gateway_server, qtbot):
    kiosk = make_kiosk(
        gateway_server.url,
        gateway_server.token,
        scanning={"serial": [{"port": "/dev/does-not-exist", "baudrate": 9600}]},
    )
    assert kiosk.window.devices.problems
    assert "serial" in kiosk.window.footer.device_state.text()
    with qtbot.waitSignal(kiosk.window.identified, timeout=10_000):
        wedge_scan(qtbot, kiosk.window.home, gateway_server.code(active_card(gateway_server)))
