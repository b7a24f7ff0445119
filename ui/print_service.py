"""Printing for the service flows: render, queue durably, and follow the job.

The durable queue (printing.queue) runs on its own worker thread — the printers' one
thread — while flows use :meth:`submit` through the host's background helper (rendering a
3-page report takes tens of milliseconds, too long for the GUI thread) and poll
:meth:`status` to tell the patient when to take the paper.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from pathlib import Path

from kiosk.settings_printing import PrintingSettings
from printing import fonts
from printing.factory import create_printer
from printing.printer import Printer, PrinterState
from printing.queue import Backoff, JobStatus, PrintQueue

logger = logging.getLogger(__name__)


class PrintService:
    def __init__(self, queue: PrintQueue, printers: Mapping[str, Printer]) -> None:
        self._queue = queue
        self._printers = dict(printers)
        self._thread: threading.Thread | None = None

    @classmethod
    def from_settings(cls, settings: PrintingSettings, data_dir: Path) -> PrintService:
        fonts.configure(settings.font)
        printers = {
            "a4": create_printer(settings.a4, name="a4"),
            "slip": create_printer(settings.slip, name="slip"),
        }
        queue = PrintQueue(
            settings.queue_db or data_dir / "print-queue.db",
            printers,
            backoff=Backoff(settings.retry_initial_s, settings.retry_max_s),
            reprint_limit=settings.reprint_limit,
            poll_interval_s=settings.poll_interval_s,
            failed_retention_s=settings.failed_retention_s,
        )
        return cls(queue, printers)

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._queue.run, name="print-queue", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._queue.stop()
            self._thread.join(timeout=10)
            self._thread = None

    def state(self, printer: str) -> PrinterState:
        """Blocking (asks the printer): call through the background helper."""
        return self._printers[printer].state()

    def submit(self, document: object, printer: str) -> str:
        """Render and store the job; the worker sends it. Blocking: background helper."""
        # Imported on the first print, not at start-up: reportlab and the document modules
        # were a fifth of the time to a ready home screen (docs/benchmarks.md).
        from printing.render import render

        pdf = render(document)
        return self._queue.enqueue(pdf, printer=printer, kind=type(document).__name__)

    def status(self, job_id: str) -> JobStatus:
        return self._queue.status(job_id)

    def close(self) -> None:
        self.stop()
        self._queue.close()
