"""The durable queue against in-process printers: states, backoff, recovery, reprints."""

from __future__ import annotations

import sqlite3

import pytest

from kiosk.settings_printing import FolderPrinterSettings, PrintingSettings
from printing.factory import create_printer
from printing.folder_printer import FolderPrinter
from printing.printer import (
    JobState,
    PrinterConfigError,
    PrinterOffline,
    PrinterRejecting,
    PrinterState,
    Status,
)
from printing.queue import Backoff, PrintQueue, QueueState, ReprintLimitReached

PDF = b"%PDF-1.4 fake document for queue tests"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


class ScriptedPrinter:
    """An in-memory printer whose faults the test switches on and off."""

    name = "scripted"

    def __init__(self, tracks_titles: bool = True) -> None:
        self.tracks_titles = tracks_titles
        self.fault: Exception | None = None
        self.submitted: dict[str, str] = {}  # job id -> title
        self.states: dict[str, JobState] = {}

    def submit(self, pdf: bytes, title: str) -> str:
        if self.fault is not None:
            raise self.fault
        job_id = str(len(self.submitted) + 1)
        self.submitted[job_id] = title
        self.states[job_id] = JobState.PENDING
        return job_id

    def job_state(self, job_id: str) -> JobState:
        return self.states.get(job_id, JobState.UNKNOWN)

    def find_job(self, title: str) -> str | None:
        return next((j for j, t in self.submitted.items() if t == title), None)

    def state(self) -> PrinterState:
        return PrinterState(Status.READY)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def printer():
    return ScriptedPrinter()


@pytest.fixture
def queue(tmp_path, printer, clock):
    q = PrintQueue(tmp_path / "q.db", {"a4": printer}, backoff=Backoff(2, 16), clock=clock,
                   poll_interval_s=1, reprint_limit=2)
    yield q
    q.close()


def _document_of(tmp_path, job_id):
    with sqlite3.connect(tmp_path / "q.db") as db:
        return db.execute("SELECT document FROM jobs WHERE id = ?", (job_id,)).fetchone()[0]


def test_job_is_tracked_to_completion_and_its_document_deleted(queue, printer, tmp_path, clock):
    job = queue.enqueue(PDF, printer="a4", kind="lab-report")
    assert _document_of(tmp_path, job) == PDF
    queue.process_due()
    assert queue.status(job).state is QueueState.SUBMITTED
    assert queue.status(job).printer_state == "pending"
    (printer_job,) = printer.submitted
    assert printer.submitted[printer_job].startswith("kiosk-")  # opaque title
    printer.states[printer_job] = JobState.COMPLETED
    queue.process_due()
    assert queue.status(job).state is QueueState.SUBMITTED  # next poll not due yet
    clock.now += 1
    queue.process_due()
    assert queue.status(job).state is QueueState.COMPLETED
    assert _document_of(tmp_path, job) is None


def test_offline_printer_is_retried_with_backoff(queue, printer, clock):
    printer.fault = PrinterOffline()
    job = queue.enqueue(PDF, printer="a4", kind="receipt")
    queue.process_due()
    status = queue.status(job)
    assert status.state is QueueState.PENDING and status.attempts == 1
    assert status.error == "printer_offline"
    clock.now += 1  # not due yet (first delay is 2 s)
    queue.process_due()
    assert queue.status(job).attempts == 1
    clock.now += 2
    queue.process_due()
    assert queue.status(job).attempts == 2  # then 4 s
    printer.fault = None
    clock.now += 3
    queue.process_due()
    assert queue.status(job).attempts == 2
    clock.now += 2
    queue.process_due()
    assert queue.status(job).state is QueueState.SUBMITTED
    assert len(printer.submitted) == 1


def test_backoff_is_capped():
    backoff = Backoff(2, 16)
    assert [backoff.delay(n) for n in range(1, 7)] == [2, 4, 8, 16, 16, 16]


