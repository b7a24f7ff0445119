"""One report on screen (lab results table or imaging findings) and on paper (A4).

High, low and critical results are told in words and arrows (↑ 偏高, ↓ 偏低, 危急值) as
well as colour, as printed lab reports do, so a patient who cannot tell red from green
still sees them. The printed document is built from the gateway's detail; the renderer
masks the name and ID number (printing.lab_report / printing.imaging_report).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QWidget

from kiosk.clock import HospitalClock
from kiosk.errors import Text
from kiosk.models import Patient
from kiosk.usecases.reports import has_critical
from printing.models import Flag, Hospital, ImagingReport, LabItem, LabReport
from printing.models import Patient as PrintedPatient
from printing.queue import QueueState
from ui.language import LanguageModel, TLabel
from ui.services import reports_text as T
from ui.services.cards import ListScreen
from ui.services.host import ServiceHost
from ui.services.result import ResultScreen
from ui.theme import WARNING

STYLE = f"""
QFrame#card QLabel#flagHigh {{ color: {WARNING}; font-weight: bold; }}
QFrame#card QLabel#flagLow {{ color: #1F4E9E; font-weight: bold; }}
QFrame#card QLabel#critical {{ background: {WARNING}; color: white; font-weight: bold; border-radius: 8px; padding: 2px 10px; }}
QFrame#criticalRow {{ background: #FDECEA; border: 2px solid {WARNING}; border-radius: 10px; }}
QFrame#card QLabel#value {{ font-size: 32px; font-weight: bold; }}
"""


def _same(value: str) -> Text:
    return Text(value, value)


def when_text(clock: HospitalClock, iso: str | None) -> Text:
    """"今天 14:25" for today, "11-23 14:45" before, on the hospital's clock; empty when
    unknown."""
    moment = clock.parse(iso)
    if moment is None:
        return _same("")
    if moment.date() == clock.today():
        time = moment.strftime("%H:%M")
        return Text(T.TODAY.zh.format(time=time), T.TODAY.en.format(time=time))
    return _same(moment.strftime("%m-%d %H:%M"))


def _overview(report: dict[str, Any]) -> Text:
    if report.get("kind") == "imaging":
        return T.OVERVIEW_IMAGING
    items = report.get("items") or []
    flagged = sum(1 for i in items if i.get("flag") or i.get("critical"))
    if flagged:
        return fmt(T.OVERVIEW_LAB_FLAGGED, n=str(len(items)), m=str(flagged))
    return fmt(T.OVERVIEW_LAB, n=str(len(items)))


def fmt(text: Text, **values: Text | str) -> Text:
    """Fill a bilingual template with bilingual (or language-neutral) values."""
    return text.format(**values)


def title_of(report: dict[str, Any]) -> Text:
    kind = T.IMAGING if report.get("kind") == "imaging" else T.LAB
    title = report.get("title", "")
    return Text(f"{title}（{kind.zh}）", f"{report.get('title_en') or title} ({kind.en})")


# --- on screen ------------------------------------------------------------------------------


class ReportDetailScreen(ListScreen):
    def __init__(
        self, report: dict[str, Any], language: LanguageModel, clock: HospitalClock, **kwargs: Any
    ) -> None:
        super().__init__(title_of(report), language, steps=T.STEPS, step=1, paged=False, **kwargs)
        self.prompt = None  # a report's name is health data: never spoken in the hall
        self.setStyleSheet(self.styleSheet() + STYLE)
        self.critical_banner: TLabel | None = None
        if has_critical(report):
            critical = "、".join(
                f"{i.get('name', '')} {i.get('value', '')} {i.get('unit', '')}".strip()
                for i in report.get("items") or () if i.get("critical")
            )
            self.critical_banner = TLabel(fmt(T.CRITICAL_BANNER, items=critical), language, "urgent")
            self.body.insertWidget(0, self.critical_banner)
        # One line of who ordered it and when: the results are what the patient came for.
        when = when_text(clock, report.get("reported_at"))
        department = Text(report.get("department", ""), report.get("department_en") or report.get("department", ""))
        if report.get("kind") == "imaging":
            exam = f"{report.get('modality') or ''} {report.get('body_part') or ''}".strip()
            meta = fmt(T.META_IMAGING, department=department, when=when, exam=exam)
        else:
            taken = report.get("specimen") or {}
            specimen = Text(taken.get("type") or "", taken.get("type_en") or taken.get("type") or "")
            meta = fmt(T.META_LAB, department=department, when=when, specimen=specimen)
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
        if self._report.get("kind") == "imaging":
            self._imaging(self._report)
        else:
            self._lab(self._report.get("items") or [])

    def _lab(self, items: list[dict[str, Any]]) -> None:
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
            if item.get("critical"):
                band = QFrame()
                band.setObjectName("criticalRow")
                grid.addWidget(band, row, 0, 1, 4)
            name = item.get("name", "")
            code = item.get("code", "")
            grid.addWidget(self._cell(Text(name, f"{code} {name}".strip())), row, 0)
            grid.addWidget(self._value(item), row, 1)
            grid.addWidget(self._cell(_same(item.get("unit", "")), wrap=False), row, 2)
            grid.addWidget(self._cell(_same(item.get("range", "")), wrap=False), row, 3)
        grid.setColumnStretch(0, 1)
        card.lines.addWidget(table)
        card.add(T.LEGEND, "muted")
        self.table = table

    def _cell(self, text: Text, wrap: bool = True) -> TLabel:
        label = TLabel(text, self.language, "cardLine")
        label.setWordWrap(wrap)
        label.setContentsMargins(8, 6, 8, 6)
        return label

    def _value(self, item: dict[str, Any]) -> QWidget:
        # Value, arrow and word, and the critical badge on one line: a row per result.
        holder = QWidget()
        line = QHBoxLayout(holder)
        line.setContentsMargins(8, 6, 8, 6)
        line.setSpacing(10)
        value = TLabel(_same(str(item.get("value", ""))), self.language, "value")
        value.setWordWrap(False)
        line.addWidget(value)
        flag = {"H": (T.HIGH, "flagHigh"), "L": (T.LOW, "flagLow")}.get(item.get("flag") or "")
        if flag is not None:
            word = TLabel(flag[0], self.language, flag[1])
            word.setWordWrap(False)
            line.addWidget(word)
        if item.get("critical"):
            badge = TLabel(T.CRITICAL, self.language, "critical")
            badge.setWordWrap(False)
            line.addWidget(badge)
        line.addStretch(1)
        return holder

    def _imaging(self, report: dict[str, Any]) -> None:
        for heading, text in ((T.FINDINGS, report.get("findings")), (T.IMPRESSION, report.get("impression"))):
            card = self.card()
            card.add(heading, "cardTitle")
            card.add(_same(text or ""))


class ReportPrintScreen(ResultScreen):
    """The result screen, in a report's words rather than a slip's."""

    taken = T.PRINTED

    def print_document(self, document: object, printer: str) -> None:
        super().print_document(document, printer)
        if self._host.context.printer is not None:
            self.print_status.set_text(T.PRINTING)

    def _show_state(self, state: QueueState) -> None:
        super()._show_state(state)
        if state in (QueueState.FAILED, QueueState.UNCERTAIN):
            self.print_status.set_text(T.PRINT_FAILED)


# --- on paper -------------------------------------------------------------------------------


def _at(clock: HospitalClock, iso: str | None, *fallbacks: str | None) -> dt.datetime:
    for value in (iso, *fallbacks):
        moment = clock.parse(value)
        if moment is not None:
            return moment
    return clock.now()


def printed_patient(patient: Patient, clock: HospitalClock) -> PrintedPatient:
    return PrintedPatient(
        name=patient.name,  # masked by the renderer, the one place the rule lives
        id_number=patient.id_number,
        sex="男" if patient.gender.value == "M" else "女",
        age=f"{patient.age(clock.today())}岁",
        outpatient_no=patient.visit_card_no,
    )


def document_for(host: ServiceHost, patient: Patient, report: dict[str, Any], print_count: int) -> object:
    hospital = Hospital(host.context.hospital.zh)
    # The contract has no verification link: the report number in the QR lets the report
    # window find the original.
    verification = report.get("verification_url") or report["report_id"]
    clock = host.context.clock
    reported = _at(clock, report.get("reported_at"))
    if report.get("kind") == "imaging":
        return ImagingReport(
            hospital=hospital,
            report_no=report["report_id"],
            patient=printed_patient(patient, clock),
            department=report.get("department", ""),
            modality=report.get("modality") or "",
            exam_part=report.get("body_part") or "",
            exam_at=_at(clock, report.get("exam_at"), report.get("reported_at")),
            reported_at=reported,
            findings=report.get("findings") or "",
            impression=report.get("impression") or "",
            radiologist=report.get("author") or "",
            verifier=report.get("verifier") or "",
            verification_url=verification,
            print_count=print_count,
        )
    specimen = report.get("specimen") or {}
    flags = {"H": Flag.HIGH, "L": Flag.LOW}
    return LabReport(
        hospital=hospital,
        report_no=report["report_id"],
        patient=printed_patient(patient, clock),
        department=report.get("department", ""),
        specimen=specimen.get("type") or "",
        specimen_no=specimen.get("barcode") or "",
        collected_at=_at(clock, specimen.get("collected_at"), report.get("reported_at")),
        received_at=_at(clock, specimen.get("received_at"), report.get("reported_at")),
        reported_at=reported,
        verified_at=_at(clock, report.get("verified_at"), report.get("reported_at")),
        items=tuple(
            LabItem(
                name=item.get("name", ""),
                value=str(item.get("value", "")),
                unit=item.get("unit", ""),
                ref_range=item.get("range", ""),
                flag=flags.get(item.get("flag") or "", Flag.NORMAL),
                critical=bool(item.get("critical")),
                code=item.get("code", ""),
            )
            for item in report.get("items") or ()
        ),
        tester=report.get("author") or "",
        verifier=report.get("verifier") or "",
        verification_url=verification,
        print_count=print_count,
        title=f"{report.get('title', '')}检验报告单" if report.get("title") else "检验报告单",
    )
