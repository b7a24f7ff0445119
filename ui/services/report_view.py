"""One report on screen (lab results table or imaging findings) and on paper (A4).

High, low and critical results are told in words and arrows (↑ 偏高, ↓ 偏低, 危急值) as
well as colour, as printed lab reports do, so a patient who cannot tell red from green
still sees them. The printed document is built from the gateway's detail; the renderer
masks the name and ID number (printing.lab_report / printing.imaging_report).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QWidget

from kiosk.clock import HospitalClock
from kiosk.errors import Text
from kiosk.usecases.reports import LabItem, ReportDetail
from printing.queue import QueueState
from ui.language import LanguageModel, TLabel
from ui.services import reports_text as T
from ui.services.cards import ListScreen
from ui.services.queue_text import when_text
from ui.services.result import ResultScreen
from ui.theme import FLAG_LOW, URGENT_BG, WARNING, WHITE

STYLE = f"""
QFrame#card QLabel#flagHigh {{ color: {WARNING}; font-weight: bold; }}
QFrame#card QLabel#flagLow {{ color: {FLAG_LOW}; font-weight: bold; }}
QFrame#card QLabel#critical {{ background: {WARNING}; color: {WHITE}; font-weight: bold; border-radius: 8px; padding: 2px 10px; }}
QFrame#criticalRow {{ background: {URGENT_BG}; border: 2px solid {WARNING}; border-radius: 10px; }}
"""


def _overview(report: ReportDetail) -> Text:
    if report.imaging:
        return T.OVERVIEW_IMAGING
    flagged = sum(1 for i in report.items if i.flagged)
    if flagged:
        return T.OVERVIEW_LAB_FLAGGED.format(n=str(len(report.items)), m=str(flagged))
    return T.OVERVIEW_LAB.format(n=str(len(report.items)))


# --- on screen ------------------------------------------------------------------------------


class ReportDetailScreen(ListScreen):
    def __init__(
        self, report: ReportDetail, language: LanguageModel, clock: HospitalClock, **kwargs: Any
    ) -> None:
        super().__init__(report.heading, language, steps=T.STEPS, step=1, paged=False, **kwargs)
        self.prompt = None  # a report's name is health data: never spoken in the hall
        self.setStyleSheet(self.styleSheet() + STYLE)
        self.critical_banner: TLabel | None = None
        if report.critical:
            critical = "、".join(f"{i.name} {i.value} {i.unit}".strip() for i in report.critical)
            self.critical_banner = TLabel(T.CRITICAL_BANNER.format(items=critical), language, "urgent")
            self.body.insertWidget(0, self.critical_banner)
        # One line of who ordered it and when: the results are what the patient came for.
        when = when_text(clock, report.reported_at)
        department = report.department_words
        if report.imaging:
            exam = f"{report.modality or ''} {report.body_part or ''}".strip()
            meta = T.META_IMAGING.format(department=department, when=when, exam=exam)
        else:
            taken = report.specimen
            specimen = Text(taken.type, taken.type_en or taken.type) if taken else Text.same("")
            meta = T.META_LAB.format(department=department, when=when, specimen=specimen)
        self.add_widget(TLabel(meta, language, "muted"))
        # People queue behind a kiosk: the screen says what is needed to decide to print (how
        # many results, how many outside the range); the results themselves on request.
        self._report = report
        overview = self.card()
        overview.add(_overview(report), "cardTitle")
        overview.add(T.PRIVACY_NOTE, "muted")
        self.details_button = self.add_choice(T.SHOW_DETAILS)
        self.details_button.clicked.connect(self.show_details)
        self.table: QWidget | None = None

    def show_details(self) -> None:
        """The full results, once the patient asks for them."""
        self.details_button.hide()
        if self._report.imaging:
            self._imaging(self._report)
        else:
            self._lab(self._report.items)

    def _lab(self, items: list[LabItem]) -> None:
        card = self.card()
        if not items:
            card.add(T.NO_ITEMS)
            return
        table = QWidget()
        grid = QGridLayout(table)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        for col, head in enumerate((T.COL_ITEM, T.COL_RESULT, T.COL_UNIT, T.COL_RANGE)):
            label = TLabel(head, self.language, "muted")
            label.setContentsMargins(8, 0, 8, 0)
            grid.addWidget(label, 0, col)
        for row, item in enumerate(items, start=1):
            if item.critical:
                band = QFrame()
                band.setObjectName("criticalRow")
                grid.addWidget(band, row, 0, 1, 4)
            grid.addWidget(self._cell(Text(item.name, f"{item.code} {item.name}".strip())), row, 0)
            grid.addWidget(self._value(item), row, 1)
            grid.addWidget(self._cell(Text.same(item.unit), wrap=False), row, 2)
            grid.addWidget(self._cell(Text.same(item.range), wrap=False), row, 3)
        grid.setColumnStretch(0, 1)
        card.lines.addWidget(table)
        card.add(T.LEGEND, "muted")
        self.table = table

    def _cell(self, text: Text, wrap: bool = True) -> TLabel:
        label = TLabel(text, self.language, "cardLine")
        label.setWordWrap(wrap)
        label.setContentsMargins(8, 6, 8, 6)
        return label

    def _value(self, item: LabItem) -> QWidget:
        # Value, arrow and word, and the critical badge on one line: a row per result.
        holder = QWidget()
        line = QHBoxLayout(holder)
        line.setContentsMargins(8, 6, 8, 6)
        line.setSpacing(10)
        value = TLabel(Text.same(item.value), self.language, "value")
        value.setWordWrap(False)
        line.addWidget(value)
        flag = {"H": (T.HIGH, "flagHigh"), "L": (T.LOW, "flagLow")}.get(item.flag or "")
        if flag is not None:
            word = TLabel(flag[0], self.language, flag[1])
            word.setWordWrap(False)
            line.addWidget(word)
        if item.critical:
            badge = TLabel(T.CRITICAL, self.language, "critical")
            badge.setWordWrap(False)
            line.addWidget(badge)
        line.addStretch(1)
        return holder

    def _imaging(self, report: ReportDetail) -> None:
        for heading, text in ((T.FINDINGS, report.findings), (T.IMPRESSION, report.impression)):
            card = self.card()
            card.add(heading, "cardTitle")
            card.add(Text.same(text or ""))


class ReportPrintScreen(ResultScreen):
    """The result screen, in a report's words rather than a slip's."""

    taken = T.PRINTED

    def print_documents(self, documents, printer: str) -> None:
        super().print_documents(documents, printer)
        if self._host.context.printer is not None:
            self.print_status.set_text(T.PRINTING)

    def _show_state(self, state: QueueState) -> None:
        super()._show_state(state)
        if state in (QueueState.FAILED, QueueState.UNCERTAIN):
            self.print_status.set_text(T.PRINT_FAILED)
