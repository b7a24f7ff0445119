"""Lab and imaging reports: the list, one report's detail, and the print record.

Hospitals limit self-service prints of a report (a reprint needs staff), so the kiosk asks
the gateway to count a print *before* it sends the paper to the printer: if the kiosk died
between the two, the patient is one print short and staff reprint it, whereas counting
after printing could let a crash hand out prints the limit forbids.
"""

from __future__ import annotations

from typing import Any

from kiosk.errors import GatewayRejected
from kiosk.gateway_client import GatewayClient
from kiosk.intents import IntentState, IntentStore
from kiosk.models import Visit
from kiosk.usecases.usage import Scene

PRINT = "report_print"
LAB = "lab"
IMAGING = "imaging"


class ReportsAPI:
    def __init__(self, client: GatewayClient, intents: IntentStore) -> None:
        self._client = client
        self._intents = intents

    def reports(self, visit: Visit) -> list[dict[str, Any]]:
        return self._client.call("GET", "/api/v1/patients/me/reports", visit=visit)["reports"]

    def detail(self, visit: Visit, report_id: str) -> dict[str, Any]:
        return self._client.call("GET", f"/api/v1/reports/{report_id}", visit=visit)

    def record_print(self, visit: Visit, intent: str, report_id: str) -> dict[str, Any]:
        """Count one print of the report; ``intent`` names this one press of Print, so a
        retry after a lost reply is counted once, and a second press is a second print."""
        scope = f"{intent}:{report_id}"
        key = self._intents.key(PRINT, scope)
        try:
            body = self._client.call(
                "POST", f"/api/v1/reports/{report_id}/prints", json={}, visit=visit,
                idempotency_key=key,
            )
        except GatewayRejected:
            # A refusal is a definite answer: nothing was counted, nothing to retry.
            self._intents.finish(PRINT, scope, IntentState.ABANDONED)
            raise
        self._intents.finish(PRINT, scope)
        return body


def is_ready(report: dict[str, Any]) -> bool:
    return report.get("status") == "ready"


def prints_left(report: dict[str, Any]) -> int:
    return max(0, int(report.get("print_limit", 0)) - int(report.get("print_count", 0)))


def printable(report: dict[str, Any]) -> bool:
    """Ready, and self-service prints left: the only reports a patient can press."""
    return is_ready(report) and prints_left(report) > 0


def listed(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Printable ones first, then pending, then printed; newest first within each. ISO
    instants from one gateway share an offset, so they sort as text."""
    newest_first = sorted(reports, key=lambda r: r.get("reported_at") or "", reverse=True)
    return sorted(newest_first, key=lambda r: 0 if printable(r) else (1 if not is_ready(r) else 2))


def scene_of(report: dict[str, Any]) -> Scene:
    return Scene.IMAGING_REPORT if report.get("kind") == IMAGING else Scene.LAB_REPORT


def has_critical(report: dict[str, Any]) -> bool:
    return any(item.get("critical") for item in report.get("items") or ())
