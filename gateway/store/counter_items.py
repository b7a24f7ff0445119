"""The counter's view of prescription items: ids, rows and their models."""

from __future__ import annotations

import sqlite3

from gateway.schemas.counter_patients import CounterItem


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
