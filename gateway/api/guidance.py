"""Guidance (导诊): today's itinerary of the patient and the symptom → department recommender.

Itinerary steps are planned by the HIS when the doctor orders tests; a step that refers
to a lab or imaging order or a prescription takes its status from that record, so the
itinerary never disagrees with the report and pharmacy screens.
"""

from __future__ import annotations

import sqlite3

from fastapi import APIRouter

from gateway.core.auth import Device, State
from gateway.core.errors import (
    INTERNAL_ERROR,
    INVALID_REQUEST,
    UNAUTHORIZED,
    GatewayError,
)
from gateway.core.errors import responses as error_responses
from gateway.core.record_errors import UNKNOWN_BODY_AREA, UNKNOWN_SYMPTOM
from gateway.core.timeline import today
from gateway.core.visits import VISIT_EXPIRED, CurrentVisit
from gateway.platform import triage
from gateway.schemas.guidance import (
    Itinerary,
    Step,
    StepStatus,
    TriageArea,
    TriageCatalogue,
    TriageRecommendation,
    TriageRequest,
    TriageResult,
    TriageSymptom,
)
from gateway.schemas.hospital import Location
from gateway.store import itinerary as itinerary_live
from gateway.store.hospital import location_model

router = APIRouter(prefix="/api/v1", tags=["guidance"])


def _location(conn: sqlite3.Connection, code: str | None) -> Location | None:
    row = conn.execute("SELECT * FROM locations WHERE code = ?", (code,)).fetchone()
    return location_model(row) if row is not None else None


def _linked_status(conn: sqlite3.Connection, row: sqlite3.Row) -> tuple[StepStatus, str | None]:
    """The step's status from the record it refers to, and the pickup window."""
    if row["report_id"]:
        report = conn.execute(
            "SELECT collected_min FROM reports WHERE report_id = ?", (row["report_id"],)
        ).fetchone()
        if report is not None and report["collected_min"] is not None:
            return "done", None
    if row["prescription_id"]:
        rx = conn.execute(
            "SELECT status, window FROM prescriptions WHERE prescription_id = ?",
            (row["prescription_id"],),
        ).fetchone()
        if rx is not None:
            status = {"ready": "todo", "collected": "done"}.get(rx["status"], "waiting")
            return status, rx["window"] if rx["status"] == "ready" else None
    return row["status"], None


def _live(conn: sqlite3.Connection, step: itinerary_live.LiveStep) -> Step:
    return Step(
        kind=step.kind, title=step.title, title_en=step.title_en, status=step.status,
        location=_location(conn, step.location_code), queue_position=step.queue_position,
        estimated_wait_min=step.wait_min, window=None, report_id=None, prescription_id=None,
    )


def itinerary(conn: sqlite3.Connection, patient_id: str, now: float) -> Itinerary:
    rows = conn.execute(
        "SELECT * FROM itinerary_steps WHERE patient_id = ? ORDER BY seq", (patient_id,)
    ).fetchall()
    # A booked or checked-in appointment today comes first: it is why the patient is here.
    steps = [_live(conn, s) for s in itinerary_live.consult_steps(conn, patient_id, now)]
    for row in rows:
        status, window = _linked_status(conn, row)
        queued = status != "done" and row["queue_position"] is not None
        steps.append(
            Step(
                kind=row["kind"],
                title=row["title"],
                title_en=row["title_en"],
                status=status,
                location=_location(conn, row["location_code"]),
                queue_position=row["queue_position"] if queued else None,
                estimated_wait_min=row["wait_min"] if queued else None,
                window=window,
                report_id=row["report_id"],
                prescription_id=row["prescription_id"],
            )
        )
    # Bills still unpaid today need a payment step unless one is already open.
    open_payment = any(s.kind == "payment" and s.status != "done" for s in steps)
    if not open_payment and itinerary_live.unpaid_today(conn, patient_id, now):
        steps.append(_live(conn, itinerary_live.payment_step()))
    pending = [i for i, s in enumerate(steps) if s.status != "done"]
    return Itinerary(date=today(now).isoformat(), steps=steps, next=pending[0] if pending else None)


@router.get(
    "/patients/me/itinerary",
    response_model=Itinerary,
    summary="Today's itinerary: what next, where, queue position and wait",
    responses=error_responses(UNAUTHORIZED, VISIT_EXPIRED, INTERNAL_ERROR),
)
def my_itinerary(visit: CurrentVisit, state: State) -> Itinerary:
    with state.db.transaction() as conn:
        return itinerary(conn, visit.patient_id, state.clock())


@router.get(
    "/triage/catalogue",
    response_model=TriageCatalogue,
    summary="Body areas and their symptoms for the recommender",
    responses=error_responses(UNAUTHORIZED, INTERNAL_ERROR),
)
def triage_catalogue(_device: Device) -> TriageCatalogue:
    return TriageCatalogue(
        body_areas=[
            TriageArea(
                code=a.code,
                name=a.name,
                name_en=a.name_en,
                symptoms=[
                    TriageSymptom(code=s.code, name=s.name, name_en=s.name_en, sex=s.sex)
                    for s in a.symptoms
                ],
            )
            for a in triage.BODY_AREAS
        ]
    )


@router.post(
    "/triage",
    response_model=TriageResult,
    summary="Recommend departments for a body area and symptoms",
    description=(
        "Changes nothing, so no `Idempotency-Key` is needed. Red-flag symptoms put "
        "急诊医学科 first with `urgent: true`; children under 14 are sent to paediatrics "
        "for medical complaints."
    ),
    responses=error_responses(
        UNAUTHORIZED, UNKNOWN_BODY_AREA, UNKNOWN_SYMPTOM, INVALID_REQUEST, INTERNAL_ERROR
    ),
)
def recommend(body: TriageRequest, _device: Device) -> TriageResult:
    try:
        found = triage.recommend(body.body_area, body.symptoms, body.age, body.sex)
    except triage.UnknownBodyArea:
        raise GatewayError(UNKNOWN_BODY_AREA) from None
    except triage.UnknownSymptom:
        raise GatewayError(UNKNOWN_SYMPTOM) from None
    return TriageResult(
        recommendations=[TriageRecommendation(**vars(r)) for r in found]
    )
