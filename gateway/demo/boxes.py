"""Boxes to scan at the counter (``GET /demo/v1/boxes``), as the demo panel and tests need them."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from gateway.core.auth import Device, State
from gateway.core.counter_errors import DRUG_NOT_FOUND
from gateway.core.errors import (
    INTERNAL_ERROR,
    INVALID_REQUEST,
    UNAUTHORIZED,
    GatewayError,
    responses,
)
from gateway.core.timeline import today
from gateway.store.drug_codes import gs1_hri

router = APIRouter(prefix="/demo/v1", tags=["demo"])


class DemoBoxModel(BaseModel):
    code: str = Field(description="What the scanner reads (GS1: with the GS separator).")
    hri: str | None = Field(description="GS1 only: the parenthesised form, also accepted.")
    key: str
    drug_code: str
    kind: Literal["trace20", "gs1"]
    state: Literal["fresh", "expired", "dispensed"]
    expiry: str
    batch: str


class DemoBoxes(BaseModel):
    boxes: list[DemoBoxModel]


@router.get(
    "/boxes",
    response_model=DemoBoxes,
    summary="Demo box codes to scan at the counter, by drug and state",
    description="`fresh`: never dispensed and in date; `expired`: past expiry, never "
    "dispensed; `dispensed`: already in the dispensed-code registry. State is computed now, "
    "so a box dispensed by a test is no longer `fresh`.",
    responses=responses(DRUG_NOT_FOUND, UNAUTHORIZED, INVALID_REQUEST, INTERNAL_ERROR),
)
def list_demo_boxes(
    state: State,
    _device: Device,
    drug_code: Annotated[str, Query(max_length=32)],
    box_state: Annotated[Literal["fresh", "expired", "dispensed"], Query(alias="state")] = "fresh",
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> DemoBoxes:
    day = today(state.clock()).isoformat()
    condition = {
        "fresh": "d.code IS NULL AND t.expiry >= :day",
        "expired": "d.code IS NULL AND t.expiry < :day",
        "dispensed": "d.code IS NOT NULL",
    }[box_state]
    with state.db.transaction() as conn:
        if conn.execute("SELECT 1 FROM drugs WHERE drug_code = ?", (drug_code,)).fetchone() is None:
            raise GatewayError(DRUG_NOT_FOUND)
        rows = conn.execute(
            "SELECT t.* FROM trace_codes t LEFT JOIN dispensed_codes d ON d.code = t.code"
            f" WHERE t.drug_code = :drug AND {condition} ORDER BY t.rowid LIMIT :limit",
            {"drug": drug_code, "day": day, "limit": limit},
        ).fetchall()
    return DemoBoxes(boxes=[
        DemoBoxModel(code=r["text"], hri=gs1_hri(r["text"]) if r["kind"] == "gs1" else None,
                     key=r["code"], drug_code=r["drug_code"], kind=r["kind"], state=box_state,
                     expiry=r["expiry"], batch=r["batch"])
        for r in rows
    ])
