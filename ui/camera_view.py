"""A live camera preview with a guide frame and scan feedback (中文 first, then English).

The camera's decode worker calls :meth:`CameraView.submit_frame` from its own thread. The
method only stores the newest frame and emits a queued signal; the GUI thread converts and
paints it. Frames that arrive faster than the window repaints replace each other, so a busy
GUI never builds a backlog and the camera never waits for the GUI.

Signals: ``frame_arrived`` (internal, cross-thread wake-up).
"""

from __future__ import annotations

import logging
import threading

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from kiosk.stable_scan import FEEDBACK_TEXT, Feedback

logger = logging.getLogger(__name__)

_FEEDBACK_COLOUR = {
    Feedback.FOUND: QColor(40, 167, 69),
    Feedback.HOLD_STILL: QColor(255, 193, 7),
    Feedback.NO_CODE: QColor(255, 255, 255),
    Feedback.MULTIPLE: QColor(220, 53, 69),
    Feedback.TOO_FAR: QColor(255, 193, 7),
    Feedback.NOT_RECOGNISED: QColor(220, 53, 69),
}


class CameraView(QWidget):
    """Shows frames from the camera source; feed it with :meth:`submit_frame`."""

    frame_arrived = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(320, 240)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._lock = threading.Lock()
        self._pending = None  # newest FrameResult-like object not yet shown
        self._image: QImage | None = None
        self._frame_size = (0, 0)
        self._polygons: tuple = ()
        self.feedback = Feedback.NO_CODE
        self.frame_arrived.connect(self._on_camera_frame, Qt.ConnectionType.QueuedConnection)

    def submit_frame(self, result) -> None:
        """Any thread: hand over a FrameResult (frame, feedback, polygons)."""
        with self._lock:
            wake = self._pending is None
            self._pending = result
        if wake:
            self.frame_arrived.emit()

    def feedback_text(self) -> str:
        text = FEEDBACK_TEXT[self.feedback]
        return f"{text.zh}  {text.en}"

    @Slot()
    def _on_camera_frame(self) -> None:
        with self._lock:
            result, self._pending = self._pending, None
        if result is None:
            return
        self._image = _to_qimage(result.frame)
        self._frame_size = (result.frame.shape[1], result.frame.shape[0])
        self._polygons = result.polygons
        self.feedback = result.feedback
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.black)
        target = self._image_rect()
        if self._image is not None:
            painter.drawImage(target, self._image)
        colour = _FEEDBACK_COLOUR[self.feedback]
        self._draw_guide(painter, target, colour)
        self._draw_codes(painter, target, colour)
        painter.setPen(colour)
        font = painter.font()
        font.setPixelSize(max(16, self.height() // 18))
        painter.setFont(font)
        band = QRectF(0, self.height() * 0.86, self.width(), self.height() * 0.14)
        painter.fillRect(band, QColor(0, 0, 0, 160))
        painter.drawText(band, Qt.AlignmentFlag.AlignCenter, self.feedback_text())
        painter.end()

    def _image_rect(self) -> QRectF:
        w, h = self._frame_size
        if not w or not h:
            return QRectF(self.rect())
        scale = min(self.width() / w, self.height() / h)
        return QRectF((self.width() - w * scale) / 2, (self.height() - h * scale) / 2, w * scale, h * scale)

    def _draw_guide(self, painter: QPainter, target: QRectF, colour: QColor) -> None:
        side = min(target.width(), target.height()) * 0.6
        guide = QRectF(target.center().x() - side / 2, target.center().y() - side / 2, side, side)
        painter.setPen(QPen(colour, 4))
        corner = side / 6
        for x, y, dx, dy in ((guide.left(), guide.top(), 1, 1), (guide.right(), guide.top(), -1, 1),
                             (guide.left(), guide.bottom(), 1, -1), (guide.right(), guide.bottom(), -1, -1)):
            painter.drawLine(QPointF(x, y), QPointF(x + dx * corner, y))
            painter.drawLine(QPointF(x, y), QPointF(x, y + dy * corner))

    def _draw_codes(self, painter: QPainter, target: QRectF, colour: QColor) -> None:
        w, _ = self._frame_size
        if not w:
            return
        scale = target.width() / w
        painter.setPen(QPen(colour, 2))
        for polygon in self._polygons:
            points = [QPointF(target.left() + x * scale, target.top() + y * scale) for x, y in polygon]
            painter.drawPolygon(QPolygonF(points))


def _to_qimage(frame: np.ndarray) -> QImage:
    """BGR or grey numpy frame to a QImage that owns its pixels."""
    if frame.ndim == 2:
        h, w = frame.shape
        return QImage(frame.data, w, h, frame.strides[0], QImage.Format.Format_Grayscale8).copy()
    h, w = frame.shape[:2]
    frame = np.ascontiguousarray(frame[:, :, :3])
    return QImage(frame.data, w, h, frame.strides[0], QImage.Format.Format_BGR888).copy()
