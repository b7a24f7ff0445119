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

import sqlite3
from typing import Annotated

from fastapi import APIRouter, Path

from gateway.api.staff import STAFF_ERRORS, CurrentStaff
from gateway.core.auth import State
from gateway.core.counter_errors import DRUG_NOT_FOUND
from gateway.core.errors import GatewayError, responses
from gateway.core.timeline import iso_utc, today
from gateway.schemas.drugs import CheckRequest, CheckResult, CheckResults, Drug, Drugs
from gateway.store.drugs import box_drug, box_facts, dispensed, parse_box

router = APIRouter(prefix="/api/v1/pharmacy", tags=["pharmacy counter"])


def _drug_model(conn: sqlite3.Connection, row: sqlite3.Row) -> Drug:
    prefixes = conn.execute(
        "SELECT prefix FROM drug_trace_prefixes WHERE drug_code = ? ORDER BY prefix",
        (row["drug_code"],),
    ).fetchall()
    return Drug(**{k: row[k] for k in row.keys()}, trace_prefixes=[p[0] for p in prefixes])


@router.get("/drugs", response_model=Drugs, summary="The drug catalogue",
            responses=responses(*STAFF_ERRORS))
def list_drugs(state: State, _staff: CurrentStaff) -> Drugs:
    with state.db.transaction() as conn:
        rows = conn.execute("SELECT * FROM drugs ORDER BY drug_code").fetchall()
        return Drugs(drugs=[_drug_model(conn, r) for r in rows])


@router.get("/drugs/{drug_code}", response_model=Drug, summary="One catalogue drug",
            responses=responses(DRUG_NOT_FOUND, *STAFF_ERRORS))
def get_drug(
    state: State, _staff: CurrentStaff, drug_code: Annotated[str, Path(max_length=32)]
) -> Drug:
    with state.db.transaction() as conn:
        row = conn.execute("SELECT * FROM drugs WHERE drug_code = ?", (drug_code,)).fetchone()
        if row is None:
            raise GatewayError(DRUG_NOT_FOUND)
        return _drug_model(conn, row)


def check_code(conn: sqlite3.Connection, text: str, now: float) -> CheckResult:
    box = parse_box(text)
    if box is None:
        return CheckResult(code=text, valid=False, key=None, kind=None, drug_code=None,
                           dispensed_before=False, dispensed_at=None, expiry=None,
                           expired=False, batch=None)
    expiry, batch = box_facts(conn, box)
    seen = dispensed(conn, box.key)
    return CheckResult(
        code=text, valid=True, key=box.key, kind=box.kind, drug_code=box_drug(conn, box),
        dispensed_before=seen is not None,
        dispensed_at=iso_utc(seen["dispensed_at"]) if seen else None,
        expiry=expiry.isoformat() if expiry else None,
        expired=expiry is not None and expiry < today(now), batch=batch,
    )


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


