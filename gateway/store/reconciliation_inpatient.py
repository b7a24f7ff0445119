"""The inpatient part of the daily reconciliation (``gateway/store/reconciliation.py``):
deposits paid in by wallet and discharge payments are hospital receipts like any other, and
each deposit refund a discharge gave back is checked against the provider's refunds.

- a deposit paid by WeChat or Alipay (at a kiosk, or at the office's POS under the deposit id)
  is a receipt of its amount, keyed by the provider order that paid it;
- a discharge that left money due is a receipt of that amount, keyed by its payment;
- a deposit refund still ``pending`` at the provider, refused by it, or recorded ``done``
  without the provider's refund (or for another amount) is ``refund_pending``.

Cash and bank-card deposits are not the provider's money and are left to the office's books.
"""

from __future__ import annotations

import json
import sqlite3


def receipts(conn: sqlite3.Connection, start: float, end: float) -> dict[str, dict]:
    """The day's inpatient receipts by the provider order that paid them."""
    found: dict[str, dict] = {}
    for row in conn.execute(
        "SELECT deposit_id, payment_id, receipt_no, amount_fen FROM deposits WHERE status = 'paid'"
        " AND method IN ('wechat', 'alipay') AND paid_at >= ? AND paid_at < ?", (start, end)):
        found[row["payment_id"] or row["deposit_id"]] = {
            "receipt_no": row["receipt_no"], "self_fen": row["amount_fen"], "cancelled": False}
    for row in conn.execute(
        "SELECT receipt_no, payment_id, body FROM discharge_settlements WHERE payment_id IS NOT NULL"
        " AND settled_at >= ? AND settled_at < ?", (start, end)):
        found[row["payment_id"]] = {"receipt_no": row["receipt_no"],
                                    "self_fen": json.loads(row["body"])["due_fen"],
                                    "cancelled": False}
    return found


def refund_differences(conn: sqlite3.Connection, provider, start: float, end: float) -> list:
    """The day's deposit refunds the provider (a ``PaymentProvider``, asked for its own
    records of them) has not, or not exactly, made."""
    # Imported here: reconciliation.py calls this module and owns the Difference type.
    from gateway.store.reconciliation import Difference

    out = []
    calls = conn.execute(
        "SELECT c.refund_no, c.out_trade_no, c.amount_fen, c.state, c.reason, s.receipt_no"
        " FROM deposit_refund_calls c"
        " JOIN discharge_settlements s ON s.settlement_id = c.settlement_id"
        " WHERE c.state != 'office' AND c.claimed_at >= ? AND c.claimed_at < ?"
        " ORDER BY c.refund_no", (start, end)).fetchall()
    made = provider.refunds([c["refund_no"] for c in calls])
    for row in calls:
        provider_fen = made[row["refund_no"]]["amount_fen"] if row["refund_no"] in made else None
        if row["state"] == "done" and provider_fen == row["amount_fen"]:
            continue
        detail = {
            "pending": "deposit refund claimed at discharge, not yet made by the provider",
            "refused": f"deposit refund refused by the provider ({row['reason']}): pay it out "
                       "at the admissions office",
        }.get(row["state"], "deposit refund recorded done; the provider's refund differs")
        out.append(Difference("refund_pending", row["receipt_no"], row["out_trade_no"], None,
                              provider_fen, row["amount_fen"],
                              f"{detail} (refund {row['refund_no']})"))
    return out


def trail_of_receipt(conn: sqlite3.Connection, provider, ref: str) -> tuple[list, str | None]:
    """The money trail's hospital part for a deposit or discharge receipt number: the steps
    and the provider order they were paid by (as ``money_trail._receipt``)."""
    from gateway.store.money_trail import Step  # money_trail calls this module

    steps: list = []
    deposit = conn.execute("SELECT * FROM deposits WHERE receipt_no = ?", (ref,)).fetchone()
    if deposit is not None:
        steps.append(Step(deposit["paid_at"] or deposit["created_at"], "hospital",
                          f"deposit paid in ({deposit['channel']}, {deposit['method']})",
                          deposit["amount_fen"], ref))
        steps += _refund_steps(conn, provider, "c.deposit_id = ?", deposit["deposit_id"])
        paid_by = deposit["payment_id"] or deposit["deposit_id"]
        return steps, paid_by if deposit["method"] in ("wechat", "alipay") else None
    settled = conn.execute("SELECT * FROM discharge_settlements WHERE receipt_no = ?",
                           (ref,)).fetchone()
    if settled is None:
        return steps, None
    steps.append(Step(settled["settled_at"], "hospital", "discharge settled", None, ref))
    steps += _refund_steps(conn, provider, "c.settlement_id = ?", settled["settlement_id"])
    return steps, settled["payment_id"]


def _refund_steps(conn: sqlite3.Connection, provider, where: str, value: str) -> list:
    from gateway.store.money_trail import Step

    steps = []
    calls = conn.execute(f"SELECT c.* FROM deposit_refund_calls c WHERE {where}"
                         " ORDER BY c.refund_no", (value,)).fetchall()
    made = provider.refunds([c["refund_no"] for c in calls])
    for c in calls:
        steps.append(Step(c["claimed_at"], "hospital", f"deposit refund claimed (now {c['state']})",
                          c["amount_fen"], c["refund_no"]))
        if (r := made.get(c["refund_no"])) is not None:
            steps.append(Step(r["created_at"], "provider", f"refund of {c['out_trade_no']}",
                              r["amount_fen"], r["refund_id"]))
    return steps
