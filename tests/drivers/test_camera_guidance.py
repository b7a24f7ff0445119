"""What the camera preview tells the patient beyond found / hold still: too far, unreadable."""

from __future__ import annotations

import io

import cv2
import numpy as np
import segno

from drivers.camera import guidance
from drivers.decode import decode
from kiosk.stable_scan import Feedback

CODE = "272EB52D0696FD625B6F3E1A830728532779BEB87520CC83948C50A43F439F58:1"


def qr_image(scale: int) -> np.ndarray:
    buffer = io.BytesIO()
    segno.make(CODE).save(buffer, kind="png", scale=scale, border=4)
    return cv2.imdecode(np.frombuffer(buffer.getvalue(), np.uint8), cv2.IMREAD_COLOR)


def on_canvas(image: np.ndarray, size=(1080, 1920)) -> np.ndarray:
    canvas = np.full((*size, 3), 230, np.uint8)
    y, x = (size[0] - image.shape[0]) // 2, (size[1] - image.shape[1]) // 2
    canvas[y : y + image.shape[0], x : x + image.shape[1]] = image
    return canvas


def test_small_code_far_away_asks_to_come_closer():
    frame = on_canvas(qr_image(3))
    reads = decode(frame)
    assert reads and reads[0].text == CODE
    assert guidance(frame, Feedback.HOLD_STILL, reads) is Feedback.TOO_FAR


def test_large_code_is_just_held_still():
    frame = on_canvas(qr_image(12))
    assert guidance(frame, Feedback.HOLD_STILL, decode(frame)) is Feedback.HOLD_STILL


def test_damaged_code_in_view_is_not_recognised_rather_than_absent():
    image = qr_image(8)
    h = image.shape[0]
    cv2.rectangle(image, (h // 3, h // 3), (2 * h // 3, 2 * h // 3), (0, 0, 0), -1)  # a crack / glare blot
    frame = on_canvas(image)
    assert decode(frame) == []
    assert guidance(frame, Feedback.NO_CODE, []) is Feedback.NOT_RECOGNISED


def test_empty_scene_has_no_code():
    frame = on_canvas(np.full((50, 50, 3), 230, np.uint8))
    assert guidance(frame, Feedback.NO_CODE, []) is Feedback.NO_CODE
