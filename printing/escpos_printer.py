"""ESC/POS thermal receipt printers over network, serial or USB (python-escpos).

Slips are rendered by reportlab like every other document and sent as a raster image: the
layout, barcode and Chinese text then look exactly like the PDF, whatever code page or
font the printer has. Sending is synchronous, so a job is complete when ``submit`` returns.
"""

from __future__ import annotations

import logging
import socket
import uuid
from typing import Any

from kiosk.settings_printing import EscposPrinterSettings
from printing.printer import (
    FinishedJobs,
    JobState,
    PrinterConfigError,
    PrinterError,
    PrinterOffline,
    PrinterState,
    Status,
)
from printing.raster import pdf_to_image

logger = logging.getLogger(__name__)

_PAPER_OK, _PAPER_LOW, _PAPER_OUT = 2, 1, 0


class EscposPrinter:
    tracks_titles = False  # the device keeps no job list

    def __init__(self, settings: EscposPrinterSettings, *, name: str = "slip") -> None:
        self.name = name
        self._settings = settings
        self._done = FinishedJobs()
        try:
            from escpos import printer as escpos_printer  # noqa: F401
        except ImportError as exc:
            raise PrinterConfigError(code="printer_library_missing") from exc
        if settings.connection == "usb":
            try:
                import usb.core  # noqa: F401  (pyusb + libusb: checked now, not at first print)
            except ImportError as exc:
                raise PrinterConfigError(code="printer_usb_library_missing") from exc
        if settings.connection == "serial":
            try:
                import serial  # noqa: F401
            except ImportError as exc:
                raise PrinterConfigError(code="printer_serial_library_missing") from exc

    def _open(self) -> Any:
        from escpos import printer as ep

        s = self._settings
        if s.connection == "network":
            device = ep.Network(s.host, port=s.port, timeout=s.timeout_s)
            try:
                # Connect ourselves: python-escpos leaks its socket when connect fails.
                device.device = socket.create_connection((s.host, s.port), timeout=s.timeout_s)
            except OSError as exc:
                logger.warning("receipt printer unreachable (%s)", type(exc).__name__)
                raise PrinterOffline() from exc
            return device
        if s.connection == "serial":
            device = ep.Serial(s.device, baudrate=s.baudrate, timeout=s.timeout_s)
        else:
            device = ep.Usb(s.usb_vendor_id, s.usb_product_id, timeout=int(s.timeout_s * 1000))
        try:
            device.open()
        except Exception as exc:  # escpos raises its own DeviceNotFoundError and OSErrors
            logger.warning("receipt printer unreachable (%s)", type(exc).__name__)
            raise PrinterOffline() from exc
        return device

    def submit(self, pdf: bytes, title: str) -> str:
        image = pdf_to_image(pdf, self._settings.dots_per_line)
        device = self._open()
        try:
            device.image(image, impl="bitImageRaster", center=False)
            device.cut()
        except (TimeoutError, OSError) as exc:
            raise PrinterOffline(code="printer_send_failed") from exc
        finally:
            device.close()
        job_id = uuid.uuid4().hex
        self._done.add(job_id)
        logger.info("sent slip job %s to receipt printer", job_id)
        return job_id

    def job_state(self, job_id: str) -> JobState:
        return JobState.COMPLETED if job_id in self._done else JobState.UNKNOWN

    def find_job(self, title: str) -> str | None:
        return None

    def state(self) -> PrinterState:
        try:
            device = self._open()
        except PrinterOffline:
            return PrinterState(Status.OFFLINE, "receipt printer unreachable")
        try:
            if not self._settings.query_status:
                return PrinterState(Status.READY, "status not queried")
            try:
                paper = device.paper_status()
            except (TimeoutError, OSError, PrinterError):
                return PrinterState(Status.UNKNOWN, "no status reply")
            if paper == _PAPER_OUT:
                return PrinterState(Status.PAPER_OUT, "paper out")
            if paper == _PAPER_LOW:
                return PrinterState(Status.READY, "paper low")
            return PrinterState(Status.READY)
        finally:
            device.close()
