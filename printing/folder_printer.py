"""A printer that writes each job as a PDF into a folder: for development and demos only.

Files are named by the job's opaque title; they are written to a ``.part`` file and renamed,
so a crash never leaves a half-written document under a final name.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from kiosk.private_files import private_dir
from printing.printer import JobState, PrinterError, PrinterState, Status

logger = logging.getLogger(__name__)

_SAFE = re.compile(r"[^A-Za-z0-9_.-]")


class FolderPrinter:
    tracks_titles = True

    def __init__(self, path: Path, *, name: str = "folder") -> None:
        self.name = name
        self._path = Path(path)
        private_dir(self._path)
        for stale in self._path.glob("*.part"):  # left by a crash mid-write
            stale.unlink(missing_ok=True)

    def _file(self, job_id: str) -> Path:
        return self._path / f"{_SAFE.sub('_', job_id)}.pdf"

    def submit(self, pdf: bytes, title: str) -> str:
        job_id = _SAFE.sub("_", title)
        target = self._file(job_id)
        part = target.with_suffix(".part")
        try:
            # 0600: a printed document is a patient's report.
            fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with open(fd, "wb") as fh:
                fh.write(pdf)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(part, target)
        except OSError as exc:
            part.unlink(missing_ok=True)
            raise PrinterError(code="printer_folder_unwritable") from exc
        logger.info("folder printer wrote job %s", job_id)
        return job_id

    def job_state(self, job_id: str) -> JobState:
        return JobState.COMPLETED if self._file(job_id).exists() else JobState.UNKNOWN

    def find_job(self, title: str) -> str | None:
        job_id = _SAFE.sub("_", title)
        return job_id if self._file(job_id).exists() else None

    def state(self) -> PrinterState:
        if self._path.is_dir() and os.access(self._path, os.W_OK):
            return PrinterState(Status.READY)
        return PrinterState(Status.OFFLINE, "folder not writable")