def test_rejecting_printer_keeps_the_job_with_a_clear_error(queue, printer, clock):
    printer.fault = PrinterRejecting()
    job = queue.enqueue(PDF, printer="a4", kind="receipt")
    queue.process_due()
    assert queue.status(job).state is QueueState.PENDING
    assert queue.status(job).error == "printer_rejecting"
    assert "not accepting" in PrinterRejecting().message.en


def test_submit_timeout_is_resolved_by_title_lookup(queue, printer, clock):
    # The request reached the printer but the reply was lost: must not be sent again.
    real_submit = printer.submit

    def submit_then_time_out(pdf, title):
        real_submit(pdf, title)
        raise PrinterOffline(code="printer_timeout")

    printer.submit = submit_then_time_out
    job = queue.enqueue(PDF, printer="a4", kind="lab-report")
    queue.process_due()
    assert queue.status(job).state is QueueState.SUBMITTING
    printer.submit = real_submit
    clock.now += 10
    queue.process_due()
    assert queue.status(job).state is QueueState.SUBMITTED
    assert len(printer.submitted) == 1


def _crash_while_submitting(tmp_path, job):
    with sqlite3.connect(tmp_path / "q.db") as db:
        db.execute("UPDATE jobs SET state = 'submitting' WHERE id = ?", (job,))


def test_recovery_sends_a_job_that_never_reached_the_printer(queue, printer, tmp_path):
    job = queue.enqueue(PDF, printer="a4", kind="lab-report")
    _crash_while_submitting(tmp_path, job)
    queue.process_due()
    assert queue.status(job).state is QueueState.SUBMITTED
    assert len(printer.submitted) == 1


def test_receipt_printer_job_interrupted_mid_send_waits_for_staff(tmp_path, clock):
    slip = ScriptedPrinter(tracks_titles=False)
    q = PrintQueue(tmp_path / "q.db", {"slip": slip}, clock=clock)
    job = q.enqueue(PDF, printer="slip", kind="receipt")
    _crash_while_submitting(tmp_path, job)
    q.process_due()
    assert q.status(job).state is QueueState.UNCERTAIN
    assert slip.submitted == {}
    q.close()


def test_job_lost_by_the_printer_becomes_uncertain(queue, printer, clock):
    job = queue.enqueue(PDF, printer="a4", kind="lab-report")
    queue.process_due()
    printer.states.clear()
    clock.now += 1
    queue.process_due()
    assert queue.status(job).state is QueueState.UNCERTAIN


def test_cancelled_job_fails_and_its_document_is_purged_later(queue, printer, clock, tmp_path):
    job = queue.enqueue(PDF, printer="a4", kind="lab-report")
    queue.process_due()
    printer.states["1"] = JobState.CANCELED
    clock.now += 1
    queue.process_due()
    assert queue.status(job).state is QueueState.FAILED
    assert _document_of(tmp_path, job) == PDF  # kept for a reprint for a while
    clock.now += 3601
    queue.process_due()
    assert _document_of(tmp_path, job) is None


def test_reprints_are_counted_and_limited(queue):
    first = queue.enqueue(PDF, printer="a4", kind="lab-report")
    assert queue.next_print_number(first) == 2
    second = queue.reprint(first, PDF)
    assert queue.status(second).print_number == 2
    assert queue.next_print_number(second) == 3  # counted against the first print
    third = queue.reprint(second, PDF)
    assert queue.status(third).print_number == 3
    with pytest.raises(ReprintLimitReached):
        queue.reprint(first, PDF)


def test_queue_database_is_private_and_durable(queue, tmp_path):
    assert (tmp_path / "q.db").stat().st_mode & 0o077 == 0
    with sqlite3.connect(tmp_path / "q.db") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_folder_printer_through_the_queue(tmp_path, clock):
    folder = FolderPrinter(tmp_path / "out")
    q = PrintQueue(tmp_path / "q.db", {"a4": folder}, clock=clock)
    job = q.enqueue(PDF, printer="a4", kind="lab-report")
    q.process_due()
    assert q.status(job).state is QueueState.COMPLETED
    (written,) = (tmp_path / "out").glob("*.pdf")
    assert written.read_bytes() == PDF and written.name.startswith("kiosk-")
    q.close()


