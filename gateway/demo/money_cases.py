"""Demo differences for the daily reconciliation (对账), placed on the hospital day before
the database was seeded, once per database: one of each kind a flaky network leaves.

- receipt ``…900001``: settled, the order paid in the journal, no record at the provider
  (``settled_not_paid``, and the journal counts it paid: ``journal_not_provider``);
- receipt ``…900002``: settled for 50.00, the provider kept 5.00 (``amount_mismatch``);
- an order the provider kept whose settlement never reached the hospital
  (``paid_not_settled``);
- an order refunded in the journal that the provider still holds (``refund_pending``).
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from gateway.core.timeline import iso_utc, local_midnight
from gateway.schemas.payment import Settlement

CASES_KEY = "money_cases"


def _order(conn, patient_id: str, n: int, at: float, amount: int, status: str,
           consumed: str | None) -> str:
    payment_id = f"PAY{'D' * 20}{n:04d}"
    conn.execute(
        "INSERT INTO payments (payment_id, patient_id, purpose, reference, amount_fen, status,"
        " method, trade_no, created_at, expires_at, paid_at, consumed_by)"
        " VALUES (?, ?, 'bills', ?, ?, ?, 'wechat', ?, ?, ?, ?, ?)",
        (payment_id, patient_id, f"PVDEMO{n:04d}", amount, status, f"4200DEMO{n:020d}",
         at, at + 180, at + 30, consumed),
    )
    return payment_id


def _provider(provider, payment_id: str, n: int, at: float, amount: int) -> None:
    # In the provider's own file (a repeat of the seeding keeps the first record).
    provider.native_paid(payment_id, "wechat", amount, f"4200DEMO{n:020d}", at, paid_at=at + 30)


def _settlement(conn, patient_id: str, n: int, receipt_no: str, payment_id: str, at: float,
                amount: int) -> None:
    preview_id = f"PVDEMO{n:04d}"
    conn.execute(
        "INSERT INTO previews (preview_id, patient_id, bill_ids, total_fen, insurance_fen,"
        " self_pay_fen, created_at, expires_at, settlement_id) VALUES (?, ?, '[]', ?, 0, ?, ?, ?, ?)",
        (preview_id, patient_id, amount, amount, at, at + 900, f"STDEMO{n:04d}"),
    )
    body = Settlement(
        settlement_id=f"STDEMO{n:04d}", receipt_no=receipt_no, bill_ids=[], total_fen=amount,
        insurance_fen=0, self_pay_fen=amount, method="wechat", trade_no=f"4200DEMO{n:020d}",
        pharmacy_window=None, specimen_barcode=None, items=[], settled_at=iso_utc(at + 60),
    )
    conn.execute("INSERT INTO settlements VALUES (?, ?, ?, ?, ?, ?, ?)",
                 (f"STDEMO{n:04d}", preview_id, patient_id, receipt_no, payment_id,
                  body.model_dump_json(), at + 60))


def seed_money_cases(conn: sqlite3.Connection, provider, now: float) -> bool:
    """Once per database; True if it placed them."""
    if conn.execute("SELECT 1 FROM meta WHERE key = ?", (CASES_KEY,)).fetchone() is not None:
        return False
    day_before = local_midnight(now) - timedelta(days=1)
    at = (day_before + timedelta(hours=10)).timestamp()
    stamp = f"{day_before:%Y%m%d}"
    patient_id = conn.execute("SELECT patient_id FROM patients ORDER BY patient_id DESC"
                              " LIMIT 1").fetchone()["patient_id"]
    first = _order(conn, patient_id, 1, at, 2350, "success", "STDEMO0001")
    _settlement(conn, patient_id, 1, f"{stamp}900001", first, at, 2350)
    second = _order(conn, patient_id, 2, at + 600, 5000, "success", "STDEMO0002")
    _provider(provider, second, 2, at + 600, 500)
    _settlement(conn, patient_id, 2, f"{stamp}900002", second, at + 600, 5000)
    # Consumed by a settlement whose commit never reached the hospital: not an orphan.
    third = _order(conn, patient_id, 3, at + 1200, 1800, "success", "STDEMO-LOST")
    _provider(provider, third, 3, at + 1200, 1800)
    fourth = _order(conn, patient_id, 4, at + 1800, 1200, "refunded", None)
    _provider(provider, fourth, 4, at + 1800, 1200)
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (CASES_KEY, stamp))
    return True
