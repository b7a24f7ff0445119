"""The daily reconciliation (对账): the kiosk journal, the payment provider and the
hospital (HIS and insurance) compared for one hospital day, every difference by receipt.

- the **journal**: the orders kiosks made at the gateway (``payments``);
- the **provider**: its own records of the same orders (``provider_charges``, in the
  provider's own store: ``PaymentProvider.records_between``);
- the **hospital**: settlements and kiosk registrations (receipt numbers, self-pay parts),
  and insurance as the insurer acknowledged it (``gateway/store/insurance_records.py``),
  compared with the **insurer**'s own settlements (``InsurancePlatform.settlements``).

Read only: it finds, staff decide. Differences:

- ``paid_not_settled``: the provider holds money for an order nothing at the hospital used;
- ``settled_not_paid``: a receipt whose self-paid part the provider never kept;
- ``amount_mismatch``: provider, journal and receipt disagree on the amount;
- ``refund_pending``: the journal or hospital gave money back that the provider still holds;
- ``journal_not_provider``: the journal counts an order paid the provider does not;
- ``insurer_not_journal``: the insurer holds a settlement the hospital's record does not
  (a 2207 whose reply was lost and never reversed, or a 2208 that never reached it);
- ``journal_not_insurer``: the hospital counts an insurance settlement the insurer does not
  hold, or holds for other amounts.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from gateway.core import clock
from gateway.store import insurance_records, reconciliation_inpatient

KINDS = ("paid_not_settled", "settled_not_paid", "amount_mismatch", "refund_pending",
         "journal_not_provider", "insurer_not_journal", "journal_not_insurer")


@dataclass(frozen=True)
class Difference:
    kind: str
    receipt_no: str | None
    payment_id: str | None
    journal_fen: int | None
    provider_fen: int | None
    hospital_fen: int | None
    detail: str


@dataclass
class Reconciliation:
    day: date
    orders: int = 0
    receipts: int = 0
    provider_records: int = 0
    insurance_fen: int = 0
    differences: list[Difference] = field(default_factory=list)


def day_bounds(day: date) -> tuple[float, float]:
    """The hospital day ``day`` as [start, end) POSIX seconds, in the hospital's zone."""
    zone = clock.hospital_zone()
    start = datetime.combine(day, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    return start.timestamp(), end.timestamp()


def _receipts(conn: sqlite3.Connection, start: float, end: float) -> dict[str, dict]:
    """Hospital receipts of the day by the payment that paid them."""
    found: dict[str, dict] = {}
    for row in conn.execute("SELECT receipt_no, payment_id, body FROM settlements"
                            " WHERE settled_at >= ? AND settled_at < ?", (start, end)):
        body = json.loads(row["body"])
        key = row["payment_id"] or "none:" + row["receipt_no"]
        found[key] = {"receipt_no": row["receipt_no"], "self_fen": body["self_pay_fen"],
                      "cancelled": False}
    for row in conn.execute("SELECT receipt_no, payment_id, self_fen, status FROM registrations"
                            " WHERE channel = 'kiosk' AND receipt_no IS NOT NULL"
                            " AND created_at >= ? AND created_at < ?", (start, end)):
        key = row["payment_id"] or "none:" + row["receipt_no"]
        found[key] = {"receipt_no": row["receipt_no"], "self_fen": row["self_fen"],
                      "cancelled": row["status"] == "cancelled"}
    return found | reconciliation_inpatient.receipts(conn, start, end)


def _insurance(conn: sqlite3.Connection, insurer, start: float, end: float, add) -> None:
    """Every 2207 sent this day against what the insurer holds for its message id."""
    held = {r["msgid"]: r for r in insurer.settlements()}
    for row in insurance_records.sent_between(conn, start, end):
        theirs = held.get(row["msgid"])
        ours_fen = row["total_fen"] - row["cash_fen"]
        if theirs is not None and theirs["status"] == "settled" and row["status"] != "settled":
            body = json.loads(theirs["body"])
            add(Difference("insurer_not_journal", row["receipt_no"], row["payment_id"], None,
                           None, body["total_fen"] - body["cash_fen"],
                           f"the insurer holds settlement {theirs['setl_id']}; the hospital "
                           f"has it {row['status']}"))
        elif row["status"] == "settled" and (
                theirs is None or theirs["status"] != "settled"
                or json.loads(theirs["body"])["cash_fen"] != row["cash_fen"]):
            add(Difference("journal_not_insurer", row["receipt_no"], row["payment_id"], None,
                           None, ours_fen, "the hospital counts this insurance settlement; "
                           "the insurer " + ("does not hold it" if theirs is None
                                             or theirs["status"] != "settled"
                                             else "holds other amounts")))


def reconcile(conn: sqlite3.Connection, day: date, provider, insurer) -> Reconciliation:
    """``provider``: a ``PaymentProvider``; ``insurer``: an ``InsurancePlatform``; both
    asked for their own records of the day."""
    start, end = day_bounds(day)
    out = Reconciliation(day)
    journal = {r["payment_id"]: r for r in conn.execute(
        "SELECT * FROM payments WHERE created_at >= ? AND created_at < ?", (start, end))}
    provider_of_day, provider = provider, {r["out_trade_no"]: r
                                           for r in provider.records_between(start, end)}
    receipts = _receipts(conn, start, end)
    out.orders, out.receipts, out.provider_records = len(journal), len(receipts), len(provider)
    out.insurance_fen = sum(p.insurance_fen for p in insurance_records.settled_between(conn, start, end)
                            if p.status == "settled")
    add = out.differences.append
    _insurance(conn, insurer, start, end, add)

    for pid in sorted(set(journal) | set(provider)):
        j, p, r = journal.get(pid), provider.get(pid), receipts.get(pid)
        receipt_no = r["receipt_no"] if r else None
        j_fen = j["amount_fen"] if j else None
        # A provider record without a transaction took no money (refused, or closed unpaid).
        p_fen = p["amount_fen"] if p is not None and p["trade_no"] is not None else None
        r_fen = r["self_fen"] if r else None
        held = p is not None and p["state"] == "SUCCESS"
        if held and r is None and (j is None or j["status"] != "refunded"):
            add(Difference("paid_not_settled", None, pid, j_fen, p_fen, None,
                           "the provider holds the money; nothing at the hospital used it"))
        if held and ((j is not None and j["status"] == "refunded") or (r and r["cancelled"])):
            add(Difference("refund_pending", receipt_no, pid, j_fen, p_fen, r_fen,
                           "given back here, still held by the provider"))
        if j is not None and j["status"] == "success" and not held:
            add(Difference("journal_not_provider", receipt_no, pid, j_fen, p_fen, r_fen,
                           "paid in the kiosk journal, not at the provider"))
        amounts = {a for a in (j_fen, p_fen if held else None, r_fen) if a is not None}
        if len(amounts) > 1:
            add(Difference("amount_mismatch", receipt_no, pid, j_fen, p_fen, r_fen,
                           "journal, provider and receipt disagree on the amount"))
    out.differences += reconciliation_inpatient.refund_differences(conn, provider_of_day, start, end)
    for pid, r in sorted(receipts.items()):
        p = provider.get(pid)
        if r["self_fen"] and (p is None or p["state"] != "SUCCESS") and not r["cancelled"]:
            paid_before = pid in journal or pid.startswith("none:")
            add(Difference("settled_not_paid", r["receipt_no"],
                           None if pid.startswith("none:") else pid, None,
                           p["amount_fen"] if p else None, r["self_fen"],
                           "the receipt's self-paid part never reached the provider"
                           + ("" if paid_before else " (order of another day)")))
    return out
