"""Pharmacy pickup: the patient's prescriptions, their status and the window to go to.

A prescription moves paid → preparing → ready (at a window) → collected; the pharmacy
system drives it, the kiosk only shows it. Chronic-disease prescriptions (长期处方) are
flagged because they can be renewed without a new consultation (see health services).
"""

from __future__ import annotations

import sqlite3
from typing import Annotated

from fastapi import APIRouter, Query

from gateway.core.auth import State
from gateway.core.errors import INTERNAL_ERROR, INVALID_REQUEST, UNAUTHORIZED
from gateway.core.errors import responses as error_responses
from gateway.core.timeline import instant
from gateway.core.visits import VISIT_EXPIRED, CurrentVisit
from gateway.schemas.pharmacy import Prescription, PrescriptionItem, Prescriptions

router = APIRouter(prefix="/api/v1", tags=["pharmacy"])


def usage_text(route: str, dose: str, frequency: str, note: str = "") -> str:
    return " ".join(part for part in (route, dose, frequency, note) if part)


def _items(conn: sqlite3.Connection, prescription_id: str) -> list[PrescriptionItem]:
    rows = conn.execute(
        "SELECT * FROM prescription_items WHERE prescription_id = ? ORDER BY seq",
        (prescription_id,),
    ).fetchall()
    return [
        PrescriptionItem(
            drug=r["drug"],
            spec=r["spec"],
            qty=r["qty"],
            unit=r["unit"],
            usage=usage_text(r["route"], r["dose"], r["frequency"], r["note"]),
            route=r["route"],
            dose=r["dose"],
            frequency=r["frequency"],
            days=r["days"],
            note=r["note"],
        )
        for r in rows
    ]


def prescription_model(conn: sqlite3.Connection, row: sqlite3.Row, now: float) -> Prescription:
    return Prescription(
        prescription_id=row["prescription_id"],
        status=row["status"],
        department=row["department"],
        doctor=row["doctor"],
        diagnosis=row["diagnosis"],
        chronic=bool(row["chronic"]),
        pharmacy=row["pharmacy"],
        location_code=row["location_code"],
        # A window is assigned only when the drugs wait there.
        window=row["window"] if row["status"] in ("ready", "collected") else None,
        prescribed_at=instant(now, row["prescribed_min"]),
        paid_at=instant(now, row["paid_min"]),
        ready_at=instant(now, row["ready_min"]),
        collected_at=instant(now, row["collected_min"]),
        items=_items(conn, row["prescription_id"]),
    )


def list_prescriptions(
    conn: sqlite3.Connection, patient_id: str, now: float, chronic: bool | None = None
) -> Prescriptions:
    sql = "SELECT * FROM prescriptions WHERE patient_id = ?"
    args: list[object] = [patient_id]
    if chronic is not None:
        sql += " AND chronic = ?"
        args.append(int(chronic))
    rows = conn.execute(sql + " ORDER BY prescribed_min DESC, prescription_id", args).fetchall()
    return Prescriptions(prescriptions=[prescription_model(conn, r, now) for r in rows])


@router.get(
    "/patients/me/prescriptions",
    response_model=Prescriptions,
    summary="The patient's prescriptions with pickup status and window, newest first",
    description="`chronic=true` lists only chronic-disease prescriptions (renewable).",
    responses=error_responses(UNAUTHORIZED, VISIT_EXPIRED, INVALID_REQUEST, INTERNAL_ERROR),
)
def my_prescriptions(
    visit: CurrentVisit,
    state: State,
    chronic: Annotated[bool | None, Query(description="Filter on the chronic flag.")] = None,
) -> Prescriptions:
    with state.db.transaction() as conn:
        return list_prescriptions(conn, visit.patient_id, state.clock(), chronic)
