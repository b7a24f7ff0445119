"""Dispensing: what was handed out, against which prescription."""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections import Counter

from gateway.core.counter_errors import (
    BOX_EXPIRED,
    CODE_ALREADY_DISPENSED,
    DUPLICATE_BOX,
    MALFORMED_TRACE_CODE,
    MIXED_PATIENTS,
    PRESCRIPTION_NOT_DISPENSABLE,
    QUANTITY_MISMATCH,
    UNKNOWN_ITEM,
    WRONG_DRUG,
)
from gateway.core.errors import GatewayError
from gateway.core.record_errors import UNKNOWN_PRESCRIPTION
from gateway.core.timeline import iso_utc, offset_of, today
from gateway.schemas.dispense import Dispense, DispenseRequest, Label, ScannedBox
from gateway.store.counter_items import item_id, item_model, item_rows
from gateway.store.counter_queue import UNDISPENSED, mark_dispensed, patient_ref
from gateway.store.drugs import Box, box_drug, box_facts, dispensed, parse_box

SCHEMA = """
CREATE TABLE IF NOT EXISTS dispenses (
    dispense_id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    staff_no TEXT NOT NULL REFERENCES staff (staff_no),
    device TEXT NOT NULL,
    window TEXT NOT NULL,
    prescription_ids TEXT NOT NULL,  -- JSON list
    dispensed_at REAL NOT NULL,
    body TEXT NOT NULL
);
"""


def _prescriptions(conn: sqlite3.Connection, ids: list[str]) -> list[sqlite3.Row]:
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        f"SELECT * FROM prescriptions WHERE prescription_id IN ({marks})", ids
    ).fetchall()
    if len(rows) != len(ids):
        raise GatewayError(UNKNOWN_PRESCRIPTION)
    if len({r["patient_id"] for r in rows}) != 1:
        raise GatewayError(MIXED_PATIENTS)
    if any(r["status"] not in UNDISPENSED for r in rows):
        raise GatewayError(PRESCRIPTION_NOT_DISPENSABLE)
    return rows


def _boxes(
    conn: sqlite3.Connection, body: DispenseRequest, items: dict[str, sqlite3.Row], now: float
) -> list[tuple[ScannedBox, Box]]:
    unknown = sorted({b.item_id for b in body.boxes if b.item_id not in items})
    if unknown:
        raise GatewayError(UNKNOWN_ITEM, {"item_ids": unknown})
    parsed = [(b, parse_box(b.code)) for b in body.boxes]
    # Positions, not texts: a wrong scan may be anything, a patient's health code included.
    malformed = [i for i, (_b, box) in enumerate(parsed) if box is None]
    if malformed:
        raise GatewayError(MALFORMED_TRACE_CODE, {"boxes": malformed})
    pairs = [(b, box) for b, box in parsed if box is not None]
    counts = Counter(box.key for _b, box in pairs)

    def fail(kind, bad: list[ScannedBox]) -> None:
        if bad:
            raise GatewayError(kind, {"codes": list(dict.fromkeys(b.code.strip() for b in bad))})

    fail(DUPLICATE_BOX, [b for b, box in pairs if counts[box.key] > 1])
    fail(CODE_ALREADY_DISPENSED, [b for b, box in pairs if dispensed(conn, box.key)])
    fail(WRONG_DRUG, [
        b for b, box in pairs
        if items[b.item_id]["drug_code"] is None
        or box_drug(conn, box) != items[b.item_id]["drug_code"]
    ])
    day = today(now)
    fail(BOX_EXPIRED, [
        b for b, box in pairs if (expiry := box_facts(conn, box)[0]) is not None and expiry < day
    ])
    scanned = Counter(b.item_id for b in body.boxes)
    wrong = [
        {"item_id": key, "prescribed": row["qty"], "scanned": scanned[key]}
        for key, row in items.items() if scanned[key] != row["qty"]
    ]
    if wrong:
        raise GatewayError(QUANTITY_MISMATCH, {"items": wrong})
    return pairs


def dispense_change(
    conn: sqlite3.Connection, body: DispenseRequest, staff_no: str, window: str, device: str,
    now: float,
) -> Dispense:
    rxs = _prescriptions(conn, body.prescription_ids)
    patient_id = rxs[0]["patient_id"]
    rows = item_rows(conn, body.prescription_ids)
    items = {item_id(r["prescription_id"], r["seq"]): r for r in rows}
    pairs = _boxes(conn, body, items, now)
    dispense_id = "DS" + secrets.token_hex(8).upper()
    conn.executemany(
        "INSERT INTO dispensed_codes (code, drug_code, dispense_id, prescription_id, item_seq,"
        " dispensed_at) VALUES (?, ?, ?, ?, ?, ?)",
        [(box.key, items[b.item_id]["drug_code"], dispense_id,
          items[b.item_id]["prescription_id"], items[b.item_id]["seq"], now)
         for b, box in pairs],
    )
    marks = ",".join("?" * len(body.prescription_ids))
    minute = offset_of(now, now)
    conn.execute(
        "UPDATE prescriptions SET status = 'collected', collected_min = ?,"
        f" ready_min = COALESCE(ready_min, ?), window = COALESCE(window, ?)"
        f" WHERE prescription_id IN ({marks})",
        (minute, minute, window, *body.prescription_ids),
    )
    windows = {r["window"] or window for r in rxs}
    mark_dispensed(conn, patient_id, windows, dispense_id, now)
    result = Dispense(
        dispense_id=dispense_id, dispensed_at=iso_utc(now), staff_no=staff_no,
        window=window, patient_ref=patient_ref(conn, patient_id, now),
        prescription_ids=body.prescription_ids,
        labels=[Label(**item_model(r).model_dump()) for r in rows],
    )
    conn.execute(
        "INSERT INTO dispenses VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (dispense_id, patient_id, staff_no, device, window,
         json.dumps(body.prescription_ids), now, result.model_dump_json()),
    )
    return result
