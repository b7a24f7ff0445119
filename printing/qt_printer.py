"""Printing through Qt's print support, for Windows and macOS kiosks without CUPS.

PySide6 is imported lazily, inside this module's functions only, so the rest of the printing
layer stays Qt-free and this module is never imported by ``printing/__init__``. Pages are
rasterised (QtPdf, or poppler without it) and painted onto a QPrinter; Qt submits synchronously to the system
spooler and reports no job id, so a job is complete when ``submit`` returns.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from printing.printer import (
    FinishedJobs,
    JobState,
    PrinterConfigError,
    PrinterError,
    PrinterState,
    Status,
)
from printing.raster import pdf_pages_png

logger = logging.getLogger(__name__)


def _qt() -> tuple[Any, Any, Any]:
    try:
        from PySide6 import QtCore, QtGui, QtPrintSupport
    except ImportError as exc:
        raise PrinterConfigError(code="printer_qt_missing") from exc
    return QtCore, QtGui, QtPrintSupport


def _page_images(pdf: bytes, gui: Any, core: Any, size: Any) -> list[Any]:
    """Each page as a QImage: QtPdf when installed (Addons), else poppler's pdftoppm."""
    try:
        from PySide6 import QtPdf
    except ImportError:
        QtPdf = None  # noqa: N806
    if QtPdf is None:
        return [gui.QImage.fromData(png) for png in pdf_pages_png(pdf, dpi=300)]
    document = QtPdf.QPdfDocument()
    buffer = core.QBuffer()
    buffer.setData(core.QByteArray(pdf))
    buffer.open(core.QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() != QtPdf.QPdfDocument.Status.Ready:
        raise PrinterError(code="printer_document_unreadable")
    return [document.render(page, size) for page in range(document.pageCount())]


class QtPrinter:
    tracks_titles = False

    def __init__(self, printer_name: str | None = None, *, name: str = "qt") -> None:
        _qt()  # fail at start-up if Qt's print support is not installed
        self.name = name
        self._printer_name = printer_name
        self._done = FinishedJobs()

    def _info(self) -> Any:
        _core, _gui, ps = _qt()
        if self._printer_name:
            return ps.QPrinterInfo.printerInfo(self._printer_name)
        return ps.QPrinterInfo.defaultPrinter()

    def submit(self, pdf: bytes, title: str) -> str:
        core, gui, ps = _qt()
        info = self._info()
        if info.isNull():
            raise PrinterError(code="printer_not_found")
        printer = ps.QPrinter(info, ps.QPrinter.PrinterMode.HighResolution)
        printer.setDocName(title)
        painter = gui.QPainter()
        if not painter.begin(printer):
            raise PrinterError(code="printer_start_failed")
        try:
            target = painter.viewport()
            for page, image in enumerate(_page_images(pdf, gui, core, target.size())):
                if page:
                    printer.newPage()
                painter.drawImage(target, image)
        finally:
            painter.end()
        job_id = uuid.uuid4().hex
        self._done.add(job_id)
        return job_id

    def job_state(self, job_id: str) -> JobState:
        return JobState.COMPLETED if job_id in self._done else JobState.UNKNOWN

    def find_job(self, title: str) -> str | None:
        return None

    def state(self) -> PrinterState:
        info = self._info()
        if info.isNull():
            return PrinterState(Status.OFFLINE, "no such system printer")
        _core, _gui, ps = _qt()
        if info.state() == ps.QPrint.DeviceState.Error:
            return PrinterState(Status.STOPPED, "printer reports an error")
        return PrinterState(Status.READY)
