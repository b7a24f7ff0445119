"""Printing through a CUPS scheduler with pycups (IPP in-process).

Why pycups rather than ``lp``/``lpstat`` subprocesses: job ids, job states and printer-state
reasons come back as typed IPP attributes instead of localised text to parse, and the
document goes over IPP from memory (a memfd), so no temporary file with a patient's report
is ever written. pycups has no timeouts of its own, so every call runs on a short-lived
helper thread with a deadline; a scheduler that hangs makes the call fail, not the kiosk.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from printing.printer import (
    JobState,
    PrinterConfigError,
    PrinterError,
    PrinterOffline,
    PrinterRejecting,
    PrinterState,
    Status,
)

logger = logging.getLogger(__name__)

T = TypeVar("T")

try:
    import cups
except ImportError:  # pragma: no cover - depends on the platform
    cups = None

# RFC 8011 job-state values.
_JOB_STATES = {3: JobState.PENDING, 4: JobState.HELD, 5: JobState.PROCESSING,
               6: JobState.STOPPED, 7: JobState.CANCELED, 8: JobState.ABORTED,
               9: JobState.COMPLETED}
_IPP_NOT_FOUND = 0x0406
_IPP_NOT_ACCEPTING = 0x0506
_PRINTER_STOPPED = 5
_PAPER_OUT_REASONS = ("media-empty", "media-needed", "media-jam")
_OFFLINE_REASONS = ("offline-report", "connecting-to-device", "timed-out")
_TONER_EMPTY = ("toner-empty", "marker-supply-empty")
_TONER_LOW = ("toner-low", "marker-supply-low")


def toner_of(reasons: list[str], levels: list[int] | None) -> str:
    """The toner level from the state reasons, else from marker-levels (percent, -1 unknown)."""
    if any(r.startswith(_TONER_EMPTY) for r in reasons):
        return "empty"
    if any(r.startswith(_TONER_LOW) for r in reasons):
        return "low"
    known = [int(v) for v in levels or [] if int(v) >= 0]
    if not known:
        return "unknown"
    return "empty" if min(known) == 0 else "low" if min(known) < 10 else "ok"


class CupsPrinter:
    """A CUPS queue. `server` is a host, ``host:port`` or socket path; None uses CUPS_SERVER."""

    tracks_titles = True

    def __init__(self, queue: str, *, server: str | None = None, timeout: float = 10.0,
                 options: dict[str, str] | None = None, name: str | None = None) -> None:
        if cups is None:
            raise PrinterConfigError(code="printer_library_missing")
        self.name = name or queue
        self._queue = queue
        self._server = server or os.environ.get("CUPS_SERVER") or None
        self._timeout = timeout
        self._options = dict(options or {})

    # -- plumbing -----------------------------------------------------------------------

    def _connect(self) -> Any:
        # A fresh connection per operation: cheap on a local socket, and nothing stale
        # survives a scheduler restart.
        if self._server is None:
            return cups.Connection()
        host, port = self._server, 631
        if not host.startswith("/") and ":" in host:
            host, _, port_text = host.rpartition(":")
            port = int(port_text)
        return cups.Connection(host=host, port=port)

    def _call(self, what: str, fn: Callable[[Any], T]) -> T:
        box: dict[str, Any] = {}
        done = threading.Event()

        def run() -> None:
            try:
                box["value"] = fn(self._connect())
            except BaseException as exc:  # handed to the caller's thread below
                box["error"] = exc
            finally:
                done.set()

        threading.Thread(target=run, name=f"cups-{what}", daemon=True).start()
        if not done.wait(self._timeout):
            logger.warning("CUPS %s timed out after %.0f s", what, self._timeout)
            raise PrinterOffline(code="printer_timeout")
        if "error" in box:
            raise self._translate(what, box["error"]) from box["error"]
        return box["value"]

    def _translate(self, what: str, exc: BaseException) -> BaseException:
        if isinstance(exc, cups.IPPError):
            status = exc.args[0] if exc.args else 0
            text = str(exc.args[1]) if len(exc.args) > 1 else ""
            logger.warning("CUPS %s failed: IPP status 0x%04x", what, status)
            # libcups sometimes reports a refused Create-Job as a generic error with the
            # scheduler's text, so the text is checked too.
            if status == _IPP_NOT_ACCEPTING or "not accepting" in text.lower():
                return PrinterRejecting()
            if status == _IPP_NOT_FOUND:
                return PrinterError(code="printer_queue_missing")
            return PrinterError()
        if isinstance(exc, (RuntimeError, OSError, cups.HTTPError)):
            # pycups reports "failed to connect to server" as RuntimeError.
            logger.warning("CUPS %s failed: scheduler unreachable (%s)", what, type(exc).__name__)
            return PrinterOffline()
        return exc

    def server_file(self, resource: str) -> str:
        """A file the scheduler serves, e.g. ``/admin/conf/cupsd.conf`` (as ``cupsctl``
        reads it). Received into a memfd, so nothing is written to disk."""

        def fetch(connection: Any) -> str:
            fd = os.memfd_create("cups-file", 0)
            try:
                connection.getFile(resource, fd=fd)
                os.lseek(fd, 0, os.SEEK_SET)
                chunks = []
                while chunk := os.read(fd, 65536):
                    chunks.append(chunk)
                return b"".join(chunks).decode("utf-8", "replace")
            finally:
                os.close(fd)

        return self._call("get-file", fetch)

    # -- Printer ------------------------------------------------------------------------

    def submit(self, pdf: bytes, title: str) -> str:
        fd = os.memfd_create("print", 0) if hasattr(os, "memfd_create") else None
        if fd is None:  # pragma: no cover - non-Linux CUPS hosts
            raise PrinterConfigError(code="printer_memfd_missing")
        try:
            os.write(fd, pdf)
            path = f"/proc/self/fd/{fd}"
            options = {"document-format": "application/pdf", **self._options}
            job = self._call("submit", lambda c: c.printFile(self._queue, path, title, options))
        finally:
            os.close(fd)
        logger.info("submitted CUPS job %s to %s", job, self._queue)
        return str(job)

    def job_state(self, job_id: str) -> JobState:
        try:
            attrs = self._call("job-state", lambda c: c.getJobAttributes(
                int(job_id), requested_attributes=["job-state"]))
        except PrinterError as exc:
            if exc.code == "printer_queue_missing":  # IPP not-found: the job is gone
                return JobState.UNKNOWN
            raise
        return _JOB_STATES.get(int(attrs.get("job-state", 0)), JobState.UNKNOWN)

    def find_job(self, title: str) -> str | None:
        """The job with this title, if CUPS has it with its document.

        Submitting is two IPP requests (Create-Job, then Send-Document). A process killed
        between them leaves a job with no document that CUPS would abort only after
        MultipleOperationTimeout; such a job is cancelled here and reported as not found, so
        the queue sends the document again.
        """
        jobs = self._call("find-job", lambda c: c.getJobs(
            which_jobs="all", my_jobs=False, requested_attributes=[
                "job-id", "job-name", "job-state", "job-state-reasons",
                "document-format-supplied"]))
        if jobs and all("job-name" not in attrs for attrs in jobs.values()):
            logger.warning("CUPS hides job names (JobPrivateValues): cannot find jobs by title")
        matches = sorted(job_id for job_id, attrs in jobs.items()
                         if attrs.get("job-name") == title)
        for job_id in matches:
            attrs = jobs[job_id]
            if "document-format-supplied" in attrs:
                return str(job_id)
            # Never received its document: not a submission. Cancel it if still waiting.
            if attrs.get("job-state") in (3, 4):
                logger.warning("cancelling CUPS job %s left without its document", job_id)
                self._call("cancel", lambda c, j=job_id: c.cancelJob(j))
        return None

    def state(self) -> PrinterState:
        try:
            attrs = self._call("state", lambda c: c.getPrinterAttributes(
                self._queue, requested_attributes=[
                    "printer-state", "printer-state-reasons", "printer-state-message",
                    "printer-is-accepting-jobs", "marker-levels"]))
        except PrinterOffline:
            return PrinterState(Status.OFFLINE, "scheduler unreachable")
        except PrinterError as exc:
            return PrinterState(Status.UNKNOWN, exc.code)
        reasons = [r for r in attrs.get("printer-state-reasons", []) if r != "none"]
        message = attrs.get("printer-state-message", "") or ", ".join(reasons)
        levels = attrs.get("marker-levels")
        toner = toner_of(reasons, levels if isinstance(levels, list) else None)
        if not attrs.get("printer-is-accepting-jobs", True):
            return PrinterState(Status.REJECTING, message or "not accepting jobs", toner)
        if any(r.startswith(_PAPER_OUT_REASONS) for r in reasons):
            return PrinterState(Status.PAPER_OUT, message, toner)
        if attrs.get("printer-state") == _PRINTER_STOPPED:
            return PrinterState(Status.STOPPED, message or "stopped", toner)
        if any(r.startswith(_OFFLINE_REASONS) for r in reasons):
            return PrinterState(Status.OFFLINE, message, toner)
        return PrinterState(Status.READY, message, toner)
