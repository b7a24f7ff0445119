"""The patient's own transactions (我的记录): registrations and bill settlements with their
receipt numbers, slips reprinted up to a limit (each counted here, in ``slip_reprints``),
and cancelling a booked appointment with its refund.

Cancellation, in one transaction: the registration is cancelled (its slot frees itself),
the payment that bought its cash part is ``refunded`` and its refund claimed for the
provider, and an insured registration's 2208 is claimed for the insurer. Both are sent after
the commit (claim → call → record: ``gateway/store/provider_calls.py``,
``gateway/insurance/revocation.py``). A second cancel finds the registration cancelled: one
refund and one revocation, however often it is asked.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date

from gateway.core.clock import local
from gateway.core.errors import GatewayError
from gateway.core.record_service_errors import (
    ALREADY_CANCELLED,
    NOT_CANCELLABLE,
    RECEIPT_NOT_FOUND,
    REPRINT_LIMIT_REACHED,
)
from gateway.core.timeline import iso_utc, local_midnight
from gateway.schemas.records import Cancellation, Record
from gateway.store import ebills, provider_calls
from gateway.store import insurance_ledger as ledger
from gateway.store import payments as payment_store
from gateway.store.registration import appointment_status
from gateway.store.schedules import PERIODS, schedule_row

SCHEMA = """
CREATE TABLE IF NOT EXISTS slip_reprints (
    receipt_no TEXT PRIMARY KEY,
    count INTEGER NOT NULL CHECK (count >= 0)
);
"""

ARRIVES = ("退款将原路退回，一般 1-3 个工作日到账，以支付平台为准。",
           "The refund goes back to where you paid; it usually arrives within 1-3 working days.")


def _reprints(conn: sqlite3.Connection, receipt_no: str | None) -> int:
    if receipt_no is None:
        return 0
    row = conn.execute("SELECT count FROM slip_reprints WHERE receipt_no = ?",
                       (receipt_no,)).fetchone()
    return row["count"] if row is not None else 0


def _started(schedule: sqlite3.Row, now: float) -> bool:
    day, today = date.fromisoformat(schedule["date"]), local_midnight(now).date()
    minutes = local(now).hour * 60 + local(now).minute
    return day < today or (day == today and minutes >= PERIODS[schedule["period"]][0])


def _registration(conn: sqlite3.Connection, reg: sqlite3.Row, limit: int, now: float) -> Record:
    schedule = schedule_row(conn, reg["schedule_id"])
    status = appointment_status(reg, schedule, now)
    used = _reprints(conn, reg["receipt_no"])
    return Record(
        kind="registration", receipt_no=reg["receipt_no"], at=iso_utc(reg["created_at"]),
        title=schedule["department_name"], title_en=schedule["department_name_en"],
        date=schedule["date"], period=schedule["period"],
        total_fen=reg["self_fen"] + reg["insurance_fen"], self_pay_fen=reg["self_fen"],
        insurance_fen=reg["insurance_fen"], method=reg["method"], status=status, reprints=used,
        reprints_left=max(0, limit - used) if reg["receipt_no"] else 0,
        # Kiosk bookings only: one made by phone was paid elsewhere and is cancelled there.
        cancellable=status == "booked" and reg["receipt_no"] is not None
        and not _started(schedule, now),
        appointment_id=reg["registration_id"],
    )


def _settlement(conn: sqlite3.Connection, row: sqlite3.Row, limit: int) -> Record:
    body = json.loads(row["body"])
    used = _reprints(conn, row["receipt_no"])
    return Record(
        kind="payment", receipt_no=row["receipt_no"], at=iso_utc(row["settled_at"]),
        title="门诊缴费", title_en="Outpatient bills", total_fen=body["total_fen"],
        self_pay_fen=body["self_pay_fen"], insurance_fen=body["insurance_fen"],
        method=body["method"], status="settled", reprints=used,
        reprints_left=max(0, limit - used), cancellable=False,
    )


def listing(conn: sqlite3.Connection, patient_id: str, days: int, limit: int,
            now: float) -> list[Record]:
    """Today's and the last ``days`` days' transactions, newest first."""
    since = local_midnight(now).timestamp() - days * 86_400
    records = [_registration(conn, r, limit, now) for r in conn.execute(
        "SELECT * FROM registrations WHERE patient_id = ? AND created_at >= ?",
        (patient_id, since))]
    records += [_settlement(conn, r, limit) for r in conn.execute(
        "SELECT * FROM settlements WHERE patient_id = ? AND settled_at >= ?", (patient_id, since))]
    return sorted(records, key=lambda r: r.at, reverse=True)


def find(conn: sqlite3.Connection, patient_id: str, receipt_no: str, limit: int,
         now: float) -> tuple[Record, sqlite3.Row | None]:
    """The patient's record of ``receipt_no`` (and its registration row, if one)."""
    reg = conn.execute("SELECT * FROM registrations WHERE receipt_no = ? AND patient_id = ?",
                       (receipt_no, patient_id)).fetchone()
    if reg is not None:
        return _registration(conn, reg, limit, now), reg
    row = conn.execute("SELECT * FROM settlements WHERE receipt_no = ? AND patient_id = ?",
                       (receipt_no, patient_id)).fetchone()
    if row is None:
        raise GatewayError(RECEIPT_NOT_FOUND)
    return _settlement(conn, row, limit), None


