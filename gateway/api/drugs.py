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
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from biip import ParseError
from biip.gs1_messages import GS1Message
from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from gateway.api.staff import STAFF_ERRORS, CurrentStaff
from gateway.core.auth import State
from gateway.core.counter_errors import DRUG_NOT_FOUND
from gateway.core.errors import (
    GatewayError,
    responses,
)
from gateway.core.timeline import iso_utc, today
from gateway.store.drug_codes import valid_trace_code

router = APIRouter(prefix="/api/v1/pharmacy", tags=["pharmacy counter"])
@dataclass(frozen=True)
class Box:
    key: str  # registry key: the 20 digits, or 01<GTIN>21<serial>
    kind: str  # "trace20" / "gs1"
    prefix: str | None
    gtin: str | None
    expiry: date | None
    batch: str | None


def parse_box(text: str) -> Box | None:
    """The box a scanned text names, or None when it is no box code."""
    norm = text.strip()
    if norm.isdigit():
        return Box(norm, "trace20", norm[:7], None, None, None) if valid_trace_code(norm) else None
    for symbology in ("]d2", "]C1", "]Q3", "]e0"):
        norm = norm.removeprefix(symbology)
    try:
        message = GS1Message.parse_hri(norm) if norm.startswith("(") else GS1Message.parse(norm)
    except ParseError:
        return None
    strings = message.element_strings
    gtin, serial = strings.get(ai="01"), strings.get(ai="21")
    if gtin is None or gtin.gtin is None or serial is None:
        return None
    expiry, batch = strings.get(ai="17"), strings.get(ai="10")
    return Box(
        key=f"01{gtin.value}21{serial.value}", kind="gs1", prefix=None, gtin=gtin.value,
        expiry=expiry.date if expiry is not None else None,
        batch=batch.value if batch is not None else None,
    )


def box_drug(conn: sqlite3.Connection, box: Box) -> str | None:
    """The catalogue drug a box is, by trace prefix or GTIN."""
    if box.kind == "gs1":
        row = conn.execute("SELECT drug_code FROM drugs WHERE gtin = ?", (box.gtin,)).fetchone()
    else:
        row = conn.execute(
            "SELECT drug_code FROM drug_trace_prefixes WHERE prefix = ?", (box.prefix,)
        ).fetchone()
    return row["drug_code"] if row else None


def box_facts(conn: sqlite3.Connection, box: Box) -> tuple[date | None, str | None]:
    """(expiry, batch): what the box itself says, else what the platform knows of it."""
    row = conn.execute("SELECT batch, expiry FROM trace_codes WHERE code = ?",
                       (box.key,)).fetchone()
    expiry = box.expiry or (date.fromisoformat(row["expiry"]) if row and row["expiry"] else None)
    return expiry, box.batch or (row["batch"] if row else None)


def dispensed(conn: sqlite3.Connection, key: str) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM dispensed_codes WHERE code = ?", (key,)).fetchone()


# -- the catalogue -------------------------------------------------------------------------
class Drug(BaseModel):
    drug_code: str
    name: str = Field(description="Generic name, e.g. `阿托伐他汀钙片`.")
    brand: str | None = Field(description="Trade name, e.g. `立普妥 Lipitor`.")
    spec: str
    unit: str
    gtin: str | None = Field(description="GTIN-14 of imported boxes (GS1 codes), else null.")
    trace_prefixes: list[str] = Field(description="7-digit starts of its 20-digit codes.")
    manufacturer: str


class Drugs(BaseModel):
    drugs: list[Drug]


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


# -- read-only box check ---------------------------------------------------------------------
class CheckRequest(BaseModel):
    codes: list[Annotated[str, Field(min_length=1, max_length=256)]] = Field(
        min_length=1, max_length=200
    )


class CheckResult(BaseModel):
    code: str = Field(description="As sent.")
    valid: bool = Field(description="A traceability code at all (20 digits or GS1).")
    key: str | None = Field(description="The box's registry key (GS1: `01<GTIN>21<serial>`).")
    kind: Literal["trace20", "gs1"] | None
    drug_code: str | None = Field(description="The catalogue drug, or null if none matches.")
    dispensed_before: bool
    dispensed_at: str | None
    expiry: str | None
    expired: bool
    batch: str | None


class CheckResults(BaseModel):
    results: list[CheckResult]


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


