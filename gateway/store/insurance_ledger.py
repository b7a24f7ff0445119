"""The hospital's own record of insurance: pre-settlements' splits and every settlement
attempt with the insurer, as the daily reconciliation reads them.

``insurance_settlements`` has one row per 2207 message the gateway sent:

    pending ──2207 answered, bills settled──▶ settled ──2208──▶ revoked
       ├──2207 refused / never reached──▶ refused
       └──reply lost, 2601 answered──▶ reversed

A ``pending`` row is a 2207 whose outcome the gateway does not know yet; it never stays one:
the next settlement of its pre-settlement, or the sweep before any settlement, reverses it
(2601) first. At most one row per pre-settlement (or registration lock) is ``pending`` or
``settled``. A cancelled registration's 2208 is claimed (``revoke_msgid`` set, still
``settled``) in the cancellation's transaction and recorded ``revoked`` once answered.
"""

from __future__ import annotations

import sqlite3
from typing import Literal

from gateway.insurance.interface import Split

SCHEMA = """
CREATE TABLE IF NOT EXISTS insurance_previews (
    preview_id TEXT PRIMARY KEY REFERENCES previews (preview_id),
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
CREATE TABLE IF NOT EXISTS insurance_settlements (
    msgid TEXT PRIMARY KEY,
    preview_id TEXT NOT NULL REFERENCES previews (preview_id),
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    psn_no TEXT NOT NULL,
    mdtrt_id TEXT NOT NULL,
    status TEXT NOT NULL
        CHECK (status IN ('pending', 'settled', 'refused', 'reversed', 'revoked')),
    setl_id TEXT UNIQUE,
    settlement_id TEXT UNIQUE REFERENCES settlements (settlement_id),
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
    revoke_setl_id TEXT UNIQUE
);
CREATE UNIQUE INDEX IF NOT EXISTS insurance_settlements_live
    ON insurance_settlements (preview_id) WHERE status IN ('pending', 'settled');
CREATE INDEX IF NOT EXISTS insurance_settlements_by_status
    ON insurance_settlements (status, created_at);
"""

_AMOUNTS = ("total_fen", "fund_fen", "account_fen", "mutual_aid_fen", "cash_fen",
            "balance_after_fen")


def amounts(split: Split) -> tuple[int, ...]:
    return tuple(getattr(split, name) for name in _AMOUNTS)


def split_of(row: sqlite3.Row) -> Split:
    return Split(**{name: row[name] for name in _AMOUNTS})


def save_preview(conn: sqlite3.Connection, preview_id: str, patient_id: str, psn_no: str,
                 insutype: str, mdtrt_id: str, use_account: bool, cert_type: str,
                 split: Split) -> None:
    conn.execute("INSERT INTO insurance_previews VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (preview_id, patient_id, psn_no, insutype, mdtrt_id, int(use_account),
                  cert_type, *amounts(split)))


def preview(conn: sqlite3.Connection, preview_id: str) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM insurance_previews WHERE preview_id = ?",
                        (preview_id,)).fetchone()


# What a 2207 settles: a bill pre-settlement or a registration's lock (version 16).
Key = Literal["preview_id", "lock_id"]
# What the hospital recorded it as: a bill settlement or a registration.
Owner = Literal["settlement_id", "registration_id"]


def begin(conn: sqlite3.Connection, msgid: str, pv: sqlite3.Row, now: float,
          key: Key = "preview_id") -> None:
    """A 2207 about to be sent for ``pv`` (an ``insurance_previews`` row, or with ``key``
    ``lock_id`` a ``registration_insurance`` row); the unique index refuses a second live one."""
    conn.execute(
        f"INSERT INTO insurance_settlements (msgid, {key}, patient_id, psn_no, mdtrt_id,"
        " status, total_fen, fund_fen, account_fen, mutual_aid_fen, cash_fen,"
        " balance_after_fen, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?)",
        (msgid, pv[key], pv["patient_id"], pv["psn_no"], pv["mdtrt_id"],
         *amounts(split_of(pv)), now))


def live(conn: sqlite3.Connection, preview_id: str, key: Key = "preview_id") -> sqlite3.Row | None:
    return conn.execute(f"SELECT * FROM insurance_settlements WHERE {key} = ?"
                        " AND status IN ('pending', 'settled')", (preview_id,)).fetchone()


def pending(conn: sqlite3.Connection, *, preview_id: str | None = None,
            before: float | None = None, key: Key = "preview_id") -> list[sqlite3.Row]:
    if preview_id is not None:
        return conn.execute("SELECT * FROM insurance_settlements WHERE status = 'pending'"
                            f" AND {key} = ?", (preview_id,)).fetchall()
    return conn.execute("SELECT * FROM insurance_settlements WHERE status = 'pending'"
                        " AND created_at < ?", (before,)).fetchall()


def end(conn: sqlite3.Connection, msgid: str, status: str, now: float) -> bool:
    """A pending attempt's outcome became known without settling; False if it was not
    pending any more (another request resolved it first)."""
    return conn.execute("UPDATE insurance_settlements SET status = ?, ended_at = ?"
                        " WHERE msgid = ? AND status = 'pending'", (status, now, msgid)).rowcount == 1


def settled(conn: sqlite3.Connection, msgid: str, setl_id: str, settlement_id: str,
            receipt_no: str, payment_id: str | None, split: Split, now: float,
            owner: Owner = "settlement_id") -> bool:
    return conn.execute(
        f"UPDATE insurance_settlements SET status = 'settled', setl_id = ?, {owner} = ?,"
        " receipt_no = ?, payment_id = ?, total_fen = ?, fund_fen = ?, account_fen = ?,"
        " mutual_aid_fen = ?, cash_fen = ?, balance_after_fen = ?, settled_at = ?"
        " WHERE msgid = ? AND status = 'pending'",
        (setl_id, settlement_id, receipt_no, payment_id, *amounts(split), now, msgid),
    ).rowcount == 1


def revoked(conn: sqlite3.Connection, msgid: str, revoke_msgid: str, revoke_setl_id: str,
            now: float) -> None:
    conn.execute("UPDATE insurance_settlements SET status = 'revoked', revoke_msgid = ?,"
                 " revoke_setl_id = ?, ended_at = ? WHERE msgid = ? AND status = 'settled'",
                 (revoke_msgid, revoke_setl_id, now, msgid))


def by_settlement(conn: sqlite3.Connection, settlement_id: str,
                  owner: Owner = "settlement_id") -> sqlite3.Row | None:
    return conn.execute(f"SELECT * FROM insurance_settlements WHERE {owner} = ?",
                        (settlement_id,)).fetchone()


def claim_revocation(conn: sqlite3.Connection, msgid: str) -> None:
    """The 2208 of a settled row, claimed before it is sent (its message id is derived from
    the 2207's, so sending it again is the same message); still ``settled`` until answered."""
    conn.execute("UPDATE insurance_settlements SET revoke_msgid = ? WHERE msgid = ?"
                 " AND status = 'settled'", ("R" + msgid, msgid))


def revocations_claimed(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute("SELECT * FROM insurance_settlements WHERE status = 'settled'"
                        " AND revoke_msgid IS NOT NULL ORDER BY created_at").fetchall()