def reprint(conn: sqlite3.Connection, patient_id: str, receipt_no: str, limit: int,
            now: float) -> tuple[int, Record]:
    """Count one reprint of the slip; (its number, the record after it)."""
    record, _ = find(conn, patient_id, receipt_no, limit, now)
    if record.reprints_left <= 0:
        raise GatewayError(REPRINT_LIMIT_REACHED)
    conn.execute(
        "INSERT INTO slip_reprints (receipt_no, count) VALUES (?, 1)"
        " ON CONFLICT (receipt_no) DO UPDATE SET count = count + 1", (receipt_no,),
    )
    return record.reprints + 1, find(conn, patient_id, receipt_no, limit, now)[0]


def cancel(conn: sqlite3.Connection, patient_id: str, receipt_no: str, now: float) -> Cancellation:
    record, reg = find(conn, patient_id, receipt_no, 0, now)
    if reg is None:
        raise GatewayError(NOT_CANCELLABLE)  # a settled bill: refunds of bills at a window
    if reg["status"] == "cancelled":
        raise GatewayError(ALREADY_CANCELLED)
    if not record.cancellable:
        raise GatewayError(NOT_CANCELLABLE)
    # The registration store's own row: cancelled, which frees the slot (its unique index
    # counts booked and checked-in registrations only).
    conn.execute("UPDATE registrations SET status = 'cancelled' WHERE registration_id = ?"
                 " AND status = 'booked'", (reg["registration_id"],))
    refund = 0
    if reg["payment_id"] is not None and reg["self_fen"]:
        payment_store.refund_consumed(conn, reg["payment_id"])
        # Claimed here, sent to the provider once this is committed (provider_calls).
        provider_calls.claim(conn, reg["payment_id"], "refund", now)
        refund = reg["self_fen"]
    insured = ledger.by_settlement(conn, reg["registration_id"], owner="registration_id")
    revoked = revoke_insurance(conn, insured)
    if insured is None:
        # A self-paid fee's e-bill is reversed with the refund; an insured one's once the
        # insurer has revoked its part (gateway.insurance.revocation).
        ebills.reverse(conn, reg["registration_id"], now, owner="registration_id")
    return Cancellation(
        receipt_no=receipt_no, appointment_id=reg["registration_id"], refund_fen=refund,
        insurance_revoked_fen=revoked, method=reg["method"] if refund else None,
        arrives=ARRIVES[0], arrives_en=ARRIVES[1],
    )


def revoke_insurance(conn: sqlite3.Connection, row: sqlite3.Row | None) -> int:
    """The insurance part (the registration's ledger ``row``) undone with a cancelled
    registration: its 2208 claimed here, sent by ``gateway.insurance.revocation.send_claimed``
    once this is committed (a self-paid registration has no row)."""
    if row is None or row["status"] != "settled":
        return 0
    ledger.claim_revocation(conn, row["msgid"])
    return row["total_fen"] - row["cash_fen"]
