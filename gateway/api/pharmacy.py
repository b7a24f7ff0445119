"""Pharmacy pickup: the patient's prescriptions, their status and the window to go to.

A prescription moves paid → preparing → ready (at a window) → collected; the pharmacy
system drives it, the kiosk only shows it. Chronic-disease prescriptions (长期处方) are
flagged because they can be renewed without a new consultation (see health services).
"""

from __future__ import annotations

import sqlite3
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from gateway.core.auth import State
from gateway.core.errors import (
    INTERNAL_ERROR,
    INVALID_REQUEST,
    UNAUTHORIZED,
    ErrorKind,
    GatewayError,
)
from gateway.core.errors import responses as error_responses
from gateway.core.timeline import instant
from gateway.core.visits import VISIT_EXPIRED, CurrentVisit

UNKNOWN_PRESCRIPTION = ErrorKind(
    "unknown_prescription", 404, "No such prescription for this patient.", "未找到该处方"
)

router = APIRouter(prefix="/api/v1", tags=["pharmacy"])


class PrescriptionItem(BaseModel):
    drug: str = Field(description="Generic name, e.g. `苯磺酸氨氯地平片`.")
    spec: str = Field(description="Strength and pack, e.g. `5mg×28片`.")
    qty: int
    unit: str = Field(description="Dispensing unit, e.g. `盒`.")
    usage: str = Field(description="The label text, e.g. `口服 一次1片 一日3次`.")
    route: str = Field(description="e.g. `口服`, `外用`.")
    dose: str = Field(description="e.g. `一次1片`.")
    frequency: str = Field(description="e.g. `一日3次`.")
    days: int
    note: str = Field(description="e.g. `饭后服用`; may be empty.")


class Prescription(BaseModel):
    prescription_id: str
    status: Literal["paid", "preparing", "ready", "collected"]
    department: str
    doctor: str
    diagnosis: str
    chronic: bool = Field(description="A chronic-disease prescription that can be renewed.")
    pharmacy: str = Field(description="e.g. `门诊西药房`.")
    location_code: str | None = Field(description="Where the pharmacy is (`GET /locations`).")
    window: str | None = Field(description="Pickup window once ready, e.g. `3`.")
    prescribed_at: str
    paid_at: str | None
    ready_at: str | None
    collected_at: str | None
    items: list[PrescriptionItem]


class Prescriptions(BaseModel):
    prescriptions: list[Prescription]


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


def own_prescription(
    conn: sqlite3.Connection, patient_id: str, prescription_id: str
) -> sqlite3.Row:
    row = conn.execute(
        "SELECT * FROM prescriptions WHERE prescription_id = ? AND patient_id = ?",
        (prescription_id, patient_id),
    ).fetchone()
    if row is None:
        raise GatewayError(UNKNOWN_PRESCRIPTION)
    return row


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
