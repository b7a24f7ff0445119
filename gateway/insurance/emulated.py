"""The emulated insurer: the national platform's answers from its own SQLite file.

It is a separate database on purpose: a real insurer commits on its side whether or not the
gateway hears the reply, and only a separate store can be in that state. Amounts are fen.
The e-voucher token (1101 with ``mdtrt_cert_type`` 01) is resolved by a callback onto the
e-voucher emulation (``gateway.platform.health_card``); the chip identifier of a social-
security card (``card_sn``) is recorded by provincial front ends and is not checked here.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from gateway.core.db import Database
from gateway.core.errors import NOT_INSURED, GatewayError
from gateway.core.idempotency import immediate_transaction
from gateway.insurance.errors import (
    INSURANCE_ALREADY_SETTLED,
    INSURANCE_MESSAGE_REVERSED,
    INSURANCE_VISIT_NOT_FOUND,
)
from gateway.insurance.interface import (
    CertType,
    FeeLine,
    InsuredPerson,
    Settled,
    Split,
)
from gateway.insurance.policy import POLICIES, YearSoFar, deductible_taken, split

SCHEMA = """
CREATE TABLE IF NOT EXISTS nhsa_persons (
    psn_no TEXT PRIMARY KEY,
    id_number TEXT NOT NULL UNIQUE,
    insutype TEXT NOT NULL CHECK (insutype IN ('310', '390')),
    psn_type TEXT NOT NULL,
    region TEXT NOT NULL,
    account_fen INTEGER NOT NULL CHECK (account_fen >= 0),
    mutual_aid_fen INTEGER NOT NULL CHECK (mutual_aid_fen >= 0),
    deductible_used_fen INTEGER NOT NULL DEFAULT 0,
    fund_paid_fen INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS nhsa_visits (
    mdtrt_id TEXT PRIMARY KEY,
    psn_no TEXT NOT NULL REFERENCES nhsa_persons (psn_no),
    lines TEXT NOT NULL,
    msgid TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS nhsa_settlements (
    setl_id TEXT PRIMARY KEY,
    msgid TEXT NOT NULL UNIQUE,
    mdtrt_id TEXT NOT NULL REFERENCES nhsa_visits (mdtrt_id),
    psn_no TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('settled', 'revoked', 'reversed')),
    body TEXT NOT NULL,
    deductible_fen INTEGER NOT NULL,
    revoke_msgid TEXT UNIQUE,
    revoke_setl_id TEXT UNIQUE
);
CREATE UNIQUE INDEX IF NOT EXISTS nhsa_one_settlement_per_visit
    ON nhsa_settlements (mdtrt_id) WHERE status = 'settled';
CREATE TABLE IF NOT EXISTS nhsa_reversed_messages (
    msgid TEXT PRIMARY KEY
);
"""


def _split_json(s: Split) -> str:
    return json.dumps({"total_fen": s.total_fen, "fund_fen": s.fund_fen,
                       "account_fen": s.account_fen, "mutual_aid_fen": s.mutual_aid_fen,
                       "cash_fen": s.cash_fen, "balance_after_fen": s.balance_after_fen})


def _split_of(text: str) -> Split:
    return Split(**json.loads(text))


class EmulatedInsurer:
    name = "emulated"

    def __init__(self, path: Path, voucher_id_number: Callable[[str], str]) -> None:
        self.path = Path(path)
        self._voucher_id_number = voucher_id_number
        self._db = Database(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fresh = not self.path.exists()
        conn = sqlite3.connect(self.path)
        try:
            conn.execute("PRAGMA journal_mode = WAL")  # as the gateway's own database
            conn.executescript(SCHEMA)
        finally:
            conn.close()
        if fresh:
            os.chmod(self.path, 0o600)  # personal and financial data: the owner's only

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with immediate_transaction(self._db) as conn:
            yield conn

    # --- demo data -------------------------------------------------------------------------

    def enrol(self, rows: list[tuple]) -> None:
        """Insert persons (psn_no, id_number, insutype, psn_type, region, account_fen,
        mutual_aid_fen, deductible_used_fen); ones already present are kept as they are."""
        with self._tx() as conn:
            conn.executemany(
                "INSERT OR IGNORE INTO nhsa_persons (psn_no, id_number, insutype, psn_type,"
                " region, account_fen, mutual_aid_fen, deductible_used_fen)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)

    # --- 1101 ------------------------------------------------------------------------------

    def person(self, cert_type: CertType, cert_no: str, card_sn: str = "") -> InsuredPerson:
        id_number = self._voucher_id_number(cert_no) if cert_type == "01" else cert_no
        with self._tx() as conn:
            row = conn.execute("SELECT * FROM nhsa_persons WHERE id_number = ?",
                               (id_number,)).fetchone()
        if row is None:
            raise GatewayError(NOT_INSURED)
        return InsuredPerson(psn_no=row["psn_no"], insutype=row["insutype"],
                             psn_type=row["psn_type"], region=row["region"],
                             account_fen=row["account_fen"],
                             mutual_aid_fen=row["mutual_aid_fen"], id_number=id_number)

    # --- 2201 / 2204 -----------------------------------------------------------------------

    def register_visit(self, psn_no: str, insutype: str, lines: list[FeeLine],
                       msgid: str) -> str:
        body = json.dumps([[line.amount_fen, line.insurance_class] for line in lines])
        with self._tx() as conn:
            done = conn.execute("SELECT mdtrt_id FROM nhsa_visits WHERE msgid = ?",
                                (msgid,)).fetchone()
            if done is not None:
                return done["mdtrt_id"]
            mdtrt_id = "MD" + secrets.token_hex(10).upper()
            conn.execute("INSERT INTO nhsa_visits VALUES (?, ?, ?, ?)",
                         (mdtrt_id, psn_no, body, msgid))
        return mdtrt_id

    # --- 2206 / 2207 -----------------------------------------------------------------------

    def _compute(self, conn: sqlite3.Connection, psn_no: str, mdtrt_id: str,
                 use_account: bool) -> tuple[Split, int]:
        visit = conn.execute("SELECT * FROM nhsa_visits WHERE mdtrt_id = ? AND psn_no = ?",
                             (mdtrt_id, psn_no)).fetchone()
        if visit is None:
            raise GatewayError(INSURANCE_VISIT_NOT_FOUND)
        person = conn.execute("SELECT * FROM nhsa_persons WHERE psn_no = ?",
                              (psn_no,)).fetchone()
        lines = [FeeLine(a, c) for a, c in json.loads(visit["lines"])]
        policy = POLICIES[person["insutype"]]
        year = YearSoFar(person["deductible_used_fen"], person["fund_paid_fen"],
                         person["account_fen"], person["mutual_aid_fen"])
        return split(policy, lines, year, use_account), deductible_taken(policy, lines, year)

    def pre_settle(self, psn_no: str, mdtrt_id: str, use_account: bool) -> Split:
        with self._tx() as conn:
            return self._compute(conn, psn_no, mdtrt_id, use_account)[0]

    def settle(self, psn_no: str, mdtrt_id: str, use_account: bool, msgid: str) -> Settled:
        with self._tx() as conn:
            if conn.execute("SELECT 1 FROM nhsa_reversed_messages WHERE msgid = ?",
                            (msgid,)).fetchone():
                raise GatewayError(INSURANCE_MESSAGE_REVERSED)  # arrived after its 2601
            done = conn.execute("SELECT * FROM nhsa_settlements WHERE msgid = ?",
                                (msgid,)).fetchone()
            if done is not None:
                return Settled(done["setl_id"], _split_of(done["body"]))
            if conn.execute("SELECT 1 FROM nhsa_settlements WHERE mdtrt_id = ?"
                            " AND status = 'settled'", (mdtrt_id,)).fetchone():
                raise GatewayError(INSURANCE_ALREADY_SETTLED)
            result, deductible = self._compute(conn, psn_no, mdtrt_id, use_account)
            setl_id = "SE" + secrets.token_hex(10).upper()
            conn.execute("INSERT INTO nhsa_settlements (setl_id, msgid, mdtrt_id, psn_no,"
                         " status, body, deductible_fen) VALUES (?, ?, ?, ?, 'settled', ?, ?)",
                         (setl_id, msgid, mdtrt_id, psn_no, _split_json(result), deductible))
            self._move(conn, psn_no, result, deductible, sign=1)
        return Settled(setl_id, result)

    @staticmethod
    def _move(conn: sqlite3.Connection, psn_no: str, s: Split, deductible: int,
              sign: int) -> None:
        conn.execute(
            "UPDATE nhsa_persons SET account_fen = account_fen - ?,"
            " mutual_aid_fen = mutual_aid_fen - ?, deductible_used_fen = deductible_used_fen + ?,"
            " fund_paid_fen = fund_paid_fen + ? WHERE psn_no = ?",
            (sign * s.account_fen, sign * s.mutual_aid_fen, sign * deductible,
             sign * s.fund_fen, psn_no))

    # --- 2208 / 2601 -----------------------------------------------------------------------

    def revoke(self, setl_id: str, mdtrt_id: str, psn_no: str, msgid: str) -> str:
        with self._tx() as conn:
            row = conn.execute("SELECT * FROM nhsa_settlements WHERE setl_id = ?"
                               " AND mdtrt_id = ? AND psn_no = ?",
                               (setl_id, mdtrt_id, psn_no)).fetchone()
            if row is None:
                raise GatewayError(INSURANCE_VISIT_NOT_FOUND)
            if row["status"] == "revoked" and row["revoke_msgid"] == msgid:
                return row["revoke_setl_id"]  # the same 2208 again: its first answer
            if row["status"] != "settled":
                raise GatewayError(INSURANCE_MESSAGE_REVERSED)
            revoke_id = "SR" + secrets.token_hex(10).upper()
            conn.execute("UPDATE nhsa_settlements SET status = 'revoked', revoke_msgid = ?,"
                         " revoke_setl_id = ? WHERE setl_id = ?", (msgid, revoke_id, setl_id))
            self._move(conn, psn_no, _split_of(row["body"]), row["deductible_fen"], sign=-1)
        return revoke_id

    def reverse(self, omsgid: str, msgid: str) -> bool:
        with self._tx() as conn:
            conn.execute("INSERT OR IGNORE INTO nhsa_reversed_messages VALUES (?)", (omsgid,))
            row = conn.execute("SELECT * FROM nhsa_settlements WHERE msgid = ?"
                               " AND status = 'settled'", (omsgid,)).fetchone()
            if row is None:
                return False
            conn.execute("UPDATE nhsa_settlements SET status = 'reversed' WHERE setl_id = ?",
                         (row["setl_id"],))
            self._move(conn, row["psn_no"], _split_of(row["body"]), row["deductible_fen"],
                       sign=-1)
        return True

    # --- what tests and reconciliation read ------------------------------------------------

    def settlements(self) -> list[sqlite3.Row]:
        with self._tx() as conn:
            return conn.execute("SELECT * FROM nhsa_settlements").fetchall()
