"""The drug catalogue, box codes and the dispensed-code registry.

``parse_box`` turns what a scanner read off a box into a ``Box``: a 20-digit traceability
code, or a GS1 element string parsed by biip ((01) GTIN with a valid check digit and (21)
serial are required; (17) expiry and (10) batch are read when present). A GS1 box is keyed
by GTIN + serial, so the same box scanned with its elements in another order or in
parenthesised form is still the same box to the registry. The 13-digit 69… product code
is refused: it names a product, not a box.

``trace_codes`` plays the traceability platform (码上放心): what it knows of each box
(batch, expiry). ``dispensed_codes`` is the hospital-wide registry of boxes handed out; its
primary key is the last line of defence against dispensing one box twice.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from gateway.api.staff import STAFF_ERRORS, CurrentStaff
from gateway.core.auth import State
from gateway.core.counter_errors import DRUG_NOT_FOUND
from gateway.core.errors import GatewayError, responses
from gateway.schemas.drugs import CheckRequest, CheckResults, Drug, Drugs
from gateway.store.drugs import check_code, drug_model

router = APIRouter(prefix="/api/v1/pharmacy", tags=["pharmacy counter"])


@router.get("/drugs", response_model=Drugs, summary="The drug catalogue",
            responses=responses(*STAFF_ERRORS))
def list_drugs(state: State, _staff: CurrentStaff) -> Drugs:
    with state.db.transaction() as conn:
        rows = conn.execute("SELECT * FROM drugs ORDER BY drug_code").fetchall()
        return Drugs(drugs=[drug_model(conn, r) for r in rows])


@router.get("/drugs/{drug_code}", response_model=Drug, summary="One catalogue drug",
            responses=responses(DRUG_NOT_FOUND, *STAFF_ERRORS))
def get_drug(
    state: State, _staff: CurrentStaff, drug_code: Annotated[str, Path(max_length=32)]
) -> Drug:
    with state.db.transaction() as conn:
        row = conn.execute("SELECT * FROM drugs WHERE drug_code = ?", (drug_code,)).fetchone()
        if row is None:
            raise GatewayError(DRUG_NOT_FOUND)
        return drug_model(conn, row)


@router.post(
    "/trace-codes/check",
    response_model=CheckResults,
    summary="Check scanned box codes (read-only): drug, expiry, dispensed before",
    responses=responses(*STAFF_ERRORS),
)
def check_codes(body: CheckRequest, state: State, _staff: CurrentStaff) -> CheckResults:
    now = state.clock()
    with state.db.transaction() as conn:
        return CheckResults(results=[check_code(conn, c, now) for c in body.codes])


