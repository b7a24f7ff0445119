"""The patient at the counter: resolving a scan or receipt number to the patient, and their
undispensed prescription items (ids, rows and models)."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date

from gateway.core.errors import UNKNOWN_PATIENT, GatewayError
from gateway.core.scan import INPATIENT_NO
from gateway.core.timeline import instant, today
from gateway.platform.interface import CodeUse, HealthCardPlatform
from gateway.schemas.counter_patients import (
    CounterItem,
    CounterPatient,
    CounterPrescription,
    Lookup,
)
from gateway.store.counter_queue import UNDISPENSED, patient_ref
from gateway.store.identify import resolve_patient
from gateway.store.patients import PATIENT_SELECT


def item_id(prescription_id: str, seq: int) -> str:
    return f"{prescription_id}-{seq}"


def item_rows(conn: sqlite3.Connection, prescription_ids: list[str]) -> list[sqlite3.Row]:
    marks = ",".join("?" * len(prescription_ids))
    return conn.execute(
        "SELECT i.*, m.drug_code, d.brand FROM prescription_items i"
        " LEFT JOIN prescription_item_drugs m"
        " ON m.prescription_id = i.prescription_id AND m.seq = i.seq"
        " LEFT JOIN drugs d ON d.drug_code = m.drug_code"
        f" WHERE i.prescription_id IN ({marks}) ORDER BY i.prescription_id, i.seq",
        prescription_ids,
    ).fetchall()


def item_model(row: sqlite3.Row) -> CounterItem:
    return CounterItem(
        item_id=item_id(row["prescription_id"], row["seq"]), drug_code=row["drug_code"],
        drug=row["drug"], brand=row["brand"], spec=row["spec"], qty=row["qty"],
        unit=row["unit"], usage=row["route"], dose=row["dose"], frequency=row["frequency"],
        days=row["days"], notes=row["note"],
    )


# A settlement's receipt number as printed in its barcode (an optional leading R is the
# prefix some receipt printers add).
RECEIPT = re.compile(r"R?(?P<no>[0-9]{14})")


def _age(birth_date: str, on: date) -> int:
    born = date.fromisoformat(birth_date)
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _resolve(conn: sqlite3.Connection, text: str, now: float, platform: HealthCardPlatform | None,
             wristband: re.Pattern[str]) -> tuple[sqlite3.Row, str]:
    if m := RECEIPT.fullmatch(text.strip().upper()):
        row = conn.execute(
            f"{PATIENT_SELECT} WHERE p.patient_id ="
            " (SELECT patient_id FROM settlements WHERE receipt_no = ?)", (m["no"],),
        ).fetchone()
        if row is None:
            raise GatewayError(UNKNOWN_PATIENT)
        return row, "receipt"
    return resolve_patient(conn, text, now, platform, CodeUse(terminal_id="", channel="0100"),
                           wristband)


def lookup_patient(conn: sqlite3.Connection, text: str, now: float,
                   platform: HealthCardPlatform | None = None,
                   wristband: re.Pattern[str] = INPATIENT_NO) -> Lookup:
    row, matched_by = _resolve(conn, text, now, platform, wristband)
    record = conn.execute("SELECT allergies FROM health_records WHERE patient_id = ?",
                          (row["patient_id"],)).fetchone()
    rxs = conn.execute(
        "SELECT * FROM prescriptions WHERE patient_id = ? AND status IN (?, ?, ?)"
        " ORDER BY paid_min, prescription_id", (row["patient_id"], *UNDISPENSED),
    ).fetchall()
    items: dict[str, list[CounterItem]] = {}
    for item in item_rows(conn, [r["prescription_id"] for r in rxs]) if rxs else []:
        items.setdefault(item["prescription_id"], []).append(item_model(item))
    return Lookup(
        patient=CounterPatient(
            patient_ref=patient_ref(conn, row["patient_id"], now), name=row["name"],
            gender=row["gender"], age=_age(row["birth_date"], today(now)),
            allergies=json.loads(record["allergies"]) if record else [],
            health_card_id=row["health_card_id"] if row["card_status"] == "active" else None,
            matched_by=matched_by,
        ),
        prescriptions=[
            CounterPrescription(
                prescription_id=r["prescription_id"], status=r["status"], window=r["window"],
                doctor=r["doctor"], department=r["department"], diagnosis=r["diagnosis"],
                paid_at=instant(now, r["paid_min"]), items=items.get(r["prescription_id"], []),
            )
            for r in rxs
        ],
    )
