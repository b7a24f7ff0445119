"""Lab and imaging reports: the list, the detail and the print record with its limit."""

from __future__ import annotations

import logging
import sqlite3

from gateway.core.errors import GatewayError
from gateway.core.record_errors import PRINT_LIMIT_REACHED, REPORT_PENDING, UNKNOWN_REPORT
from gateway.core.timeline import days_back, instant
from gateway.schemas.reports import (
    LabItem,
    PrintRecord,
    ReportDetail,
    Reports,
    ReportSummary,
    Specimen,
)
from gateway.store.hospital import department_en
from gateway.store.report_values import flag_of, is_critical, range_text

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    report_id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    kind TEXT NOT NULL CHECK (kind IN ('lab', 'imaging')),
    template TEXT NOT NULL,
    title TEXT NOT NULL,
    title_en TEXT NOT NULL,
    department TEXT NOT NULL,
    doctor TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'ready')),
    -- instants as minutes after today's local midnight (gateway.core.timeline)
    ordered_min INTEGER NOT NULL,
    collected_min INTEGER,
    received_min INTEGER,
    reported_min INTEGER,
    verified_min INTEGER,
    expected_min INTEGER,
    specimen_type TEXT,
    specimen_barcode TEXT,
    modality TEXT,
    body_part TEXT,
    findings TEXT,
    impression TEXT,
    author TEXT,
    verifier TEXT,
    print_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS reports_patient ON reports (patient_id);
CREATE TABLE IF NOT EXISTS report_items (
    report_id TEXT NOT NULL REFERENCES reports (report_id),
    seq INTEGER NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    unit TEXT NOT NULL,
    low REAL,
    high REAL,
    decimals INTEGER NOT NULL,
    crit_low REAL,
    crit_high REAL,
    PRIMARY KEY (report_id, seq)
);
CREATE TABLE IF NOT EXISTS report_prints (
    id INTEGER PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES reports (report_id),
    device TEXT NOT NULL,
    printed_at REAL NOT NULL
);
"""


# Specimen types as the LIS names them, in English for the kiosk's English mode.
SPECIMEN_EN = {
    "全血(EDTA-K2)": "Whole blood (EDTA-K2)",
    "血清": "Serum",
    "血浆": "Plasma",
    "尿液": "Urine",
    "粪便": "Stool",
}


def _at(row: sqlite3.Row, now: float):
    """Stored offsets to instants, moved back whole days if any event would lie after now
    (a report is never "out at 10:15" at 03:30); what is only expected is not moved."""
    back = days_back(now, *(row[k] for k in ("ordered_min", "collected_min", "received_min",
                                             "reported_min", "verified_min")))

    def at(key: str) -> str | None:
        offset = row[key]
        return instant(now, None if offset is None else offset - (0 if key == "expected_min" else back))

    return at


def _summary_fields(conn: sqlite3.Connection, row: sqlite3.Row, now: float, limit: int) -> dict:
    at = _at(row, now)
    return {
        "report_id": row["report_id"],
        "kind": row["kind"],
        "title": row["title"],
        "title_en": row["title_en"],
        "department": row["department"],
        "department_en": department_en(conn, row["department"]),
        "status": row["status"],
        "ordered_at": at("ordered_min"),
        "reported_at": at("reported_min"),
        "expected_at": at("expected_min") if row["status"] == "pending" else None,
        "print_count": row["print_count"],
        "print_limit": limit,
    }


def list_reports(conn: sqlite3.Connection, patient_id: str, now: float, limit: int) -> Reports:
    rows = conn.execute(
        "SELECT * FROM reports WHERE patient_id = ? ORDER BY ordered_min DESC, report_id",
        (patient_id,),
    ).fetchall()
    summaries = [ReportSummary(**_summary_fields(conn, r, now, limit)) for r in rows]
    # Newest first by the times shown, which may have been moved back (days_back).
    summaries.sort(key=lambda s: s.ordered_at or "", reverse=True)
    return Reports(reports=summaries)


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
    at = _at(row, now)
    return ReportDetail(
        **_summary_fields(conn, row, now, limit),
        doctor=row["doctor"],
        verified_at=at("verified_min"),
        verifier=row["verifier"],
        author=row["author"],
        specimen=Specimen(
            type=row["specimen_type"],
            type_en=SPECIMEN_EN.get(row["specimen_type"], row["specimen_type"]),
            barcode=row["specimen_barcode"],
            collected_at=at("collected_min"),
            received_at=at("received_min"),
        )
        if lab
        else None,
        items=_items(conn, report_id) if lab else [],
        modality=None if lab else row["modality"],
        body_part=None if lab else row["body_part"],
        exam_at=None if lab else at("collected_min"),
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
