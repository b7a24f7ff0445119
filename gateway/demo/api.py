"""Demo-only endpoints (``/demo/v1``): let the kiosk's demo panel and tests obtain codes
the way a patient's phone would. A hospital's production gateway does not offer these."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query

from gateway.core.auth import Device, State
from gateway.core.errors import (
    INTERNAL_ERROR,
    INVALID_REQUEST,
    NOT_INSURED,
    NOT_REGISTERED,
    UNAUTHORIZED,
    UNKNOWN_CODE,
    responses,
)
from gateway.platform import health_card
from gateway.schemas.identify import CodeRequest, CodeResponse, DemoPatient, DemoPatients

router = APIRouter(prefix="/demo/v1", tags=["demo"])

CardId = Annotated[
    str, Path(pattern=r"^[0-9A-Fa-f]{64}$", description="64-hex health card id.")
]

_LISTING = """
SELECT r.health_card_id, r.name, r.gender, r.card_status, r.id_number, r.birth_date,
       p.patient_id, p.insured
FROM residents r LEFT JOIN patients p ON p.health_card_id = r.health_card_id
"""


def _demo_patient(row: sqlite3.Row) -> DemoPatient:
    if row["patient_id"] is None:
        status = "unregistered"
    else:
        status = row["card_status"]
    return DemoPatient(
        patient_id=row["patient_id"],
        name=row["name"],
        gender=row["gender"],
        health_card_id=row["health_card_id"],
        status=status,
        insured=bool(row["insured"]),
        id_number=row["id_number"],
        birth_date=row["birth_date"],
    )


def list_demo_patients(conn: sqlite3.Connection, limit: int) -> list[DemoPatient]:
    """The first ``limit`` active patients, then one cancelled card and one unregistered
    resident, so every demo panel can show each outcome."""
    active = conn.execute(
        _LISTING + " WHERE r.card_status = 'active' AND p.patient_id IS NOT NULL"
        " ORDER BY p.patient_id LIMIT ?",
        (limit,),
    ).fetchall()
    cancelled = conn.execute(
        _LISTING + " WHERE r.card_status = 'cancelled' ORDER BY p.patient_id LIMIT 1"
    ).fetchall()
    unregistered = conn.execute(
        _LISTING + " WHERE p.patient_id IS NULL AND r.card_status = 'active'"
        " ORDER BY r.id_number LIMIT 1"
    ).fetchall()
    return [_demo_patient(r) for r in [*active, *cancelled, *unregistered]]


@router.get(
    "/patients",
    response_model=DemoPatients,
    summary="Demo cards to scan",
    responses=responses(UNAUTHORIZED, INVALID_REQUEST, INTERNAL_ERROR),
)
def demo_patients(
    state: State, _device: Device, limit: Annotated[int, Query(ge=1, le=1000)] = 20
) -> DemoPatients:
    with state.db.transaction() as conn:
        return DemoPatients(patients=list_demo_patients(conn, limit))


def iso(ts: float | None) -> str | None:
    return None if ts is None else datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds")


def issue(state, conn: sqlite3.Connection, card_id: str, req: CodeRequest) -> health_card.IssuedCode:
    issued_at = state.clock() - req.age_s
    lifetime = state.settings.code_lifetime
    if req.kind == "static":
        return health_card.issue_static(conn, card_id, req.org_code)
    if req.kind == "insurance":
        return health_card.issue_voucher(conn, card_id, issued_at, lifetime)
    return health_card.issue_dynamic(conn, card_id, req.org_code, issued_at, lifetime)


@router.post(
    "/cards/{health_card_id}/codes",
    response_model=CodeResponse,
    summary="Issue a code for a demo card, as the patient's phone would show it",
    description=(
        "`dynamic` codes expire after the gateway's code lifetime; `age_s` back-dates the "
        "issue time so a test can obtain an already expired code. `insurance` issues a demo "
        "insurance e-voucher (`NHSA` + 32 hex) for an insured patient."
    ),
    responses=responses(UNAUTHORIZED, UNKNOWN_CODE, NOT_REGISTERED, NOT_INSURED,
                        INVALID_REQUEST, INTERNAL_ERROR),
)
def issue_code(
    health_card_id: CardId, body: CodeRequest, state: State, _device: Device
) -> CodeResponse:
    with state.db.transaction() as conn:
        code = issue(state, conn, health_card_id.upper(), body)
    return CodeResponse(text=code.text, expires_at=iso(code.expires_at))
