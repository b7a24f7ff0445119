"""The durable print queue: nothing lost, nothing printed twice, across a kill -9.

A job's life, each step a committed SQLite transaction (``synchronous=FULL``)::

    pending --mark--> submitting --printer.submit--> submitted --poll--> completed
                          |                              |
                          '-- crash: look the opaque  --'--> failed / uncertain
                              title up in the printer

The document is stored with the job before anything is sent. Just before sending, the job is
marked ``submitting`` under a unique opaque title (``kiosk-<uuid>``). If the process dies
between that mark and recording the printer's job id, recovery asks the printer for a job
with that title: found means it was submitted (record the id), not found means it was not
(send it now). Printers that keep no job list (receipt printers) cannot answer, so such a
job becomes ``uncertain`` and waits for staff rather than risk a second slip.

Transient printer faults (scheduler down, printer unreachable, queue rejecting) leave the job
waiting with exponential backoff. Documents are deleted from the database once printed.
Reprints are new jobs linked to the first print, counted, and limited.
"""

from __future__ import annotations

import enum
import logging
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import KioskError, Text
from kiosk.store import connect
from printing.printer import JobState, Printer, PrinterError, PrinterOffline

logger = logging.getLogger(__name__)

HOUR_S, DAY_S = 3600, 86400

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL UNIQUE,
    printer TEXT NOT NULL,
    kind TEXT NOT NULL,
    document BLOB,
    state TEXT NOT NULL,
    printer_job_id TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,
    error TEXT NOT NULL DEFAULT '',
    original_id TEXT,
    print_number INTEGER NOT NULL DEFAULT 1,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    finished_at REAL
);
CREATE INDEX IF NOT EXISTS jobs_due ON jobs (state, next_attempt_at);
CREATE INDEX IF NOT EXISTS jobs_original ON jobs (original_id);
"""


class QueueState(enum.StrEnum):
    PENDING = "pending"
    SUBMITTING = "submitting"
    SUBMITTED = "submitted"
    COMPLETED = "completed"
    FAILED = "failed"  # the printer cancelled or aborted it
    UNCERTAIN = "uncertain"  # may or may not have printed: staff decide (explicit reprint)

    @property
    def open(self) -> bool:
        return self in (QueueState.PENDING, QueueState.SUBMITTING, QueueState.SUBMITTED)


@dataclass(frozen=True)
class JobStatus:
    """What the UI shows about a job. Carries no document and no personal data."""

    id: str
    kind: str
    printer: str
    state: QueueState
    printer_state: str  # the printer's view of a submitted job, e.g. "pending" while stopped
    attempts: int
    error: str
    print_number: int


class ReprintLimitReached(KioskError):
    code = "reprint_limit"
    message = Text(zh="该报告的补打次数已用完。", en="This document has been reprinted too often.")


class UnknownPrinter(KioskError):
    code = "printer_unknown"


@dataclass(frozen=True)
class Backoff:
    initial_s: float = 2.0
    max_s: float = 60.0

    def delay(self, attempts: int) -> float:
        return min(self.max_s, self.initial_s * 2 ** max(0, attempts - 1))


class PrintQueue:
    """A queue over several named printers (``"a4"``, ``"slip"``), one worker per database.

    ``process_due`` does one pass and is what tests call; ``run`` loops it on the thread it is
    called from until ``stop`` is called.
    """

    def __init__(self, db_path: Path, printers: Mapping[str, Printer], *,
                 backoff: Backoff | None = None, reprint_limit: int = 2,
                 poll_interval_s: float = 1.0, failed_retention_s: float = 3600,
                 record_retention_s: float = 30 * DAY_S,
                 clock: Callable[[], float] = time.time) -> None:
        self._printers = dict(printers)
        self._backoff = backoff or Backoff()
        self._reprint_limit = reprint_limit
        self._poll_interval = poll_interval_s
        self._failed_retention = failed_retention_s
        self._record_retention = record_retention_s
        self._records_purged_at: float | None = None
        self._clock = clock
        self._stop = threading.Event()
        self._lock = threading.Lock()  # one connection, used from the UI and worker threads
        self._db = connect(Path(db_path))  # 0600, WAL, durable commits, a small page cache
        self._db.execute("PRAGMA secure_delete=ON")  # deleted documents are overwritten
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- producer side (UI flows) -------------------------------------------------------

    def enqueue(self, document: bytes, *, printer: str, kind: str,
                original_id: str | None = None, print_number: int = 1) -> str:
        """Store a rendered document durably; returns the job id to follow it with."""
        if printer not in self._printers:
            raise UnknownPrinter()
        job_id = uuid.uuid4().hex
        now = self._clock()
        with self._lock:
            self._db.execute(
                "INSERT INTO jobs (id, title, printer, kind, document, state, next_attempt_at,"
                " original_id, print_number, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)",
                (job_id, f"kiosk-{job_id}", printer, kind, document, now, original_id,
                 print_number, now, now),
            )
        logger.info("queued %s job %s on %s", kind, job_id, printer)
        return job_id

    def next_print_number(self, job_id: str) -> int:
        """The print count to render on a reprint of `job_id` (1 = first print)."""
        original = self._original(job_id)
        with self._lock:
            (count,) = self._db.execute(
                "SELECT COUNT(*) FROM jobs WHERE id = ? OR original_id = ?", (original, original)
            ).fetchone()
        return int(count) + 1

    def reprint(self, job_id: str, document: bytes) -> str:
        """Queue an explicit reprint of `job_id`, rendered by the caller with
        ``print_count=next_print_number(job_id)``; raises :class:`ReprintLimitReached`."""
        original = self._original(job_id)
        number = self.next_print_number(original)
        if number - 1 > self._reprint_limit:
            raise ReprintLimitReached()
        with self._lock:
            row = self._db.execute("SELECT printer, kind FROM jobs WHERE id = ?",
                                   (original,)).fetchone()
        logger.info("reprint %d of job %s", number - 1, original)
        return self.enqueue(document, printer=row[0], kind=row[1], original_id=original,
                            print_number=number)

    def _original(self, job_id: str) -> str:
        with self._lock:
            row = self._db.execute("SELECT COALESCE(original_id, id) FROM jobs WHERE id = ?",
                                   (job_id,)).fetchone()
        if row is None:
            raise KeyError(job_id)
        return str(row[0])

    def status(self, job_id: str) -> JobStatus:
        with self._lock:
            row = self._db.execute(
                "SELECT id, kind, printer, state, attempts, error, print_number, printer_job_id"
                " FROM jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None:
            raise KeyError(job_id)
        printer_state = ""
        if row[3] == QueueState.SUBMITTED and row[7]:
            printer_state = self._error_or_state(row[2], row[7])
        return JobStatus(row[0], row[1], row[2], QueueState(row[3]), printer_state, row[4],
                         row[5], row[6])

    def _error_or_state(self, printer: str, printer_job_id: str) -> str:
        try:
            return self._printers[printer].job_state(printer_job_id).value
        except PrinterError as exc:
            return exc.code

    def open_jobs(self) -> list[str]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id FROM jobs WHERE state IN ('pending', 'submitting', 'submitted')"
                " ORDER BY created_at").fetchall()
        return [r[0] for r in rows]

    def open_printers(self) -> list[str]:
        """The printer of each open job (a backlog count per printer, no documents)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT printer FROM jobs WHERE state IN ('pending', 'submitting', 'submitted')"
            ).fetchall()
        return [r[0] for r in rows]

    def retry_now(self) -> int:
        """Make every waiting job due at once (staff replaced the paper): returns how many."""
        with self._lock:
            cursor = self._db.execute(
                "UPDATE jobs SET next_attempt_at = ? WHERE state IN ('pending', 'submitting',"
                " 'submitted') AND next_attempt_at > ?", (self._clock(), self._clock()))
        return cursor.rowcount

    # -- worker side --------------------------------------------------------------------

    def run(self) -> None:
        while not self._stop.is_set():
            self.process_due()
            self._stop.wait(self._poll_interval)

    def stop(self) -> None:
        self._stop.set()

    def process_due(self) -> None:
        """One pass over every open job whose next attempt is due."""
        now = self._clock()
        with self._lock:
            rows = self._db.execute(
                "SELECT id, state FROM jobs WHERE state IN ('pending', 'submitting', 'submitted')"
                " AND next_attempt_at <= ? ORDER BY created_at", (now,)).fetchall()
        for job_id, state in rows:
            try:
                if state == QueueState.SUBMITTING:
                    self._recover(job_id)
                elif state == QueueState.PENDING:
                    self._submit(job_id)
                else:
                    self._track(job_id)
            except PrinterError as exc:
                self._retry_later(job_id, exc.code)
        self._purge_failed_documents(now)
        self._purge_old_records(now)

    def _row(self, job_id: str) -> sqlite3.Row | tuple:
        with self._lock:
            return self._db.execute(
                "SELECT title, printer, document, printer_job_id, attempts FROM jobs"
                " WHERE id = ?", (job_id,)).fetchone()

    def _update(self, job_id: str, sql: str, *args: object) -> None:
        with self._lock:
            self._db.execute(f"UPDATE jobs SET {sql}, updated_at = ? WHERE id = ?",
                             (*args, self._clock(), job_id))

    def _submit(self, job_id: str) -> None:
        # Claimed only if still pending, committed before sending: from here on a crash is
        # resolved by looking up the title. A job another worker took or finished since this
        # pass read it is left alone, never sent twice.
        if not self._claim(job_id):
            return
        title, printer_name, document, _pjid, _attempts = self._row(job_id)
        if document is None:
            # Its document is gone (deleted after printing, or by hand): nothing to send.
            logger.warning("job %s has no document left to send; marked failed", job_id)
            self._update(job_id, "state = 'failed', error = 'document_missing', finished_at = ?",
                         self._clock())
            return
        printer = self._printers[printer_name]
        try:
            printer_job_id = printer.submit(document, title)
        except PrinterOffline as exc:
            if exc.code != "printer_timeout":
                # Unreachable, so nothing was sent: safe to send again later.
                self._update(job_id, "state = 'pending'")
            # On a timeout the request may have arrived: stay 'submitting' so the next
            # attempt looks the title up first.
            raise
        except PrinterError as exc:
            # The printer answered and refused (rejecting, no such queue): nothing was queued.
            self._update(job_id, "state = 'pending'")
            self._retry_later(job_id, exc.code)
            return
        self._update(job_id, "state = 'submitted', printer_job_id = ?, error = ''",
                     printer_job_id)
        self._track(job_id)

    def _claim(self, job_id: str) -> bool:
        with self._lock:
            cursor = self._db.execute(
                "UPDATE jobs SET state = 'submitting', updated_at = ? WHERE id = ?"
                " AND state = 'pending'", (self._clock(), job_id))
        return cursor.rowcount == 1

    def _recover(self, job_id: str) -> None:
        title, printer_name, _doc, _pjid, _attempts = self._row(job_id)
        printer = self._printers[printer_name]
        if not printer.tracks_titles:
            logger.warning("job %s may or may not have printed; waiting for staff", job_id)
            self._update(job_id, "state = 'uncertain', error = 'interrupted_while_sending',"
                         " finished_at = ?", self._clock())
            return
        found = printer.find_job(title)  # PrinterOffline propagates: ask again later
        if found is None:
            logger.info("job %s was not submitted before the interruption; sending", job_id)
            self._update(job_id, "state = 'pending'")
            self._submit(job_id)
        else:
            logger.info("job %s was submitted before the interruption (printer job %s)",
                        job_id, found)
            self._update(job_id, "state = 'submitted', printer_job_id = ?", found)
            self._track(job_id)

    def _track(self, job_id: str) -> None:
        _title, printer_name, _doc, printer_job_id, _attempts = self._row(job_id)
        state = self._printers[printer_name].job_state(printer_job_id)
        if state is JobState.COMPLETED:
            # The document is no longer needed: delete it (privacy), keep the record.
            self._update(job_id, "state = 'completed', document = NULL, error = '',"
                         " finished_at = ?", self._clock())
            logger.info("job %s completed", job_id)
        elif state in (JobState.CANCELED, JobState.ABORTED):
            self._update(job_id, "state = 'failed', error = ?, finished_at = ?",
                         f"printer_{state.value}", self._clock())
            logger.warning("job %s %s by the printer", job_id, state.value)
        elif state is JobState.UNKNOWN:
            # The printer forgot the job (history lost): it may or may not have printed.
            self._update(job_id, "state = 'uncertain', error = 'printer_lost_job',"
                         " finished_at = ?", self._clock())
            logger.warning("job %s is unknown to the printer", job_id)
        else:
            self._update(job_id, "next_attempt_at = ?", self._clock() + self._poll_interval)

    def _retry_later(self, job_id: str, reason: str) -> None:
        with self._lock:
            (attempts,) = self._db.execute("SELECT attempts FROM jobs WHERE id = ?",
                                           (job_id,)).fetchone()
        delay = self._backoff.delay(attempts + 1)
        self._update(job_id, "attempts = attempts + 1, error = ?, next_attempt_at = ?",
                     reason, self._clock() + delay)
        logger.info("job %s waits %.1f s (%s)", job_id, delay, reason)

    def _purge_old_records(self, now: float) -> None:
        """A finished job's record (no document by then) is kept for reprint counts and staff
        questions, then deleted: the queue file stays the size of a month, not of every print
        the kiosk ever made. Records age by days: once an hour is often enough."""
        if self._records_purged_at is not None and now - self._records_purged_at < HOUR_S:
            return
        self._records_purged_at = now
        with self._lock:
            gone = self._db.execute(
                "DELETE FROM jobs WHERE state IN ('failed', 'uncertain', 'completed')"
                " AND finished_at < ?", (now - self._record_retention,)).rowcount
        if gone:
            logger.info("print queue: %d finished job record(s) past the retention deleted", gone)

    def _purge_failed_documents(self, now: float) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE jobs SET document = NULL WHERE document IS NOT NULL"
                " AND state IN ('failed', 'uncertain', 'completed') AND finished_at < ?",
                (now - self._failed_retention,))
