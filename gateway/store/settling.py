"""Recording a settlement at the hospital: the payment used, receipt number, pharmacy window,
specimen barcode, the bills paid, the prescriptions released, and the e-bill issued.

Shared by the self-pay settlement (one transaction) and the insured one (after the insurer
answered 2207, ``gateway.insurance.settlement``)."""

from __future__ import annotations

import json
import secrets
import sqlite3

from gateway.core.errors import GatewayError
from gateway.core.service_errors import BILL_NOT_PAYABLE
from gateway.core.timeline import iso_utc, local_midnight
from gateway.schemas.insurance import InsuranceSplit
from gateway.schemas.payment import Settlement
from gateway.store import ebills
from gateway.store import payments as payment_store
from gateway.store.billing import PHARMACY_WINDOWS, bill_item_models, bill_item_rows
from gateway.store.counters import next_number
from gateway.store.pharmacy import prescribe_paid


def check_bills_open(conn: sqlite3.Connection, bill_ids: list[str]) -> None:
    marks = ",".join("?" * len(bill_ids))
    if conn.execute(
        f"SELECT 1 FROM bills WHERE status != 'unpaid' AND bill_id IN ({marks})", bill_ids
    ).fetchone():
        raise GatewayError(BILL_NOT_PAYABLE)  # paid meanwhile, e.g. at a counter


def record(conn: sqlite3.Connection, pv: sqlite3.Row, payment_id: str | None, *,
           hospital_code: str, now: float, insurance: InsuranceSplit | None = None) -> Settlement:
    """``pv`` is a live pre-settlement of the patient (``billing.live_preview``)."""
    bill_ids = json.loads(pv["bill_ids"])
    check_bills_open(conn, bill_ids)
    patient_id, preview_id = pv["patient_id"], pv["preview_id"]
    settlement_id = "ST" + secrets.token_hex(8).upper()
    method = trade_no = None
    if pv["self_pay_fen"] > 0:
        payment = payment_store.consume(
            conn, payment_id, patient_id=patient_id, purpose="bills", reference=preview_id,
            amount_fen=pv["self_pay_fen"], consumer=settlement_id, now=now,
        )
        method, trade_no = payment["method"], payment["trade_no"]
    items = bill_item_rows(conn, bill_ids)
    categories = {i["category"] for i in items}
    today = local_midnight(now).date()
    receipt_no = f"{today:%Y%m%d}{next_number(conn, 'receipt'):06d}"
    window = barcode = None
    if "drug" in categories:
        window = str(next_number(conn, "pharmacy") % PHARMACY_WINDOWS + 1)
    if "lab" in categories:
        barcode = f"{today:%y%m%d}{next_number(conn, 'specimen'):06d}"
    split = insurance.model_dump() if insurance else {
        "fund_fen": 0, "account_fen": 0, "mutual_aid_fen": 0, "cash_fen": pv["self_pay_fen"]}
    result = Settlement(
        settlement_id=settlement_id, receipt_no=receipt_no, bill_ids=bill_ids,
        total_fen=pv["total_fen"], insurance_fen=pv["insurance_fen"],
        self_pay_fen=pv["self_pay_fen"], method=method, trade_no=trade_no,
        pharmacy_window=window, specimen_barcode=barcode,
        items=bill_item_models(conn, items), settled_at=iso_utc(now), insurance=insurance,
    )
    conn.execute(
        "INSERT INTO settlements VALUES (?, ?, ?, ?, ?, ?, ?)",
        (settlement_id, preview_id, patient_id, receipt_no,
         payment_id if pv["self_pay_fen"] else None, "{}", now),
    )
    result.ebill = ebills.issue(
        conn, settlement_id=settlement_id, patient_id=patient_id, receipt_no=receipt_no,
        amounts={"total_fen": pv["total_fen"], **{k: split[k] for k in
                 ("fund_fen", "account_fen", "mutual_aid_fen", "cash_fen")}},
        hospital_code=hospital_code, now=now)
    conn.execute("UPDATE settlements SET body = ? WHERE settlement_id = ?",
                 (result.model_dump_json(), settlement_id))
    conn.execute("UPDATE previews SET settlement_id = ? WHERE preview_id = ?",
                 (settlement_id, preview_id))
    marks = ",".join("?" * len(bill_ids))
    conn.execute(
        f"UPDATE bills SET status = 'paid', settlement_id = ? WHERE bill_id IN ({marks})",
        (settlement_id, *bill_ids),
    )
    prescribe_paid(conn, patient_id, bill_ids, window, now)  # now in 取药查询
    return result
