"""The money trail of one receipt (or order, or provider transaction): every record the
kiosk journal, the payment provider, the hospital and insurance keep of it, in time order.
Read only; amounts in fen; no patient data (staff look it up by the number on the slip)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from gateway.store import insurance_records, reconciliation_inpatient


@dataclass(frozen=True)
class Step:
    at: float
    source: str  # journal, provider, hospital, insurance
    what: str
    amount_fen: int | None
    ref: str


def _receipt(conn: sqlite3.Connection, ref: str, provider) -> tuple[list[Step], str | None]:
    steps: list[Step] = []
    row = conn.execute("SELECT receipt_no, payment_id, body, settled_at FROM settlements"
                       " WHERE receipt_no = ?", (ref,)).fetchone()
    if row is not None:
        body = json.loads(row["body"])
        steps.append(Step(row["settled_at"], "hospital", "bills settled", body["self_pay_fen"],
                          row["receipt_no"]))
        return steps, row["payment_id"]
    row = conn.execute("SELECT receipt_no, payment_id, self_fen, status, created_at FROM"
                       " registrations WHERE receipt_no = ?", (ref,)).fetchone()
    if row is not None:
        steps.append(Step(row["created_at"], "hospital", "registration booked", row["self_fen"],
                          row["receipt_no"]))
        if row["status"] == "cancelled":
            steps.append(Step(row["created_at"], "hospital", "registration cancelled", None,
                              row["receipt_no"]))
        return steps, row["payment_id"]
    return reconciliation_inpatient.trail_of_receipt(conn, provider, ref)


def trail(conn: sqlite3.Connection, ref: str, provider) -> list[Step]:
    """Everything known of ``ref``: a receipt number, a payment id or a provider trade no;
    ``provider`` (a ``PaymentProvider``) is asked for its record of the order. Empty when no
    record names it."""
    steps, payment_id = _receipt(conn, ref, provider)
    receipt_no = ref if steps else None
    if payment_id is None and not steps:
        row = conn.execute("SELECT payment_id FROM payments WHERE payment_id = ? OR trade_no = ?",
                           (ref, ref)).fetchone()
        payment_id = row["payment_id"] if row is not None else None
        if payment_id is not None:
            for table in ("settlements", "registrations"):
                found = conn.execute(f"SELECT receipt_no FROM {table} WHERE payment_id = ?",
                                     (payment_id,)).fetchone()
                if found is not None and found["receipt_no"]:
                    receipt_no = found["receipt_no"]
                    steps = _receipt(conn, receipt_no, provider)[0]
    if payment_id is not None:
        pay = conn.execute("SELECT * FROM payments WHERE payment_id = ?", (payment_id,)).fetchone()
        if pay is not None:
            steps.append(Step(pay["created_at"], "journal", f"order made ({pay['purpose']})",
                              pay["amount_fen"], payment_id))
            if pay["paid_at"] is not None:
                steps.append(Step(pay["paid_at"], "journal", f"order paid (now {pay['status']})",
                                  pay["amount_fen"], payment_id))
        charge = provider.record(payment_id)
        if charge is not None:
            steps.append(Step(charge["created_at"], "provider",
                              f"{charge['kind']} {charge['wallet']}", charge["amount_fen"],
                              charge["trade_no"] or payment_id))
            if charge["closed_at"] is not None or charge["state"] != "SUCCESS":
                steps.append(Step(charge["closed_at"] or charge["created_at"], "provider",
                                  f"state {charge['state']}", charge["amount_fen"],
                                  charge["trade_no"] or payment_id))
    if receipt_no is not None:
        part = insurance_records.for_receipt(conn, receipt_no)
        if part is not None:
            steps.append(Step(part.at, "insurance", f"insurance {part.status}",
                              part.insurance_fen, receipt_no))
    return sorted(steps, key=lambda s: (s.at, s.source))
