"""Insured registration fees: a lock's pre-settlement (2206), and the tables the insurer's
ledger and the e-bills share with bill settlements.

The fee lines of a registration (挂号费, 诊察费) are 甲类 items; the split is the policy's, as
for bills. The patient asks for it once the slot is held (``registration_insurance``, one
row per lock, replaced while nothing is being settled), then pays only its cash part.

Version 16 lets a 2207 and an e-bill belong to a registration instead of a bill settlement:
``insurance_settlements`` gains ``lock_id``/``registration_id`` (``preview_id`` becomes
optional) and ``ebills`` gains ``registration_id`` (``settlement_id`` becomes optional).
SQLite cannot relax a column, so both tables are rebuilt with their rows.
"""

from __future__ import annotations

import sqlite3

from gateway.insurance.interface import Split
from gateway.store.insurance_ledger import amounts

REGISTRATION_CLASS = "A"  # 挂号费 and 诊察费 are 甲类 in the national list

SCHEMA = """
CREATE TABLE IF NOT EXISTS registration_insurance (
    lock_id TEXT PRIMARY KEY REFERENCES locks (lock_id),
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    psn_no TEXT NOT NULL,
    insutype TEXT NOT NULL,
    mdtrt_id TEXT NOT NULL,
    use_account INTEGER NOT NULL,
    cert_type TEXT NOT NULL,
    total_fen INTEGER NOT NULL,
    fund_fen INTEGER NOT NULL,
    account_fen INTEGER NOT NULL,
    mutual_aid_fen INTEGER NOT NULL,
    cash_fen INTEGER NOT NULL,
    balance_after_fen INTEGER NOT NULL
);
CREATE TABLE insurance_settlements_v16 (
    msgid TEXT PRIMARY KEY,
    preview_id TEXT REFERENCES previews (preview_id),
    lock_id TEXT REFERENCES locks (lock_id),
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    psn_no TEXT NOT NULL,
    mdtrt_id TEXT NOT NULL,
    status TEXT NOT NULL
        CHECK (status IN ('pending', 'settled', 'refused', 'reversed', 'revoked')),
    setl_id TEXT UNIQUE,
    settlement_id TEXT UNIQUE REFERENCES settlements (settlement_id),
    registration_id TEXT UNIQUE REFERENCES registrations (registration_id),
    receipt_no TEXT UNIQUE,
    payment_id TEXT UNIQUE,
    total_fen INTEGER NOT NULL,
    fund_fen INTEGER NOT NULL,
    account_fen INTEGER NOT NULL,
    mutual_aid_fen INTEGER NOT NULL,
    cash_fen INTEGER NOT NULL,
    balance_after_fen INTEGER NOT NULL,
    created_at REAL NOT NULL,
    settled_at REAL,
    ended_at REAL,
    revoke_msgid TEXT UNIQUE,
    revoke_setl_id TEXT UNIQUE,
    CHECK ((preview_id IS NULL) != (lock_id IS NULL))
);
INSERT INTO insurance_settlements_v16 (msgid, preview_id, patient_id, psn_no, mdtrt_id, status,
    setl_id, settlement_id, receipt_no, payment_id, total_fen, fund_fen, account_fen,
    mutual_aid_fen, cash_fen, balance_after_fen, created_at, settled_at, ended_at,
    revoke_msgid, revoke_setl_id)
    SELECT msgid, preview_id, patient_id, psn_no, mdtrt_id, status, setl_id, settlement_id,
    receipt_no, payment_id, total_fen, fund_fen, account_fen, mutual_aid_fen, cash_fen,
    balance_after_fen, created_at, settled_at, ended_at, revoke_msgid, revoke_setl_id
    FROM insurance_settlements;
DROP TABLE insurance_settlements;
ALTER TABLE insurance_settlements_v16 RENAME TO insurance_settlements;
CREATE UNIQUE INDEX insurance_settlements_live
    ON insurance_settlements (preview_id) WHERE status IN ('pending', 'settled');
CREATE UNIQUE INDEX insurance_settlements_live_lock
    ON insurance_settlements (lock_id) WHERE status IN ('pending', 'settled');
CREATE INDEX insurance_settlements_by_status ON insurance_settlements (status, created_at);
CREATE TABLE ebills_v16 (
    ebill_id TEXT PRIMARY KEY,
    settlement_id TEXT UNIQUE REFERENCES settlements (settlement_id),
    registration_id TEXT UNIQUE REFERENCES registrations (registration_id),
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
    UNIQUE (bill_code, bill_number),
    CHECK ((settlement_id IS NULL) != (registration_id IS NULL))
);
INSERT INTO ebills_v16 (ebill_id, settlement_id, patient_id, receipt_no, bill_code,
    bill_number, check_code, total_fen, fund_fen, account_fen, mutual_aid_fen, cash_fen,
    status, issued_at, reversed_at, print_count, print_limit)
    SELECT ebill_id, settlement_id, patient_id, receipt_no, bill_code, bill_number,
    check_code, total_fen, fund_fen, account_fen, mutual_aid_fen, cash_fen, status,
    issued_at, reversed_at, print_count, print_limit FROM ebills;
DROP TABLE ebills;
ALTER TABLE ebills_v16 RENAME TO ebills;
CREATE INDEX ebills_by_patient ON ebills (patient_id, issued_at);
"""


def fee_items(schedule: sqlite3.Row) -> list[dict]:
    """The fee's lines as the pre-settlement uploads them (2204)."""
    return [{"amount_fen": schedule[name], "insurance_class": REGISTRATION_CLASS}
            for name in ("reg_fee_fen", "treat_fee_fen") if schedule[name] > 0]


def save(conn: sqlite3.Connection, lock_id: str, patient_id: str, psn_no: str, insutype: str,
         mdtrt_id: str, use_account: bool, cert_type: str, split: Split) -> None:
    """The lock's pre-settlement; a new choice (with or without the account) replaces it."""
    conn.execute("INSERT OR REPLACE INTO registration_insurance"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (lock_id, patient_id, psn_no, insutype, mdtrt_id, int(use_account), cert_type,
                  *amounts(split)))


def of_lock(conn: sqlite3.Connection, lock_id: str) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM registration_insurance WHERE lock_id = ?",
                        (lock_id,)).fetchone()
