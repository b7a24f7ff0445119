"""The drug catalogue, box codes as scanned, and the registry of dispensed boxes."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from biip import ParseError
from biip.gs1_messages import GS1Message

from gateway.core.timeline import iso_utc, today
from gateway.schemas.drugs import CheckResult, Drug
from gateway.store.drug_codes import valid_trace_code

SCHEMA = """
CREATE TABLE IF NOT EXISTS drugs (
    drug_code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    brand TEXT,
    spec TEXT NOT NULL,
    unit TEXT NOT NULL,
    manufacturer TEXT NOT NULL,
    gtin TEXT UNIQUE
);
CREATE TABLE IF NOT EXISTS drug_trace_prefixes (
    prefix TEXT PRIMARY KEY CHECK (length(prefix) = 7),
    drug_code TEXT NOT NULL REFERENCES drugs (drug_code)
);
-- Which catalogue drug fills each prescription item.
CREATE TABLE IF NOT EXISTS prescription_item_drugs (
    prescription_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    drug_code TEXT NOT NULL REFERENCES drugs (drug_code),
    PRIMARY KEY (prescription_id, seq),
    FOREIGN KEY (prescription_id, seq) REFERENCES prescription_items (prescription_id, seq)
);
CREATE TABLE IF NOT EXISTS trace_codes (
    code TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    drug_code TEXT NOT NULL REFERENCES drugs (drug_code),
    kind TEXT NOT NULL CHECK (kind IN ('trace20', 'gs1')),
    batch TEXT,
    expiry TEXT
);
CREATE INDEX IF NOT EXISTS trace_codes_by_drug ON trace_codes (drug_code);
CREATE TABLE IF NOT EXISTS dispensed_codes (
    code TEXT PRIMARY KEY,
    drug_code TEXT NOT NULL,
    dispense_id TEXT,  -- NULL for boxes dispensed before this system's records begin
    prescription_id TEXT,
    item_seq INTEGER,
    dispensed_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS dispensed_codes_by_dispense ON dispensed_codes (dispense_id);
"""


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


def drug_model(conn: sqlite3.Connection, row: sqlite3.Row) -> Drug:
    prefixes = conn.execute(
        "SELECT prefix FROM drug_trace_prefixes WHERE drug_code = ? ORDER BY prefix",
        (row["drug_code"],),
    ).fetchall()
    return Drug(**{k: row[k] for k in row.keys()}, trace_prefixes=[p[0] for p in prefixes])


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
