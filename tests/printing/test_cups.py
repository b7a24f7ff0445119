"""Real jobs through the private CUPS scheduler into cups-pdf, with real faults."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from printing.cups_printer import CupsPrinter
from printing.printer import JobState, PrinterRejecting, Status
from printing.queue import Backoff, PrintQueue, QueueState
from printing.render import render_demo
from tests.printing.conftest import QUEUE, ROOT
from tests.printing.helpers import pdf_fonts, pdf_text, wait_until

pytestmark = pytest.mark.cups

MASKED_ID = "110101********451X"
FULL_ID = "11010119800307451X"


def _queue(tmp_path: Path, printer: CupsPrinter) -> PrintQueue:
    return PrintQueue(tmp_path / "q.db", {"a4": printer}, backoff=Backoff(0.1, 0.5),
                      poll_interval_s=0.1)


def _drain(queue: PrintQueue, job: str, timeout: float = 20) -> None:
    def done() -> bool:
        queue.process_due()
        return not queue.status(job).state.open

    wait_until(done, timeout=timeout, what="the queue to finish the job")


def _title(queue: PrintQueue, job: str) -> str:
    return f"kiosk-{job}"


def test_lab_report_prints_through_cups_pdf_with_masked_id(cups, tmp_path):
    printer = CupsPrinter(QUEUE)
    assert printer.state().status is Status.READY
    job = printer.submit(render_demo("lab-report"), "kiosk-render-check")
    wait_until(lambda: printer.job_state(job) is JobState.COMPLETED, what="job completion")
    (out,) = wait_until(lambda: cups.outputs("kiosk-render-check"), what="cups-pdf output")
    text = pdf_text(out)
    assert MASKED_ID in text and FULL_ID not in text
    # cups-pdf re-distills through Ghostscript, which drops the Chinese text layer (glyphs
    # still print, see docs/printing.md); the ASCII fields and the embedded font remain.
    assert "LR20261126000123" in text
    assert all(font["emb"] == "yes" for font in pdf_fonts(out))
    # PreserveJobFiles No: no document data (d* files) left in the spool after printing.
    spool = Path(os.environ["KIOSK_TEST_CUPS_DIR"]) / "spool"
    assert not [p for p in spool.iterdir() if p.name.startswith("d")]


def test_disabled_printer_holds_the_job_and_prints_it_once_when_enabled(cups, tmp_path):
    cups.run("cupsdisable", "-r", "paper jam", QUEUE)
    printer = CupsPrinter(QUEUE)
    state = printer.state()
    assert state.status is Status.STOPPED and "paper jam" in state.reason
    queue = _queue(tmp_path, printer)
    job = queue.enqueue(render_demo("receipt"), printer="a4", kind="receipt")
    queue.process_due()
    status = queue.status(job)
    assert status.state is QueueState.SUBMITTED and status.printer_state == "pending"
    cups.run("cupsenable", QUEUE)
    _drain(queue, job)
    assert queue.status(job).state is QueueState.COMPLETED
    assert len(wait_until(lambda: cups.outputs(_title(queue, job)), what="output")) == 1
    queue.close()


def test_rejecting_printer_is_a_clear_error_and_the_job_waits(cups, tmp_path):
    cups.run("cupsreject", QUEUE)
    printer = CupsPrinter(QUEUE)
    assert printer.state().status is Status.REJECTING
    with pytest.raises(PrinterRejecting) as info:
        printer.submit(render_demo("receipt"), "kiosk-rejected")
    assert info.value.message.zh == "打印机暂停接收打印任务。"
    queue = _queue(tmp_path, printer)
    job = queue.enqueue(render_demo("receipt"), printer="a4", kind="receipt")
    queue.process_due()
    assert queue.status(job).state is QueueState.PENDING
    assert queue.status(job).error == "printer_rejecting"
    cups.run("cupsaccept", QUEUE)
    _drain(queue, job)
    assert len(cups.outputs(_title(queue, job))) == 1
    queue.close()


def test_killed_scheduler_queues_the_job_and_prints_it_when_back(cups, tmp_path):
    cups.kill_scheduler()
    printer = CupsPrinter(QUEUE, timeout=3)
    assert printer.state().status is Status.OFFLINE
    queue = _queue(tmp_path, printer)
    job = queue.enqueue(render_demo("lab-report"), printer="a4", kind="lab-report")
    queue.process_due()
    assert queue.status(job).state is QueueState.PENDING
    assert queue.status(job).error == "printer_offline"
    cups.restart_scheduler()
    _drain(queue, job)
    assert queue.status(job).state is QueueState.COMPLETED
    assert len(cups.outputs(_title(queue, job))) == 1
    queue.close()


def _worker(db: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.printing.queue_worker", str(db), QUEUE,
                             *extra], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.mark.parametrize("point", ["before-submit", "after-submit", "tracking"])
def test_worker_killed_mid_job_prints_exactly_once_after_restart(cups, tmp_path, point):
    db = tmp_path / "q.db"
    producer = PrintQueue(db, {"a4": CupsPrinter(QUEUE)})
    job = producer.enqueue(render_demo("receipt"), printer="a4", kind="receipt")
    producer.close()
    marker = tmp_path / "paused"
    worker = _worker(db, "--pause-at", point, "--marker", str(marker))
    try:
        wait_until(marker.exists, timeout=30, what=f"the worker to reach {point}")
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    assert worker.returncode == -signal.SIGKILL
    restarted = _worker(db)
    assert restarted.wait(timeout=60) == 0
    check = PrintQueue(db, {"a4": CupsPrinter(QUEUE)})
    assert check.status(job).state is QueueState.COMPLETED
    check.close()
    title = f"kiosk-{job}"
    outputs = wait_until(lambda: cups.outputs(title), what="cups-pdf output")
    assert len(outputs) == 1, outputs
    jobs = cups.run("lpstat", "-W", "all", "-o", QUEUE)
    assert CupsPrinter(QUEUE).find_job(title) is not None
    assert jobs  # the job history is there to be consulted


def test_status_command_reports_the_configured_printer(cups, tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[printing]\na4 = {{type = "cups", queue = "{QUEUE}"}}\n'
                      f'slip = {{type = "folder", path = "{tmp_path / "slips"}"}}\n')
    done = subprocess.run([sys.executable, "-m", "printing", "status", "--config", str(config)],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "a4: ready" in done.stdout and "slip: ready" in done.stdout


def test_job_left_without_its_document_counts_as_not_submitted(cups):
    # A process killed between Create-Job and Send-Document leaves such a job behind.
    import cups as pycups

    connection = pycups.Connection(host=cups.server)
    orphan = connection.createJob(QUEUE, "kiosk-orphan", {})
    printer = CupsPrinter(QUEUE)
    assert printer.find_job("kiosk-orphan") is None
    assert printer.job_state(str(orphan)) is JobState.CANCELED
