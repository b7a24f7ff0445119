"""Insured patients with fresh bills, for the insurance and e-bill tests (in-process)."""

from __future__ import annotations

import secrets
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from tests.gateway.service_client import key

INSURED = """
SELECT p.patient_id, p.health_card_id FROM patients p JOIN residents r USING (health_card_id)
WHERE p.insured = 1 AND r.card_status = 'active' ORDER BY p.patient_id
"""


def insured_cards(db_path: Path) -> list[tuple[str, str]]:
    with closing(sqlite3.connect(db_path)) as conn:
        return [tuple(r) for r in conn.execute(INSURED)]


def new_bill(db_path: Path, patient_id: str, now: float, lines: int = 3) -> str:
    """A fresh unpaid bill of items copied from the demo's own bills."""
    bill_id = "BT" + secrets.token_hex(6).upper()
    with closing(sqlite3.connect(db_path)) as conn, conn:
        template = conn.execute("SELECT date, department_code, doctor_id FROM bills LIMIT 1").fetchone()
        conn.execute("INSERT INTO bills VALUES (?, ?, ?, ?, ?, 'unpaid', NULL, ?)",
                     (bill_id, patient_id, *template, now))
        items = conn.execute("SELECT name, spec, unit, qty, price_fen, amount_fen, category,"
                             " insurance_class FROM bill_items ORDER BY random() LIMIT ?",
                             (lines,)).fetchall()
        for line, item in enumerate(items, 1):
            conn.execute("INSERT INTO bill_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (bill_id, line, *item))
    return bill_id


def voucher(client: Any, card: str) -> str:
    answer = client.post(f"/demo/v1/cards/{card}/codes", json={"kind": "insurance"})
    assert answer.status_code == 200, answer.text
    return answer.json()["text"]


def pay(client: Any, headers: dict, preview: dict) -> str:
    order = client.post("/api/v1/payments", json={
        "purpose": "bills", "reference": preview["preview_id"],
        "amount_fen": preview["self_pay_fen"]}, headers=key(headers))
    assert order.status_code == 201, order.text
    payment_id = order.json()["payment_id"]
    done = client.post(f"/demo/v1/payments/{payment_id}/confirm", json={"method": "wechat"})
    assert done.status_code == 200, done.text
    return payment_id


MEMBERS = """
SELECT p.patient_id, p.health_card_id, p.id_number FROM patients p
JOIN residents r USING (health_card_id) WHERE p.insured = 1 AND r.card_status = 'active'
ORDER BY p.patient_id
"""


def members(app, insutype: str, *, account: bool) -> list[tuple[str, str, str]]:
    """(patient_id, card, id_number) of active insured members of ``insutype``, with a
    personal account worth using or without."""
    path = app.state.gateway.settings.db_path
    with closing(sqlite3.connect(path)) as gw, \
            closing(sqlite3.connect(app.state.gateway.insurer.path)) as ins:
        people = {row[0]: row[1] for row in ins.execute(
            "SELECT id_number, account_fen FROM nhsa_persons WHERE insutype = ?", (insutype,))}
        return [r for r in gw.execute(MEMBERS)
                if r[2] in people and (people[r[2]] > 20_000) == account]


def account(app, id_number: str) -> int:
    with closing(sqlite3.connect(app.state.gateway.insurer.path)) as ins:
        return ins.execute("SELECT account_fen FROM nhsa_persons WHERE id_number = ?",
                           (id_number,)).fetchone()[0]
