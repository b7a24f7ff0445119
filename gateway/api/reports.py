"""Lab and imaging reports: list, detail and the print record with its limit.

A report belongs to the patient of the visit token; another patient's report id answers
``unknown_report`` (404), never 403, so ids cannot be probed. Prints are counted because
hospitals limit self-service reprints: once ``print_limit`` is reached a reprint needs
staff at the report window. The limit is the gateway's ``--report-print-limit``.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Path

from gateway.core.auth import State
from gateway.core.errors import INTERNAL_ERROR, INVALID_REQUEST, UNAUTHORIZED
from gateway.core.errors import responses as error_responses
from gateway.core.idempotency import IDEMPOTENCY_ERRORS, Idempotent
from gateway.core.record_errors import PRINT_LIMIT_REACHED, REPORT_PENDING, UNKNOWN_REPORT
from gateway.core.visits import STRONGER_ID_REQUIRED, VISIT_EXPIRED, CurrentVisit
from gateway.schemas.reports import PrintRecord, PrintRequest, ReportDetail, Reports
from gateway.store.reports import list_reports, record_print, report_detail

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/api/v1", tags=["reports"])

ReportId = Annotated[str, Path(pattern=r"^[A-Z][0-9]{6,16}$", description="Report id.")]


_COMMON = (UNAUTHORIZED, VISIT_EXPIRED, STRONGER_ID_REQUIRED, INTERNAL_ERROR)


@router.get(
    "/patients/me/reports",
    response_model=Reports,
    summary="The patient's lab and imaging reports, newest first",
    responses=error_responses(*_COMMON),
)
def my_reports(visit: CurrentVisit, state: State) -> Reports:
    with state.db.transaction() as conn:
        return list_reports(
            conn, visit.patient_id, state.clock(), state.settings.report_print_limit
        )


@router.get(
    "/reports/{report_id}",
    response_model=ReportDetail,
    summary="One report with its items (lab) or findings and impression (imaging)",
    responses=error_responses(*_COMMON, UNKNOWN_REPORT, REPORT_PENDING, INVALID_REQUEST),
)
def get_report(report_id: ReportId, visit: CurrentVisit, state: State) -> ReportDetail:
    with state.db.transaction() as conn:
        return report_detail(
            conn, visit.patient_id, report_id, state.clock(), state.settings.report_print_limit
        )


@router.post(
    "/reports/{report_id}/prints",
    status_code=201,
    response_model=PrintRecord,
    summary="Record that the kiosk printed the report",
    description=(
        "Call after the printer accepted the job. Refused with `print_limit_reached` once the "
        "report was printed `print_limit` times: a reprint needs staff."
    ),
    responses=error_responses(
        *_COMMON, *IDEMPOTENCY_ERRORS, UNKNOWN_REPORT, REPORT_PENDING, PRINT_LIMIT_REACHED,
        INVALID_REQUEST,
    ),
)
def print_report(
    report_id: ReportId,
    _body: PrintRequest,
    visit: CurrentVisit,
    idem: Idempotent,
    state: State,
):
    limit = state.settings.report_print_limit
    return idem.run(
        lambda conn: record_print(
            conn, visit.patient_id, report_id, idem.device, state.clock(), limit
        ),
        status=201,
    )
