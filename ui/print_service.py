"""Printing for the service flows: render, queue durably, and follow the job.

The durable queue (printing.queue) runs on its own worker thread — the printers' one
thread — while flows use :meth:`submit` through the host's background helper (rendering a
3-page report takes tens of milliseconds, too long for the GUI thread) and poll
:meth:`status` to tell the patient when to take the paper.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import threading
from collections.abc import Mapping
from pathlib import Path

from kiosk.errors import KioskError, Text
from kiosk.settings_printing import PrintingSettings
from printing import fonts
from printing.factory import create_printer
from printing.printer import Printer, PrinterState, Status
from printing.queue import DAY_S, Backoff, JobStatus, PrintQueue

logger = logging.getLogger(__name__)


NO_SPACE_REASON = "disk full: the print queue cannot store jobs"


class QueueFull(KioskError):
    """The data folder's disk is full: a job cannot be stored, so it is not taken."""

    code = "print_no_space"
    message = Text(zh="打印队列已满，本次无法打印。", en="The print queue is full; nothing can be printed now.")


class PrintService:
    def __init__(self, queue: PrintQueue, printers: Mapping[str, Printer], *,
                 spool: Path | None = None, min_free_bytes: int = 0) -> None:
        self._queue = queue
        self._printers = dict(printers)
        self._thread: threading.Thread | None = None
        self._spool = spool  # the folder the queue's database lives in
        self._min_free = min_free_bytes

    @property
    def printers(self) -> list[str]:
        return list(self._printers)

    @property
    def queue(self) -> PrintQueue:
        return self._queue

    @classmethod
    def from_settings(cls, settings: PrintingSettings, data_dir: Path,
                      min_free_bytes: int = 0) -> PrintService:
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
            record_retention_s=settings.record_retention_days * DAY_S,
        )
        spool = Path(settings.queue_db).parent if settings.queue_db else data_dir
        return cls(queue, printers, spool=spool, min_free_bytes=min_free_bytes)

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._queue.run, name="print-queue", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._queue.stop()
            self._thread.join(timeout=10)
            self._thread = None

    def disk_full(self) -> bool:
        if self._spool is None or not self._min_free:
            return False
        try:
            return shutil.disk_usage(self._spool).free < self._min_free
        except OSError:
            return False  # the printer check that follows will say what is wrong

    def state(self, printer: str) -> PrinterState:
        """Blocking (asks the printer): call through the background helper.

        A full disk makes every printer "rejecting": a job that cannot be stored would be
        lost, so flows are told before the patient pays, as for a printer out of paper."""
        if self.disk_full():
            return PrinterState(Status.REJECTING, NO_SPACE_REASON)
        return self._printers[printer].state()

    def backlog(self) -> dict[str, int]:
        """Open jobs per printer (stored, not yet printed)."""
        counts = dict.fromkeys(self._printers, 0)
        for printer in self._queue.open_printers():
            counts[printer] = counts.get(printer, 0) + 1
        return counts

    def submit(self, document: object, printer: str) -> str:
        """Render and store the job; the worker sends it. Blocking: background helper."""
        # Imported on the first print, not at start-up: reportlab and the document modules
        # were a fifth of the time to a ready home screen (docs/benchmarks.md).
        from printing.render import render

        pdf = render(document)
        try:
            return self._queue.enqueue(pdf, printer=printer, kind=type(document).__name__)
        except sqlite3.OperationalError as exc:
            if "full" not in str(exc).lower():
                raise
            logger.error("print job not stored: the disk is full")
            raise QueueFull() from None

    def submit_test_page(self, printer: str, *, terminal_id: str, printed_at: str) -> str:
        """Queue the maintenance test page for one printer. Blocking: background helper."""
        from printing.test_page import render_test_page

        pdf = render_test_page(terminal_id=terminal_id, printer=printer, printed_at=printed_at)
        return self._queue.enqueue(pdf, printer=printer, kind="TestPage")

    def paper_replaced(self) -> int:
        """Staff loaded paper: jobs waiting out their backoff are tried at once."""
        return self._queue.retry_now()

    def status(self, job_id: str) -> JobStatus:
        return self._queue.status(job_id)

    def close(self) -> None:
        self.stop()
        self._queue.close()
