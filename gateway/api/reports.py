"""Lab and imaging reports: list, detail and the print record with its limit.

A report belongs to the patient of the visit token; another patient's report id answers
``unknown_report`` (404), never 403, so ids cannot be probed. Prints are counted because
hospitals limit self-service reprints: once ``print_limit`` is reached a reprint needs
staff at the report window. The limit is the gateway's ``--report-print-limit``.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Annotated

from fastapi import APIRouter, Path

from gateway.core.auth import State
from gateway.core.errors import (
    INTERNAL_ERROR,
    INVALID_REQUEST,
    UNAUTHORIZED,
    GatewayError,
)
from gateway.core.errors import responses as error_responses
from gateway.core.idempotency import IDEMPOTENCY_ERRORS, Idempotent
from gateway.core.record_errors import PRINT_LIMIT_REACHED, REPORT_PENDING, UNKNOWN_REPORT
from gateway.core.timeline import instant
from gateway.core.visits import VISIT_EXPIRED, CurrentVisit
from gateway.schemas.reports import (
    LabItem,
    PrintRecord,
    PrintRequest,
    ReportDetail,
    Reports,
    ReportSummary,
    Specimen,
)
from gateway.store.report_values import flag_of, is_critical, range_text

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/api/v1", tags=["reports"])

ReportId = Annotated[str, Path(pattern=r"^[A-Z][0-9]{6,16}$", description="Report id.")]


def _summary_fields(row: sqlite3.Row, now: float, limit: int) -> dict:
    return {
        "report_id": row["report_id"],
        "kind": row["kind"],
        "title": row["title"],
        "title_en": row["title_en"],
        "department": row["department"],
        "status": row["status"],
        "ordered_at": instant(now, row["ordered_min"]),
        "reported_at": instant(now, row["reported_min"]),
        "expected_at": instant(now, row["expected_min"]) if row["status"] == "pending" else None,
        "print_count": row["print_count"],
        "print_limit": limit,
    }


def list_reports(conn: sqlite3.Connection, patient_id: str, now: float, limit: int) -> Reports:
    rows = conn.execute(
        "SELECT * FROM reports WHERE patient_id = ? ORDER BY ordered_min DESC, report_id",
        (patient_id,),
    ).fetchall()
    return Reports(reports=[ReportSummary(**_summary_fields(r, now, limit)) for r in rows])


def own_report(conn: sqlite3.Connection, patient_id: str, report_id: str) -> sqlite3.Row:
    row = conn.execute(
        "SELECT * FROM reports WHERE report_id = ? AND patient_id = ?", (report_id, patient_id)
    ).fetchone()
    if row is None:
        raise GatewayError(UNKNOWN_REPORT)
    return row


def _items(conn: sqlite3.Connection, report_id: str) -> list[LabItem]:
    rows = conn.execute(
        "SELECT * FROM report_items WHERE report_id = ? ORDER BY seq", (report_id,)
    ).fetchall()
    return [
        LabItem(
            code=r["code"],
            name=r["name"],
            value=r["value"],
            unit=r["unit"],
            range=range_text(r["low"], r["high"], r["decimals"]),
            flag=flag_of(r["value"], r["low"], r["high"]),
            critical=is_critical(r["value"], r["crit_low"], r["crit_high"]),
        )
        for r in rows
    ]


def report_detail(
    conn: sqlite3.Connection, patient_id: str, report_id: str, now: float, limit: int
) -> ReportDetail:
    row = own_report(conn, patient_id, report_id)
    if row["status"] != "ready":
        raise GatewayError(REPORT_PENDING)
    lab = row["kind"] == "lab"
    return ReportDetail(
        **_summary_fields(row, now, limit),
        doctor=row["doctor"],
        verified_at=instant(now, row["verified_min"]),
        verifier=row["verifier"],
        author=row["author"],
        specimen=Specimen(
            type=row["specimen_type"],
            barcode=row["specimen_barcode"],
            collected_at=instant(now, row["collected_min"]),
            received_at=instant(now, row["received_min"]),
        )
        if lab
        else None,
        items=_items(conn, report_id) if lab else [],
        modality=None if lab else row["modality"],
        body_part=None if lab else row["body_part"],
        exam_at=None if lab else instant(now, row["collected_min"]),
        findings=None if lab else row["findings"],
        impression=None if lab else row["impression"],
    )


def record_print(
    conn: sqlite3.Connection, patient_id: str, report_id: str, device: str, now: float, limit: int
) -> PrintRecord:
    row = own_report(conn, patient_id, report_id)
    if row["status"] != "ready":
        raise GatewayError(REPORT_PENDING)
    if row["print_count"] >= limit:
        raise GatewayError(PRINT_LIMIT_REACHED)
    conn.execute(
        "UPDATE reports SET print_count = print_count + 1 WHERE report_id = ?", (report_id,)
    )
    conn.execute(
        "INSERT INTO report_prints (report_id, device, printed_at) VALUES (?, ?, ?)",
        (report_id, device, now),
    )
    logger.info("report print recorded (%d of %d)", row["print_count"] + 1, limit)
    return PrintRecord(report_id=report_id, print_count=row["print_count"] + 1, print_limit=limit)


_COMMON = (UNAUTHORIZED, VISIT_EXPIRED, INTERNAL_ERROR)


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
