"""Lab and imaging reports: the list, one report's detail, and the print record.

Hospitals limit self-service prints of a report (a reprint needs staff), so the kiosk asks
the gateway to count a print *before* it sends the paper to the printer: if the kiosk died
between the two, the patient is one print short and staff reprint it, whereas counting
after printing could let a crash hand out prints the limit forbids.
"""

from __future__ import annotations

import datetime as dt

from kiosk.errors import GatewayRejected, Text
from kiosk.intents import IntentState
from kiosk.models import Visit
from kiosk.usecases.answers import Answer, UseCase, When, words
from kiosk.usecases.usage import Scene

PRINT = "report_print"
LAB = "lab"
IMAGING = "imaging"
_KIND = {LAB: Text("检验", "Lab"), IMAGING: Text("检查", "Imaging")}


class ReportSummary(Answer):
    report_id: str
    kind: str = LAB
    title: str = ""
    title_en: str | None = None
    department: str = ""
    department_en: str | None = None
    status: str
    ordered_at: When = None
    reported_at: When = None
    expected_at: When = None
    print_count: int = 0
    print_limit: int = 0

    @property
    def ready(self) -> bool:
        return self.status == "ready"

    @property
    def prints_left(self) -> int:
        return max(0, self.print_limit - self.print_count)

    @property
    def printable(self) -> bool:
        """Ready, and self-service prints left: the only reports a patient can press."""
        return self.ready and self.prints_left > 0

    @property
    def imaging(self) -> bool:
        return self.kind == IMAGING

    @property
    def scene(self) -> Scene:
        """Reading a report is a use of the card: lab 0101081, imaging 0101082."""
        return Scene.IMAGING_REPORT if self.imaging else Scene.LAB_REPORT

    @property
    def heading(self) -> Text:
        """``血常规（检验）`` / ``Complete blood count (lab)``."""
        kind, name = _KIND[IMAGING if self.imaging else LAB], words(self.title, self.title_en)
        return Text(f"{name.zh}（{kind.zh}）", f"{name.en} ({kind.en})")

    @property
    def department_words(self) -> Text:
        return words(self.department, self.department_en)


class Specimen(Answer):
    type: str = ""
    type_en: str | None = None
    barcode: str = ""
    collected_at: When = None
    received_at: When = None


class LabItem(Answer):
    code: str = ""
    name: str = ""
    value: str = ""
    unit: str = ""
    range: str = ""
    flag: str | None = None  # H high, L low
    critical: bool = False

    @property
    def flagged(self) -> bool:
        return bool(self.flag) or self.critical


class ReportDetail(ReportSummary):
    verified_at: When = None
    verifier: str | None = None
    author: str | None = None
    specimen: Specimen | None = None
    items: list[LabItem] = []
    modality: str | None = None
    body_part: str | None = None
    exam_at: When = None
    findings: str | None = None
    impression: str | None = None
    verification_url: str | None = None

    @property
    def critical(self) -> list[LabItem]:
        return [item for item in self.items if item.critical]


class PrintRecord(Answer):
    print_count: int = 1
    print_limit: int = 1


class ReportsAPI(UseCase):
    def reports(self, visit: Visit) -> list[ReportSummary]:
        return self._get(list[ReportSummary], "/api/v1/patients/me/reports", field="reports", visit=visit)

    def detail(self, visit: Visit, report_id: str) -> ReportDetail:
        return self._get(ReportDetail, f"/api/v1/reports/{report_id}", visit=visit)

    def record_print(self, visit: Visit, intent: str, report_id: str) -> PrintRecord:
        """Count one print of the report; ``intent`` names this one press of Print, so a
        retry after a lost reply is counted once, and a second press is a second print."""
        scope = f"{intent}:{report_id}"
        try:
            return self._once(PRINT, scope, PrintRecord, f"/api/v1/reports/{report_id}/prints", json={}, visit=visit)
        except GatewayRejected:
            # A refusal is a definite answer: nothing was counted, nothing to retry.
            self._intents.finish(PRINT, scope, IntentState.ABANDONED)
            raise


_LONG_AGO = dt.datetime.min.replace(tzinfo=dt.UTC)


def listed(reports: list[ReportSummary]) -> list[ReportSummary]:
    """Printable ones first, then pending, then printed; newest first within each."""
    newest_first = sorted(reports, key=lambda r: r.reported_at or _LONG_AGO, reverse=True)
    return sorted(newest_first, key=lambda r: 0 if r.printable else (1 if not r.ready else 2))
