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

from kiosk.errors import KioskError, Text
from kiosk.models import Patient
from kiosk.usecases.next_actions import Action, PrintReportsAction
from kiosk.usecases.reports import PrintRecord, ReportDetail, ReportSummary, listed
from printing.printer import Status
from ui.language import TButton
from ui.screens.generic import Choice, ChoiceScreen, SummaryScreen
from ui.services import reports_text as T
from ui.services.flow import PatientFlow
from ui.services.host import Lease, ServiceHost
from ui.services.queue_text import when_text
from ui.services.report_view import ReportDetailScreen, ReportPrintScreen

logger = logging.getLogger(__name__)

A4 = "a4"
# A printer in one of these states would swallow the patient's only print.
_CANNOT_PRINT = (Status.PAPER_OUT, Status.STOPPED, Status.OFFLINE, Status.REJECTING)


class ReportsFlow(PatientFlow):
    key = "reports"

    def __init__(self, host: ServiceHost, patient: Patient, action: Action | None = None) -> None:
        super().__init__(host, patient, action)
        self._api = host.context.reports
        self._flow_id = str(uuid.uuid4())
        self._presses = 0
        self._reported: set[str] = set()
        self.list_screen: ChoiceScreen | None = None
        self.detail_screen: ReportDetailScreen | None = None
        self.result_screen: ReportPrintScreen | None = None
        self._print_hold: Lease | None = None

    # --- the list --------------------------------------------------------------------------

    def start(self) -> None:
        if isinstance(self._action, PrintReportsAction) and self._host.context.printer is not None:
            self._print_ready(list(self._action.report_ids))
            return
        visit = self._host.session.visit
        self._host.run(lambda: self._api.reports(visit), T.BUSY_LIST, self._show_list)

    def _show_list(self, reports: list[ReportSummary]) -> None:
        # What can be printed now comes first and is the only thing pressable; a pending
        # report's line says when to come back, a printed one's where reprints are made.
        choices = [Choice(r.heading, r, self._status_line(r), enabled=r.printable) for r in listed(reports)]
        screen = ChoiceScreen(
            T.TITLE, choices, self._host.language, empty=T.NONE, columns=1, steps=T.STEPS, step=0
        )
        screen.back.connect(self._host.patient_home)
        screen.chosen.connect(self._on_report)
        self._host.push(screen)
        self.list_screen = screen

    def _status_line(self, report: ReportSummary) -> Text:
        clock = self._host.context.clock
        if not report.ready:
            expected = report.expected_at
            return T.PENDING_AT.format(when=when_text(clock, expected)) if expected else T.PENDING
        if report.prints_left == 0:
            return T.PRINTED_ALL
        return T.READY_AT.format(when=when_text(clock, report.reported_at))

    def _other_reports(self) -> None:
        """From the print result: the list again, fresh (print counts have changed)."""
        visit = self._host.session.visit
        self._host.run(lambda: self._api.reports(visit), T.BUSY_LIST, self._replace_list)

    def _replace_list(self, reports: list[ReportSummary]) -> None:
        if self.list_screen is not None:
            self._host.pop_to(self.list_screen)
            self._host.pop()
        self._show_list(reports)

    # --- one report ------------------------------------------------------------------------

    def _on_report(self, report: ReportSummary) -> None:
        if not report.ready:
            self._show_not_ready(report)
            return
        visit = self._host.session.visit
        report_id = report.report_id
        self._host.run(lambda: self._api.detail(visit, report_id), T.BUSY_DETAIL, self._show_detail)

    def _show_not_ready(self, report: ReportSummary) -> None:
        clock = self._host.context.clock
        rows = [(T.LBL_REPORT, report.heading), (T.LBL_ORDERED, when_text(clock, report.ordered_at))]
        if report.expected_at:
            rows.append((T.LBL_EXPECTED, when_text(clock, report.expected_at)))
        screen = SummaryScreen(T.NOT_READY_TITLE, rows, None, self._host.language, note=T.NOT_READY_NOTE)
        screen.back.connect(self._host.pop)
        self._host.push(screen)

    def _show_detail(self, report: ReportDetail) -> None:
        self._report_use(report)
        screen = ReportDetailScreen(report, self._host.language, self._host.context.clock)
        screen.back.connect(self._host.pop)
        if self._host.context.printer is None:
            screen.add_text(T.NO_REPORT_PRINTER, "nextStep")
        elif report.prints_left == 0:
            screen.add_text(T.PRINT_LIMIT, "nextStep")
        else:
            button = screen.add_action(T.PRINT, in_nav=True)
            button.clicked.connect(lambda: self._on_print(report))
        self._host.push(screen)
        self.detail_screen = screen

    def _report_use(self, report: ReportDetail) -> None:
        # Once per report per visit to this service: opening it again is the same use.
        if report.report_id in self._reported:
            return
        self._reported.add(report.report_id)
        self._host.context.report_usage(self._patient.health_card_id, report.scene)

    # --- printing --------------------------------------------------------------------------

    def _press(self) -> str:
        """A print press's intent. Each press is its own: a second press is a second print,
        which the gateway's limit decides; retries of one press reuse its key."""
        self._presses += 1
        return f"{self._flow_id}:{self._presses}"

    def _printer_ready(self) -> None:
        """Raise before a print is counted when the A4 printer cannot take it (in the
        background: asking the printer may wait on CUPS)."""
        state = self._host.context.printer.state(A4)
        if state.status in _CANNOT_PRINT:
            logger.warning("report printer not ready: %s", state.status.value)
            raise KioskError(T.PRINTER_DOWN, T.PRINTER_DOWN_NEXT, code="report_printer_down")

    def _on_print(self, report: ReportDetail) -> None:
        visit, intent = self._host.session.visit, self._press()
        paper, patient = self._host.context.paper, self._patient

        def work() -> tuple[PrintRecord, object]:
            self._printer_ready()
            record = self._api.record_print(visit, intent, report.report_id)
            return record, paper.report(patient, report, record.print_count)

        self._print_hold = self._host.hold()  # counting and sending the print must not be cut off
        self._host.run(work, T.BUSY_PRINT, lambda done: self._printed(report, *done), self._print_failed)

    def _printed(self, report: ReportDetail, record: PrintRecord, document: object) -> None:
        self._end_print_hold()
        count = T.PRINT_NO.format(n=record.print_count, limit=record.print_limit)
        rows = [(T.LBL_REPORT, report.heading), (T.LBL_PRINT_NO, count)]
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

    def _print_ready(self, report_ids: list[str]) -> None:
        """The home's "打印 2 份报告": each report counted and printed, at one touch. A
        report counted before a later one fails is still printed (its print is spent)."""
        visit, intent = self._host.session.visit, self._press()
        paper, patient = self._host.context.paper, self._patient

        def work() -> tuple[list[tuple[ReportDetail, PrintRecord, object]], BaseException | None]:
            self._printer_ready()
            done = []
            for report_id in report_ids:
                try:
                    report = self._api.detail(visit, report_id)
                    record = self._api.record_print(visit, intent, report_id)
                except KioskError as exc:
                    if not done:
                        raise
                    return done, exc
                done.append((report, record, paper.report(patient, report, record.print_count)))
            return done, None

        self._print_hold = self._host.hold()
        self._host.run(work, T.BUSY_PRINT_ALL.format(n=len(report_ids)), lambda r: self._printed_all(*r),
                       self._print_failed)

    def _printed_all(self, done: list[tuple[ReportDetail, PrintRecord, object]],
                     failed: BaseException | None) -> None:
        self._end_print_hold()
        for report, _record, _document in done:
            self._report_use(report)
        rows = [(T.LBL_REPORT, report.heading) for report, _, _ in done]
        if failed is not None:
            rows.append((T.NOT_PRINTED, getattr(failed, "message", T.PRINT_FAILED)))
        self._host.finish_flow()
        screen = ReportPrintScreen(self._host, T.PRINT_ALL_DONE.format(n=len(done)), rows, steps=T.STEPS, step=2)
        self._host.push(screen)
        self.result_screen = screen
        screen.print_documents([document for _, _, document in done], A4)

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

    # Leaving needs no abandon(): nothing is held at the gateway; a counted print is already queued durably.
