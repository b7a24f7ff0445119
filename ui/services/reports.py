"""Reports: the patient's lab and imaging reports → one report's results → print on A4.

A print is counted at the gateway *before* the paper is sent (see kiosk.usecases.reports):
hospitals limit self-service prints, and a reprint needs staff. The A4 printer is asked
first, so a patient is not charged their one print on a printer that is out of paper.
Reading a report is a use of the health card and is reported (scene 0101081 lab /
0101082 imaging).
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from kiosk.errors import KioskError, Text
from kiosk.models import Patient
from kiosk.usecases.reports import ReportsAPI, is_ready, listed, printable, prints_left, scene_of
from printing.printer import Status
from ui.language import TButton
from ui.screens.generic import Choice, ChoiceScreen, SummaryScreen
from ui.services import reports_text as T
from ui.services.host import Lease, ServiceHost
from ui.services.report_view import (
    ReportDetailScreen,
    ReportPrintScreen,
    document_for,
    fmt,
    title_of,
    when_text,
)

logger = logging.getLogger(__name__)

A4 = "a4"
# A printer in one of these states would swallow the patient's only print.
_CANNOT_PRINT = (Status.PAPER_OUT, Status.STOPPED, Status.OFFLINE, Status.REJECTING)


class ReportsFlow:
    key = "reports"

    def __init__(self, host: ServiceHost, patient: Patient) -> None:
        self._host = host
        self._patient = patient
        self._api = ReportsAPI(host.context.client, host.context.intents)
        self._flow_id = str(uuid.uuid4())
        self._presses = 0
        self._reported: set[str] = set()
        self.list_screen: ChoiceScreen | None = None
        self.detail_screen: ReportDetailScreen | None = None
        self.result_screen: ReportPrintScreen | None = None
        self._print_hold: Lease | None = None

    # --- the list --------------------------------------------------------------------------

    def start(self) -> None:
        visit = self._host.session.visit
        self._host.run(lambda: self._api.reports(visit), T.BUSY_LIST, self._show_list)

    def _show_list(self, reports: list[dict[str, Any]]) -> None:
        # What can be printed now comes first and is the only thing pressable; a pending
        # report's line says when to come back, a printed one's where reprints are made.
        choices = [Choice(title_of(r), r, self._status_line(r), enabled=printable(r)) for r in listed(reports)]
        screen = ChoiceScreen(
            T.TITLE, choices, self._host.language, empty=T.NONE, columns=1, steps=T.STEPS, step=0
        )
        screen.back.connect(self._host.patient_home)
        screen.chosen.connect(self._on_report)
        self._host.push(screen)
        self.list_screen = screen

    def _status_line(self, report: dict[str, Any]) -> Text:
        if not is_ready(report):
            expected = report.get("expected_at")
            return fmt(T.PENDING_AT, when=when_text(self._host.context.clock, expected)) if expected else T.PENDING
        if prints_left(report) == 0:
            return T.PRINTED_ALL
        return fmt(T.READY_AT, when=when_text(self._host.context.clock, report.get("reported_at")))

    def _other_reports(self) -> None:
        """From the print result: the list again, fresh (print counts have changed)."""
        visit = self._host.session.visit
        self._host.run(lambda: self._api.reports(visit), T.BUSY_LIST, self._replace_list)

    def _replace_list(self, reports: list[dict[str, Any]]) -> None:
        if self.list_screen is not None:
            self._host.pop_to(self.list_screen)
            self._host.pop()
        self._show_list(reports)

    # --- one report ------------------------------------------------------------------------

    def _on_report(self, report: dict[str, Any]) -> None:
        if not is_ready(report):
            self._show_not_ready(report)
            return
        visit = self._host.session.visit
        report_id = report["report_id"]
        self._host.run(lambda: self._api.detail(visit, report_id), T.BUSY_DETAIL, self._show_detail)

    def _show_not_ready(self, report: dict[str, Any]) -> None:
        rows = [(T.LBL_REPORT, title_of(report)), (T.LBL_ORDERED, when_text(self._host.context.clock, report.get("ordered_at")))]
        if report.get("expected_at"):
            rows.append((T.LBL_EXPECTED, when_text(self._host.context.clock, report["expected_at"])))
        screen = SummaryScreen(T.NOT_READY_TITLE, rows, None, self._host.language, note=T.NOT_READY_NOTE)
        screen.back.connect(self._host.pop)
        self._host.push(screen)

    def _show_detail(self, report: dict[str, Any]) -> None:
        self._report_use(report)
        screen = ReportDetailScreen(report, self._host.language, self._host.context.clock)
        screen.back.connect(self._host.pop)
        if self._host.context.printer is None:
            screen.add_text(T.NO_REPORT_PRINTER, "nextStep")
        elif prints_left(report) == 0:
            screen.add_text(T.PRINT_LIMIT, "nextStep")
        else:
            button = screen.add_action(T.PRINT, in_nav=True)
            button.clicked.connect(lambda: self._on_print(report))
        self._host.push(screen)
        self.detail_screen = screen

    def _report_use(self, report: dict[str, Any]) -> None:
        # Once per report per visit to this service: opening it again is the same use.
        if report["report_id"] in self._reported:
            return
        self._reported.add(report["report_id"])
        self._host.context.report_usage(self._patient.health_card_id, scene_of(report))

    # --- printing --------------------------------------------------------------------------

    def _on_print(self, report: dict[str, Any]) -> None:
        service = self._host.context.printer
        visit = self._host.session.visit
        # Each press is its own intent: a second press is a second print, which the
        # gateway's limit decides; retries of one press reuse its key.
        self._presses += 1
        intent = f"{self._flow_id}:{self._presses}"
        host, patient = self._host, self._patient

        def work() -> tuple[dict[str, Any], object]:
            state = service.state(A4)
            if state.status in _CANNOT_PRINT:
                logger.warning("report printer not ready: %s", state.status.value)
                raise KioskError(T.PRINTER_DOWN, T.PRINTER_DOWN_NEXT, code="report_printer_down")
            record = self._api.record_print(visit, intent, report["report_id"])
            return record, document_for(host, patient, report, int(record.get("print_count", 1)))

        self._print_hold = self._host.hold()  # counting and sending the print must not be cut off
        self._host.run(work, T.BUSY_PRINT, lambda done: self._printed(report, *done), self._print_failed)

    def _printed(self, report: dict[str, Any], record: dict[str, Any], document: object) -> None:
        self._end_print_hold()
        count = Text(
            T.PRINT_NO.zh.format(n=record.get("print_count", 1), limit=record.get("print_limit", 1)),
            T.PRINT_NO.en.format(n=record.get("print_count", 1), limit=record.get("print_limit", 1)),
        )
        rows = [(T.LBL_REPORT, title_of(report)), (T.LBL_PRINT_NO, count)]
        screen = ReportPrintScreen(self._host, T.PRINT_DONE_TITLE, rows, steps=T.STEPS, step=2)
        other = TButton(T.OTHER_REPORTS, self._host.language)
        other.clicked.connect(self._other_reports)
        screen.nav.extra.insertWidget(0, other)
        screen.nav.extra.insertSpacing(1, 24)
        self._host.push(screen)
        self.result_screen = screen
        # The print is counted: from here the durable print queue owns the paper, even if
        # the patient walks away before it comes out.
        screen.print_document(document, A4)

    def _end_print_hold(self) -> None:
        hold, self._print_hold = self._print_hold, None
        if hold is not None:
            hold.release()

    def _print_failed(self, exc: BaseException) -> None:
        self._end_print_hold()
        if isinstance(exc, KioskError) and exc.code == "print_limit_reached":
            self._host.notice((T.PRINT_LIMIT_TITLE, T.PRINT_LIMIT))
        else:
            self._host.notice(exc)

    # --- leaving ---------------------------------------------------------------------------

    def abandon(self) -> None:
        pass  # nothing is held at the gateway; a counted print is already queued durably
