"""Prescriptions and their items: the patient's list, their status and pickup window."""

from __future__ import annotations

import sqlite3

from gateway.core.errors import GatewayError
from gateway.core.record_errors import UNKNOWN_PRESCRIPTION
from gateway.core.timeline import days_back, instant, offset_of
from gateway.schemas.pharmacy import Prescription, PrescriptionItem, Prescriptions
from gateway.store import glossary
from gateway.store.hospital import department_en

SCHEMA = """
CREATE TABLE IF NOT EXISTS prescriptions (
    prescription_id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    status TEXT NOT NULL CHECK (status IN ('paid', 'preparing', 'ready', 'collected')),
    department TEXT NOT NULL,
    doctor TEXT NOT NULL,
    diagnosis TEXT NOT NULL,
    chronic INTEGER NOT NULL,
    pharmacy TEXT NOT NULL,
    location_code TEXT,
    window TEXT,
    -- instants as minutes after today's local midnight (gateway.core.timeline)
    prescribed_min INTEGER NOT NULL,
    paid_min INTEGER,
    ready_min INTEGER,
    collected_min INTEGER
);
CREATE INDEX IF NOT EXISTS prescriptions_patient ON prescriptions (patient_id);
CREATE TABLE IF NOT EXISTS prescription_items (
    prescription_id TEXT NOT NULL REFERENCES prescriptions (prescription_id),
    seq INTEGER NOT NULL,
    drug TEXT NOT NULL,
    spec TEXT NOT NULL,
    qty INTEGER NOT NULL,
    unit TEXT NOT NULL,
    route TEXT NOT NULL,
    dose TEXT NOT NULL,
    frequency TEXT NOT NULL,
    days INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (prescription_id, seq)
);
"""


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


def usage_text(route: str, dose: str, frequency: str, note: str = "") -> str:
    return " ".join(part for part in (route, dose, frequency, note) if part)


def _items(conn: sqlite3.Connection, prescription_id: str) -> list[PrescriptionItem]:
    rows = conn.execute(
        "SELECT * FROM prescription_items WHERE prescription_id = ? ORDER BY seq",
        (prescription_id,),
    ).fetchall()
    parts = ("route", "dose", "frequency", "note")
    known = glossary.english(
        conn, [t for r in rows for t in (r["drug"], r["unit"])] + [r[p] for r in rows for p in parts]
    )
    return [
        PrescriptionItem(
            drug=r["drug"],
            drug_en=known.get(r["drug"]),
            spec=r["spec"],
            qty=r["qty"],
            unit=r["unit"],
            unit_en=known.get(r["unit"]),
            usage=usage_text(*(r[p] for p in parts)),
            usage_en=glossary.label_en(known, *(r[p] for p in parts)),
            route=r["route"],
            dose=r["dose"],
            frequency=r["frequency"],
            days=r["days"],
            note=r["note"],
        )
        for r in rows
    ]


def prescription_model(conn: sqlite3.Connection, row: sqlite3.Row, now: float) -> Prescription:
    # Nothing is shown as prescribed, paid or ready at a time still to come today.
    back = days_back(now, row["prescribed_min"], row["paid_min"], row["ready_min"], row["collected_min"])

    def at(offset: int | None) -> str | None:
        return instant(now, None if offset is None else offset - back)

    return Prescription(
        prescription_id=row["prescription_id"],
        status=row["status"],
        department=row["department"],
        department_en=department_en(conn, row["department"]),
        doctor=row["doctor"],
        diagnosis=row["diagnosis"],
        diagnosis_en=glossary.one(conn, row["diagnosis"]),
        chronic=bool(row["chronic"]),
        pharmacy=row["pharmacy"],
        location_code=row["location_code"],
        # A window is assigned only when the drugs wait there.
        window=row["window"] if row["status"] in ("ready", "collected") else None,
        prescribed_at=at(row["prescribed_min"]),
        paid_at=at(row["paid_min"]),
        ready_at=at(row["ready_min"]),
        collected_at=at(row["collected_min"]),
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
    rows = conn.execute(sql + " ORDER BY prescription_id", args).fetchall()
    models = [prescription_model(conn, r, now) for r in rows]
    # Newest first by the times shown, which may have been moved back (days_back).
    models.sort(key=lambda m: m.prescribed_at or "", reverse=True)
    return Prescriptions(prescriptions=models)


# The outpatient pharmacy that fills what is paid at a kiosk or a cashier.
OUTPATIENT_PHARMACY = ("门诊西药房", "OP1-PHARM")


def prescribe_paid(
    conn: sqlite3.Connection, patient_id: str, bill_ids: list[str], window: str | None, now: float
) -> list[str]:
    """The drug lines of bills just paid, as prescriptions the pharmacy now prepares.

    A bill's medicine goes to the pharmacy once paid; without this the patient who has just
    paid at the kiosk finds nothing in 取药查询 and does not know where to go.
    """
    paid = offset_of(now, now)
    made = []
    for bill_id in bill_ids:
        lines = conn.execute(
            "SELECT name, spec, unit, qty FROM bill_items WHERE bill_id = ? AND category = 'drug'"
            " ORDER BY line", (bill_id,),
        ).fetchall()
        if not lines:
            continue
        bill = conn.execute(
            "SELECT p.name AS department, d.name AS doctor, b.created_at FROM bills b"
            " JOIN departments p ON p.code = b.department_code"
            " JOIN doctors d ON d.doctor_id = b.doctor_id WHERE b.bill_id = ?", (bill_id,),
        ).fetchone()
        rx_id = "RX" + bill_id
        conn.execute(
            "INSERT OR IGNORE INTO prescriptions VALUES (?, ?, 'paid', ?, ?, '', 0, ?, ?, ?, ?, ?, NULL, NULL)",
            (rx_id, patient_id, bill["department"], bill["doctor"], *OUTPATIENT_PHARMACY, window,
             min(offset_of(now, bill["created_at"]), paid), paid),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO prescription_items VALUES (?, ?, ?, ?, ?, ?, '', '', '', 0, ?)",
            [(rx_id, seq, r["name"], r["spec"], r["qty"], r["unit"], "遵医嘱")
             for seq, r in enumerate(lines, start=1)],
        )
        made.append(rx_id)
    return made
