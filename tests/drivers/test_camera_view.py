"""The camera preview: frames from another thread reach the GUI thread and are painted."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from drivers.camera import FrameResult
from kiosk.stable_scan import Feedback

pytestmark = pytest.mark.gui


def test_frames_from_a_worker_thread_are_shown(qtbot):
    from ui.camera_view import CameraView

    view = CameraView()
    qtbot.addWidget(view)
    view.resize(640, 480)
    view.show()
    frame = np.zeros((240, 320, 3), np.uint8)
    square = ((100.0, 60.0), (220.0, 60.0), (220.0, 180.0), (100.0, 180.0))

    def camera_thread() -> None:
        for feedback in (Feedback.NO_CODE, Feedback.HOLD_STILL, Feedback.FOUND):
            view.submit_frame(FrameResult(frame, feedback, (square,)))

    worker = threading.Thread(target=camera_thread)
    worker.start()
    worker.join(5)
    qtbot.waitUntil(lambda: view.feedback is Feedback.FOUND, timeout=2000)
    assert view.feedback_text().startswith("已识别")
    shot = view.grab().toImage()
    assert not shot.isNull()
    # the green polygon of a found code is painted inside the preview
    assert any(shot.pixelColor(x, 120).green() > 120 for x in range(120, 520))
