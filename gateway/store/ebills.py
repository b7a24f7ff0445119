"""Electronic medical bills (医疗收费电子票据): issued with each settlement, reversed (冲红)
when the settlement is revoked, printed on A4 a limited number of times.

A hospital issues them through its province's finance bill platform; the reference gateway
numbers them itself: bill code (票据代码) = region + year + kind, bill number (票据号码) = a
10-digit sequence, check code (校验码) = 6 random characters. The QR carries the code,
number and check code to the national bill-verification site.
"""

from __future__ import annotations

import secrets
import sqlite3
from urllib.parse import urlencode

from gateway.core.errors import GatewayError
from gateway.core.masks import mask_name
from gateway.core.timeline import iso_utc, local_midnight
from gateway.insurance.errors import (
    EBILL_NOT_FOUND,
    EBILL_PRINT_LIMIT,
    EBILL_PRINT_NOT_COUNTED,
    EBILL_REVERSED,
)
from gateway.schemas.insurance import EBill, EBillRef
from gateway.store.counters import next_number

SCHEMA = """
CREATE TABLE IF NOT EXISTS ebills (
    ebill_id TEXT PRIMARY KEY,
    settlement_id TEXT NOT NULL UNIQUE REFERENCES settlements (settlement_id),
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    receipt_no TEXT NOT NULL UNIQUE,
    bill_code TEXT NOT NULL,
    bill_number TEXT NOT NULL,
    check_code TEXT NOT NULL,
    total_fen INTEGER NOT NULL,
    fund_fen INTEGER NOT NULL,
    account_fen INTEGER NOT NULL,
    mutual_aid_fen INTEGER NOT NULL,
    cash_fen INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('issued', 'reversed')),
    issued_at REAL NOT NULL,
    reversed_at REAL,
    print_count INTEGER NOT NULL DEFAULT 0,
    print_limit INTEGER NOT NULL,
    UNIQUE (bill_code, bill_number)
);
CREATE INDEX IF NOT EXISTS ebills_by_patient ON ebills (patient_id, issued_at);
"""

# 全国财政电子票据查验平台; a hospital on another platform sets its own.
VERIFY_BASE = "https://pjcy.mof.gov.cn/verify"
PRINT_LIMIT = 2
BILL_KIND = "04"  # 医疗收费票据 (门诊)
STATUS_ZH = {"issued": "已开具", "reversed": "已红冲"}


def verify_url(row: sqlite3.Row | dict) -> str:
    return VERIFY_BASE + "?" + urlencode({"code": row["bill_code"], "number": row["bill_number"],
                                          "check": row["check_code"]})


def issue(conn: sqlite3.Connection, *, settlement_id: str | None = None, patient_id: str,
          receipt_no: str, amounts: dict[str, int], hospital_code: str, now: float,
          registration_id: str | None = None) -> EBillRef:
    """The bill of a settlement, or (``registration_id``) of a registration's fee."""
    year = local_midnight(now).year % 100
    row = {
        "ebill_id": "EB" + secrets.token_hex(8).upper(),
        "bill_code": f"{hospital_code[:4]}{year:02d}{BILL_KIND}",
        "bill_number": f"{next_number(conn, 'ebill'):010d}",
        "check_code": secrets.token_hex(3).upper(),
    }
    conn.execute(
        "INSERT INTO ebills (ebill_id, settlement_id, registration_id, patient_id, receipt_no,"
        " bill_code, bill_number, check_code, total_fen, fund_fen, account_fen, mutual_aid_fen,"
        " cash_fen, status, issued_at, print_limit) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " ?, 'issued', ?, ?)",
        (row["ebill_id"], settlement_id, registration_id, patient_id, receipt_no, row["bill_code"],
         row["bill_number"], row["check_code"], amounts["total_fen"], amounts["fund_fen"],
         amounts["account_fen"], amounts["mutual_aid_fen"], amounts["cash_fen"], now,
         PRINT_LIMIT))
    return EBillRef(**row, verify_url=verify_url(row))


def reverse(conn: sqlite3.Connection, settlement_id: str, now: float,
            owner: str = "settlement_id") -> bool:
    """冲红: the settlement (or with ``owner`` ``registration_id``, the registration) behind
    the bill was revoked; True if a bill was reversed now."""
    return conn.execute(f"UPDATE ebills SET status = 'reversed', reversed_at = ?"
                        f" WHERE {owner} = ? AND status = 'issued'",
                        (now, settlement_id)).rowcount == 1


_SELECT = "SELECT e.*, p.name AS payer FROM ebills e JOIN patients p USING (patient_id)"


def get(conn: sqlite3.Connection, ebill_id: str, patient_id: str) -> sqlite3.Row:
    row = conn.execute(_SELECT + " WHERE e.ebill_id = ? AND e.patient_id = ?",
                       (ebill_id, patient_id)).fetchone()
    if row is None:
        raise GatewayError(EBILL_NOT_FOUND)
    return row


def of_patient(conn: sqlite3.Connection, patient_id: str) -> list[sqlite3.Row]:
    return conn.execute(_SELECT + " WHERE e.patient_id = ? ORDER BY e.issued_at DESC",
                        (patient_id,)).fetchall()


def count_print(conn: sqlite3.Connection, row: sqlite3.Row) -> None:
    """Before the paper is made: a reversed bill or one at its limit is refused."""
    if row["status"] == "reversed":
        raise GatewayError(EBILL_REVERSED)
    if row["print_count"] >= row["print_limit"]:
        raise GatewayError(EBILL_PRINT_LIMIT)
    conn.execute("UPDATE ebills SET print_count = print_count + 1 WHERE ebill_id = ?",
                 (row["ebill_id"],))


def check_counted(row: sqlite3.Row, print_no: int) -> None:
    """A paper copy is served only as a print counted before (its number on the page)."""
    if row["status"] == "reversed":
        raise GatewayError(EBILL_REVERSED)
    if print_no > row["print_count"]:
        raise GatewayError(EBILL_PRINT_NOT_COUNTED)


def model(row: sqlite3.Row, issuer: str) -> EBill:
    return EBill(
        ebill_id=row["ebill_id"], bill_code=row["bill_code"], bill_number=row["bill_number"],
        check_code=row["check_code"], receipt_no=row["receipt_no"], total_fen=row["total_fen"],
        fund_fen=row["fund_fen"], account_fen=row["account_fen"],
        mutual_aid_fen=row["mutual_aid_fen"], cash_fen=row["cash_fen"],
        payer_masked=mask_name(row["payer"]), issuer=issuer, status=row["status"],
        status_zh=STATUS_ZH[row["status"]], issued_at=iso_utc(row["issued_at"]),
        reversed_at=iso_utc(row["reversed_at"]) if row["reversed_at"] is not None else None,
        print_count=row["print_count"], print_limit=row["print_limit"], verify_url=verify_url(row),
    )