def test_factory_builds_each_type(tmp_path, monkeypatch):
    settings = PrintingSettings.model_validate({
        "a4": {"type": "folder", "path": str(tmp_path / "a4")},
        "slip": {"type": "escpos", "connection": "network", "port": 9},
    })
    assert isinstance(create_printer(settings.a4, name="a4"), FolderPrinter)
    assert create_printer(settings.slip, name="slip").tracks_titles is False
    assert create_printer(PrintingSettings().a4, name="a4").tracks_titles is True
    qt = create_printer(PrintingSettings.model_validate({"a4": {"type": "qt"}}).a4, name="a4")
    assert qt.name == "a4"
    assert create_printer(FolderPrinterSettings(path=tmp_path / "x"), name="f").state().ready


def test_unknown_printer_type_is_rejected_at_start_up():
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="lpt"):
        PrintingSettings.model_validate({"a4": {"type": "lpt"}})
    with pytest.raises(ValidationError, match="colour"):
        PrintingSettings.model_validate({"a4": {"type": "cups", "queue": "A", "colour": 1}})


def test_missing_native_library_is_a_clear_start_up_error(monkeypatch):
    import printing.cups_printer as cups_printer

    monkeypatch.setattr(cups_printer, "cups", None)
    with pytest.raises(PrinterConfigError) as info:
        create_printer(PrintingSettings().a4, name="a4")
    assert info.value.code == "printer_library_missing"


def test_job_finished_elsewhere_since_the_pass_began_is_not_sent_again(queue, printer, tmp_path):
    # Another worker on the same database finishes the second job (and deletes its document)
    # while this pass is still sending the first: this pass must leave it alone.
    first = queue.enqueue(PDF, printer="a4", kind="lab-report")
    second = queue.enqueue(PDF, printer="a4", kind="lab-report")
    real_submit = printer.submit

    def submit_while_the_other_worker_finishes(pdf, title):
        with sqlite3.connect(tmp_path / "q.db") as db:
            db.execute("UPDATE jobs SET state = 'completed', document = NULL WHERE id = ?",
                       (second,))
        return real_submit(pdf, title)

    printer.submit = submit_while_the_other_worker_finishes
    queue.process_due()
    assert queue.status(first).state is QueueState.SUBMITTED
    assert queue.status(second).state is QueueState.COMPLETED
    assert len(printer.submitted) == 1


def test_job_whose_document_is_gone_fails_with_a_reason(queue, printer, tmp_path):
    job = queue.enqueue(PDF, printer="a4", kind="lab-report")
    with sqlite3.connect(tmp_path / "q.db") as db:
        db.execute("UPDATE jobs SET document = NULL WHERE id = ?", (job,))
    queue.process_due()
    status = queue.status(job)
    assert status.state is QueueState.FAILED and status.error == "document_missing"
    assert printer.submitted == {}
    assert job not in queue.open_jobs()


def _printed(queue, printer, clock) -> str:
    job = queue.enqueue(PDF, printer="a4", kind="lab-report")
    queue.process_due()
    printer.states[next(reversed(printer.submitted))] = JobState.COMPLETED
    clock.now += 1
    queue.process_due()
    assert queue.status(job).state is QueueState.COMPLETED
    return job


def test_finished_records_are_deleted_after_the_retention_and_open_jobs_never(tmp_path, printer, clock):
    q = PrintQueue(tmp_path / "q.db", {"a4": printer}, clock=clock, poll_interval_s=1,
                   record_retention_s=30 * 86400)
    old = _printed(q, printer, clock)
    clock.now += 20 * 86400
    recent = _printed(q, printer, clock)
    printer.fault = PrinterOffline()  # this one waits for the printer as long as it takes
    waiting = q.enqueue(PDF, printer="a4", kind="lab-report")
    clock.now += 11 * 86400
    q.process_due()
    with pytest.raises(KeyError):
        q.status(old)  # finished 31 days ago: gone
    assert q.status(recent).state is QueueState.COMPLETED  # 11 days: kept
    assert q.status(waiting).state is QueueState.PENDING
    q.close()
