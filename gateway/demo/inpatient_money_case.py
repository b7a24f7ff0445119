"""The demo's inpatient difference for the daily reconciliation, on the hospital day before
the database was seeded, once per database: a stay settled at a kiosk whose surplus deposit
was claimed for refund but never made by the provider (its reply lost, no read since), so
the reconciliation lists it as ``refund_pending`` under the discharge receipt ``…900101``."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from gateway.core.timeline import local_midnight

CASE_KEY = "inpatient_money_case"
ADMISSION = "AD2799000001"  # sorts after the demo stays (AD26…): their order is unchanged


def seed_inpatient_money_case(conn: sqlite3.Connection, provider, now: float) -> bool:
    """Once per database; True if it placed it."""
    if conn.execute("SELECT 1 FROM meta WHERE key = ?", (CASE_KEY,)).fetchone() is not None:
        return False
    day_before = local_midnight(now) - timedelta(days=1)
    at = (day_before + timedelta(hours=9)).timestamp()
    stamp = f"{day_before:%Y%m%d}"
    patient_id = conn.execute("SELECT patient_id FROM patients ORDER BY patient_id DESC"
                              " LIMIT 1 OFFSET 1").fetchone()["patient_id"]
    deposit, paid, refund = "DO2799000001", 300_000, 120_000
    conn.execute(
        "INSERT INTO admissions (admission_id, inpatient_no, patient_id, department_code, ward,"
        " ward_en, bed, status, admitted_at, discharge_ordered_at, settled_at)"
        " SELECT ?, 'ZY27990001', ?, code, '示例病区', 'Example Ward', '1', 'settled', ?, ?, ?"
        " FROM departments ORDER BY code LIMIT 1",
        (ADMISSION, patient_id, at - 3 * 86_400, at - 3600, at + 600),
    )
    provider.native_paid(deposit, "wechat", paid, f"4200{ADMISSION[2:]}{1:014d}", at - 3 * 86_400)
    conn.execute(
        "INSERT INTO deposits (deposit_id, admission_id, amount_fen, status, method, channel,"
        " receipt_no, created_at, expires_at, paid_at)"
        " VALUES (?, ?, ?, 'paid', 'wechat', 'office', ?, ?, ?, ?)",
        (deposit, ADMISSION, paid, "Y2799000001", at - 3 * 86_400, at - 3 * 86_400,
         at - 3 * 86_400),
    )
    conn.execute(
        "INSERT INTO discharge_previews (preview_id, admission_id, total_fen, insurance_fen,"
        " deposit_fen, due_fen, refund_fen, created_at, expires_at, settlement_id)"
        " VALUES ('DVDEMO0001', ?, ?, 0, ?, 0, ?, ?, ?, 'DSDEMO0001')",
        (ADMISSION, paid - refund, paid, refund, at + 300, at + 1200),
    )
    conn.execute(
        "INSERT INTO discharge_settlements VALUES ('DSDEMO0001', 'DVDEMO0001', ?, ?, NULL, '{}', ?)",
        (ADMISSION, f"{stamp}900101", at + 600),
    )
    conn.execute("INSERT INTO deposit_refunds VALUES ('DSDEMO0001', ?, 'wechat', ?)",
                 (deposit, refund))
    conn.execute(
        "INSERT INTO deposit_refund_calls (refund_no, settlement_id, deposit_id, out_trade_no,"
        " amount_fen, state, claimed_at) VALUES (?, 'DSDEMO0001', ?, ?, ?, 'pending', ?)",
        ("RF" + deposit, deposit, deposit, refund, at + 600),
    )
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (CASE_KEY, stamp))
    return True
