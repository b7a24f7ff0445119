"""A print-queue worker process for kill -9 tests.

    python -m tests.printing.queue_worker DB QUEUE [--pause-at POINT --marker FILE]

Runs the real PrintQueue against the real CUPS queue until no job is open. With --pause-at it
stops at that point (writing MARKER first) and waits to be killed:
  before-submit   job marked 'submitting', nothing sent yet
  after-submit    CUPS accepted the job, its id not yet recorded
  tracking        job id recorded, completion not yet seen
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

from printing.cups_printer import CupsPrinter
from printing.queue import Backoff, PrintQueue


class PausingPrinter:
    def __init__(self, inner: CupsPrinter, point: str | None, marker: Path | None) -> None:
        self._inner, self._point, self._marker = inner, point, marker
        self.name, self.tracks_titles = inner.name, inner.tracks_titles

    def _pause(self, point: str) -> None:
        if self._point == point:
            self._marker.write_text(point)
            threading.Event().wait()  # until SIGKILL

    def submit(self, pdf, title):
        self._pause("before-submit")
        job = self._inner.submit(pdf, title)
        self._pause("after-submit")
        return job

    def job_state(self, job_id):
        self._pause("tracking")
        return self._inner.job_state(job_id)

    def find_job(self, title):
        return self._inner.find_job(title)

    def state(self):
        return self._inner.state()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("queue")
    parser.add_argument("--pause-at")
    parser.add_argument("--marker", type=Path)
    args = parser.parse_args()
    printer = PausingPrinter(CupsPrinter(args.queue), args.pause_at, args.marker)
    queue = PrintQueue(args.db, {"a4": printer}, backoff=Backoff(0.1, 0.5), poll_interval_s=0.1)
    done = threading.Event()
    while queue.open_jobs():
        queue.process_due()
        done.wait(0.1)
    queue.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
