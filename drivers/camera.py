"""Camera scanning: capture on the device thread, decode on a worker, accept only stable codes.

The capture thread never waits for decoding: it drops each frame into a one-frame slot that
the decode worker empties, so a slow frame costs only frames, never camera latency. Each
decoded frame goes through a :class:`StableScanValidator`; its feedback (found / hold still /
no code / several codes) and the frame go to an optional ``on_frame`` callback for a preview.
Recorded streams (video files, ``frames/%04d.png`` sequences) open like cameras; their end of
stream is treated as an unplug, which is how the tests exercise recovery.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from drivers.decode import make_decoder
from drivers.decoders import Decoder, Point, Read, missing_library
from drivers.device import DeviceLost, DeviceSource, device_missing
from kiosk.scan import ScanEvent, SourceKind
from kiosk.settings_scanning import CameraSettings
from kiosk.stable_scan import Feedback, StableScanValidator

logger = logging.getLogger(__name__)


# A code smaller than this share of the frame reads poorly on phone screens: ask to come closer.
TOO_FAR_AREA = 0.015


def _area(polygon: tuple[Point, ...]) -> float:
    # Shoelace formula over the code's corner points.
    pts = list(polygon)
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1], strict=True))) / 2


def guidance(frame: np.ndarray, feedback: Feedback, reads: list[Read]) -> Feedback:
    """Refine what the patient is told: too far away, or seen but unreadable."""
    frame_area = float(frame.shape[0] * frame.shape[1])
    if feedback is Feedback.HOLD_STILL and reads and reads[0].polygon:
        if _area(reads[0].polygon) / frame_area < TOO_FAR_AREA:
            return Feedback.TOO_FAR
    if feedback is Feedback.NO_CODE and _unreadable_symbol_in(frame):
        return Feedback.NOT_RECOGNISED
    return feedback


def _unreadable_symbol_in(frame: np.ndarray) -> bool:
    """A QR code is in view but does not decode (glare, cracks, too dim)."""
    try:
        import zxingcpp
    except ImportError:
        return False
    found = zxingcpp.read_barcodes(frame, formats=zxingcpp.BarcodeFormat.QRCode, return_errors=True)
    return any(not r.valid for r in found)


@dataclass(frozen=True)
class FrameResult:
    """A decoded frame for the preview: the image, what to tell the user, where codes are."""

    frame: np.ndarray
    feedback: Feedback
    polygons: tuple[tuple[Point, ...], ...]


FrameCallback = Callable[[FrameResult], None]


class LatestFrame:
    """A one-frame handoff. ``put`` replaces an untaken frame unless ``lossless`` is set,
    in which case it waits for the taker: recorded streams in tests decode every frame."""

    def __init__(self, *, lossless: bool = False) -> None:
        self._cond = threading.Condition()
        self._frame: np.ndarray | None = None
        self._closed = False
        self._lossless = lossless

    def put(self, frame: np.ndarray) -> None:
        with self._cond:
            if self._lossless:
                self._cond.wait_for(lambda: self._frame is None or self._closed)
            self._frame = frame
            self._cond.notify_all()

    def take(self, timeout: float) -> np.ndarray | None:
        with self._cond:
            self._cond.wait_for(lambda: self._frame is not None or self._closed, timeout)
            frame, self._frame = self._frame, None
            self._cond.notify_all()
            return frame

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def reopen(self) -> None:
        with self._cond:
            self._closed, self._frame = False, None


class CameraSource(DeviceSource):
    kind = SourceKind.CAMERA

    def __init__(
        self,
        settings: CameraSettings,
        *,
        decoder: str | Decoder = "kiosk",
        stable_frames: int = 3,
        hold_off_s: float = 3.0,
        on_frame: FrameCallback | None = None,
        on_decoded: Callable[[float], None] | None = None,
        retry_initial_s: float = 0.5,
        retry_max_s: float = 10.0,
        lossless: bool = False,
        clock: Callable[[], float] | None = None,
    ) -> None:
        try:
            import cv2
        except ImportError as exc:
            raise missing_library("OpenCV", "pip install opencv-python-headless") from exc
        label = f"camera {settings.device}"
        super().__init__(label, retry_initial_s=retry_initial_s, retry_max_s=retry_max_s)
        self._cv2 = cv2
        self._settings = settings
        self._decoder = make_decoder(decoder, stream=True) if isinstance(decoder, str) else decoder
        kwargs = {"clock": clock} if clock is not None else {}
        self._validator = StableScanValidator(stable_frames, hold_off_s, **kwargs)
        self._on_frame = on_frame
        self._on_decoded = on_decoded
        self._slot = LatestFrame(lossless=lossless)
        self._worker: threading.Thread | None = None

    # -- capture (device thread) --
    def _open(self) -> Any:
        device = self._settings.device
        cv2 = self._cv2
        if isinstance(device, str) and "%" not in device and not Path(device).exists():
            raise device_missing(device)
        capture = cv2.VideoCapture(device)
        if not capture.isOpened():
            capture.release()
            raise device_missing(str(device))
        if isinstance(device, int) or device.startswith("/dev/"):
            capture.set(cv2.CAP_PROP_FRAME_WIDTH, self._settings.width)
            capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self._settings.height)
            capture.set(cv2.CAP_PROP_FPS, self._settings.fps)
            # One buffered frame: the decoder wants what is in front of the camera now.
            capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)
        return capture

    def _pump(self, capture: Any) -> None:
        while not self._stopping.is_set():
            ok, frame = capture.read()
            if not ok or frame is None:
                raise DeviceLost(self.label)
            self._slot.put(frame)

    def _close(self, capture: Any) -> None:
        capture.release()

    # -- decoding (worker thread) --
    def _decode_loop(self) -> None:
        while not self._stopping.is_set():
            frame = self._slot.take(timeout=0.2)
            if frame is not None:
                self._decode_one(frame)

    def _decode_one(self, frame: np.ndarray) -> None:
        started = time.perf_counter()
        try:
            reads = self._decoder(frame)
        except Exception:  # a decoder bug must not end scanning
            logger.exception("decoder failed on a frame")
            reads = []
        if self._on_decoded is not None:
            self._on_decoded(time.perf_counter() - started)
        verdict = self._validator.feed([r.text for r in reads])
        if verdict.accepted is not None:
            read = next(r for r in reads if r.text == verdict.accepted)
            self._emit(ScanEvent(read.text, SourceKind.CAMERA, read.symbology, read.raw))
        if self._on_frame is not None:
            self._report_frame(frame, guidance(frame, verdict.feedback, reads), reads)

    def _report_frame(self, frame: np.ndarray, feedback: Feedback, reads: list[Read]) -> None:
        try:
            self._on_frame(FrameResult(frame, feedback, tuple(r.polygon for r in reads)))
        except Exception:
            logger.exception("frame callback failed")

    # -- lifecycle: the worker lives exactly as long as the device thread --
    def start(self, on_scan, on_state) -> None:  # type: ignore[override]
        self._slot.reopen()
        self._stopping.clear()
        self._worker = threading.Thread(target=self._decode_loop, name=f"decode:{self.label}", daemon=True)
        self._worker.start()
        try:
            super().start(on_scan, on_state)
        except BaseException:
            self._stop_worker()
            raise

    def stop(self) -> None:
        self._stopping.set()
        self._slot.close()  # frees a capture thread waiting on a lossless handoff
        super().stop()
        self._stop_worker()

    def _stop_worker(self) -> None:
        self._stopping.set()
        self._slot.close()
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.join(self.join_timeout_s)
            if worker.is_alive():
                logger.warning("decode worker for %s did not end in time", self.label)
