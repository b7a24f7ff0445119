"""The camera source over recorded frames: image sequences and a video file.

Frames are made from the public QR photographs in /work/shared/data/qr-dev. End of stream
acts as an unplug: the source reports DISCONNECTED, reopens the recording and reports
CONNECTED again, so a replay also shows that the hold-off stops re-acceptance.
"""

from __future__ import annotations

import json
import queue
import threading
from pathlib import Path

import cv2
import numpy as np
import pytest

from drivers.camera import CameraSource, FrameResult, LatestFrame
from kiosk.errors import DeviceError
from kiosk.scan import SourceKind, SourceState
from kiosk.settings_scanning import CameraSettings
from kiosk.stable_scan import Feedback

QR_DEV = Path("/work/shared/data/qr-dev")
PUBLIC = [QR_DEV / "qrcode-1" / "1.webp", QR_DEV / "qrcode-2" / "#1086.png"]

pytestmark = pytest.mark.skipif(not QR_DEV.exists(), reason="public QR photographs not present")


def _label(image: Path) -> str:
    return json.loads(image.with_suffix(".expected.json").read_text())["codes"][0]["text"]


def _canvas(image: Path | None) -> np.ndarray:
    canvas = np.full((480, 640, 3), 255, np.uint8)
    if image is not None:
        picture = cv2.imread(str(image))
        h, w = picture.shape[:2]
        canvas[20 : 20 + h, 20 : 20 + w] = picture
    return canvas


def _sequence(folder: Path, plan: list[tuple[Path | None, int]]) -> str:
    folder.mkdir()
    index = 0
    for image, count in plan:
        frame = _canvas(image)
        for _ in range(count):
            cv2.imwrite(str(folder / f"{index:04d}.png"), frame)
            index += 1
    return str(folder / "%04d.png")


def test_stable_codes_accepted_once_and_end_of_stream_is_an_unplug(tmp_path, recorder):
    a, b = PUBLIC
    pattern = _sequence(tmp_path / "frames", [(a, 4), (None, 1), (b, 1), (None, 1), (b, 3)])
    feedback: queue.Queue[FrameResult] = queue.Queue()
    camera = CameraSource(
        CameraSettings(device=pattern), stable_frames=3, hold_off_s=600,
        on_frame=feedback.put, retry_initial_s=0.01, retry_max_s=0.05, lossless=True,
    )
    camera.start(recorder.on_scan, recorder.on_state)
    try:
        assert recorder.wait_state(SourceState.CONNECTED)
        first, second = recorder.next_scan(), recorder.next_scan()
        assert (first.text, second.text) == (_label(a), _label(b))
        assert first.source is SourceKind.CAMERA and first.symbology == "QRCode"
        assert first.raw is not None
        recorder.wait_state(SourceState.DISCONNECTED)  # end of the recording
        recorder.wait_state(SourceState.CONNECTED)  # reopened: the camera "came back"
        recorder.wait_state(SourceState.DISCONNECTED)  # and the replay ended again
        with pytest.raises(queue.Empty):  # the replay fell inside the hold-off
            recorder.scans.get_nowait()
    finally:
        camera.stop()
    seen = [feedback.get_nowait().feedback for _ in range(10)]
    assert seen[:5] == [Feedback.HOLD_STILL, Feedback.HOLD_STILL, Feedback.FOUND,
                        Feedback.FOUND, Feedback.NO_CODE]


def test_video_file(tmp_path, recorder):
    path = tmp_path / "clip.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (640, 480))
    assert writer.isOpened()
    for image in [None, None] + [PUBLIC[0]] * 5:
        writer.write(_canvas(image))
    writer.release()
    camera = CameraSource(CameraSettings(device=str(path)), stable_frames=3, hold_off_s=600,
                          retry_initial_s=0.01, retry_max_s=0.05, lossless=True)
    camera.start(recorder.on_scan, recorder.on_state)
    try:
        assert recorder.next_scan().text == _label(PUBLIC[0])
        recorder.wait_state(SourceState.DISCONNECTED)
    finally:
        camera.stop()


def test_missing_camera_is_a_clear_start_up_error(tmp_path, recorder):
    camera = CameraSource(CameraSettings(device=str(tmp_path / "video7")))
    with pytest.raises(DeviceError) as info:
        camera.start(recorder.on_scan, recorder.on_state)
    assert "video7" in info.value.message.en


def test_capture_never_waits_for_a_slow_decoder(tmp_path, recorder):
    """The decoder blocks on its first frame; capture keeps reading to end of stream."""
    pattern = _sequence(tmp_path / "frames", [(PUBLIC[0], 30)])
    release = threading.Event()
    entered = threading.Event()

    def slow_decoder(frame):
        entered.set()
        release.wait(10)
        return []

    camera = CameraSource(CameraSettings(device=pattern), decoder=slow_decoder,
                          retry_initial_s=5, retry_max_s=5)
    camera.start(recorder.on_scan, recorder.on_state)
    try:
        assert entered.wait(5)
        recorder.wait_state(SourceState.DISCONNECTED)  # all 30 frames read meanwhile
    finally:
        release.set()
        camera.stop()


def test_latest_frame_keeps_only_the_newest():
    slot = LatestFrame()
    for value in range(3):
        slot.put(np.full((1, 1), value, np.uint8))
    assert slot.take(timeout=1)[0, 0] == 2
    assert slot.take(timeout=0.01) is None
