"""The payment provider (WeChat Pay / Alipay) as the gateway sees it: charge a payment code
(付款码, micropay), query an order, reverse (撤销) one whose outcome is unknown, refund one
that succeeded. The emulation keeps the provider's own records in ``provider_charges``:
what reconciliation compares the kiosk journal with.

A charge is keyed by the gateway's ``payment_id`` (the provider's ``out_trade_no``), so a
repeat of a charge whose reply was lost finds the first one: one order is charged at most
once, whatever the network did. A reversed order stays closed: a charge arriving after it
is refused, so a reversal can never be overtaken by the charge it undid.

The payment code itself is never written here: only the wallet it belongs to.

    USERPAYING ──password──▶ SUCCESS ──refund──▶ REFUND
        │   └──declined──▶ PAYERROR        │
        └──reverse──▶ REVOKED ◀──reverse───┘

Besides the whole-charge refund, ``refund_amount`` gives back part of a successful charge
(several parts per charge, each keyed by its refund number ``out_refund_no``, so a retry
refunds once), never more than the charge's unrefunded rest; the parts are kept in
``provider_refunds``.
"""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

SCHEMA = """
CREATE TABLE IF NOT EXISTS provider_charges (
    out_trade_no TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('micropay', 'native')),
    wallet TEXT NOT NULL CHECK (wallet IN ('wechat', 'alipay')),
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    state TEXT NOT NULL
        CHECK (state IN ('USERPAYING', 'SUCCESS', 'PAYERROR', 'REVOKED', 'REFUND')),
    trade_no TEXT,
    created_at REAL NOT NULL,
    paid_at REAL,
    closed_at REAL
);
CREATE TABLE IF NOT EXISTS provider_behaviour (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    next_outcome TEXT NOT NULL CHECK (next_outcome IN ('pass', 'password', 'fail'))
);
"""

# Schema version 14: refunds of an amount, one row per refund number.
REFUNDS = """
CREATE TABLE IF NOT EXISTS provider_refunds (
    out_refund_no TEXT PRIMARY KEY,
    out_trade_no TEXT NOT NULL REFERENCES provider_charges (out_trade_no),
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    refund_id TEXT NOT NULL UNIQUE,
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS provider_refunds_by_charge ON provider_refunds (out_trade_no);
"""

State = Literal["USERPAYING", "SUCCESS", "PAYERROR", "REVOKED", "REFUND", "NOTPAY"]
Outcome = Literal["pass", "password", "fail"]


@dataclass(frozen=True)
class Charge:
    """The provider's view of one order; ``NOTPAY`` when it never heard of it."""

    state: State
    trade_no: str | None = None
    amount_fen: int | None = None


@dataclass(frozen=True)
class RefundAnswer:
    """The provider's word on one refund number: ``SUCCESS`` (refunded, ``refund_id``),
    ``REFUSED`` (nothing refunded: ``reason``) or ``NOTFOUND`` (it never heard of it)."""

    state: Literal["SUCCESS", "REFUSED", "NOTFOUND"]
    amount_fen: int | None = None
    refund_id: str | None = None
    reason: str | None = None


def trade_no(wallet: str, now: float) -> str:
    day = datetime.fromtimestamp(now, UTC).strftime("%Y%m%d")
    digits = "".join(secrets.choice("0123456789") for _ in range(16))
    # Shaped like the providers' 28-digit transaction ids.
    return f"4200{day}{digits}" if wallet == "wechat" else f"{day}2200{digits}"


def _row(conn: sqlite3.Connection, out_trade_no: str) -> sqlite3.Row | None:
    return conn.execute(
        "SELECT * FROM provider_charges WHERE out_trade_no = ?", (out_trade_no,)
    ).fetchone()


def _charge(row: sqlite3.Row | None) -> Charge:
    if row is None:
        return Charge("NOTPAY")
    return Charge(row["state"], row["trade_no"], row["amount_fen"])


class EmulatedProvider:
    """The reference gateway's provider. Demo controls decide how the next charge goes:
    at once, after the payer's password (``USERPAYING`` until the wallet page answers),
    or refused."""

    def micropay(
        self,
        conn: sqlite3.Connection,
        out_trade_no: str,
        wallet: str,
        amount_fen: int,
        now: float,
    ) -> Charge:
        existing = _row(conn, out_trade_no)
        if existing is not None:
            return _charge(existing)  # a repeat: the first charge's state, never a second
        outcome = self.next_outcome(conn)
        state = {"pass": "SUCCESS", "password": "USERPAYING", "fail": "PAYERROR"}[outcome]
        paid = state == "SUCCESS"
        conn.execute(
            "INSERT INTO provider_charges (out_trade_no, kind, wallet, amount_fen, state,"
            " trade_no, created_at, paid_at) VALUES (?, 'micropay', ?, ?, ?, ?, ?, ?)",
            (
                out_trade_no,
                wallet,
                amount_fen,
                state,
                trade_no(wallet, now) if paid else None,
                now,
                now if paid else None,
            ),
        )
        return self.query(conn, out_trade_no)

    def query(self, conn: sqlite3.Connection, out_trade_no: str) -> Charge:
        return _charge(_row(conn, out_trade_no))

    def reverse(self, conn: sqlite3.Connection, out_trade_no: str, now: float) -> Charge:
        """Undo an order whatever became of it: a waiting or paid one is revoked (the money
        goes back), one never seen is closed so it can no longer be charged."""
        row = _row(conn, out_trade_no)
        if row is None:
            conn.execute(
                "INSERT INTO provider_charges (out_trade_no, kind, wallet, amount_fen, state,"
                " created_at, closed_at) VALUES (?, 'micropay', 'wechat', 1, 'REVOKED', ?, ?)",
                (out_trade_no, now, now),
            )
        elif row["state"] in ("USERPAYING", "SUCCESS"):
            conn.execute(
                "UPDATE provider_charges SET state = 'REVOKED', closed_at = ?"
                " WHERE out_trade_no = ?",
                (now, out_trade_no),
            )
        return self.query(conn, out_trade_no)

    def refund(self, conn: sqlite3.Connection, out_trade_no: str, now: float) -> Charge:
        """Give a successful charge back; anything else is answered with its state."""
        conn.execute(
            "UPDATE provider_charges SET state = 'REFUND', closed_at = ?"
            " WHERE out_trade_no = ? AND state = 'SUCCESS'",
            (now, out_trade_no),
        )
        return self.query(conn, out_trade_no)

    def refund_amount(
        self,
        conn: sqlite3.Connection,
        out_trade_no: str,
        out_refund_no: str,
        amount_fen: int,
        now: float,
    ) -> RefundAnswer:
        """Give ``amount_fen`` of a successful charge back under ``out_refund_no``. A repeat
        of a refund number answers the first refund (never a second); more than the
        charge's unrefunded rest, or a charge not ``SUCCESS``, is refused."""
        done = self.query_refund(conn, out_refund_no)
        if done.state != "NOTFOUND":
            return done
        charge = _row(conn, out_trade_no)
        if charge is None or charge["state"] != "SUCCESS":
            state = "unknown" if charge is None else charge["state"]
            return RefundAnswer("REFUSED", reason=f"the charge is {state}, not SUCCESS")
        refunded = conn.execute(
            "SELECT COALESCE(SUM(amount_fen), 0) FROM provider_refunds WHERE out_trade_no = ?",
            (out_trade_no,),
        ).fetchone()[0]
        if amount_fen <= 0 or amount_fen > charge["amount_fen"] - refunded:
            return RefundAnswer("REFUSED", reason="more than the charge's unrefunded rest")
        conn.execute(
            "INSERT INTO provider_refunds (out_refund_no, out_trade_no, amount_fen, refund_id,"
            " created_at) VALUES (?, ?, ?, ?, ?)",
            (out_refund_no, out_trade_no, amount_fen, "50" + trade_no(charge["wallet"], now)[2:],
             now),
        )
        return self.query_refund(conn, out_refund_no)

    def query_refund(self, conn: sqlite3.Connection, out_refund_no: str) -> RefundAnswer:
        row = conn.execute(
            "SELECT amount_fen, refund_id FROM provider_refunds WHERE out_refund_no = ?",
            (out_refund_no,),
        ).fetchone()
        if row is None:
            return RefundAnswer("NOTFOUND")
        return RefundAnswer("SUCCESS", row["amount_fen"], row["refund_id"])

    def native_paid(
        self,
        conn: sqlite3.Connection,
        out_trade_no: str,
        wallet: str,
        amount_fen: int,
        trade_no: str,
        now: float,
    ) -> None:
        """A scan-to-pay (native QR) order the payer's phone paid: the provider's record."""
        conn.execute(
            "INSERT OR IGNORE INTO provider_charges (out_trade_no, kind, wallet, amount_fen,"
            " state, trade_no, created_at, paid_at) VALUES (?, 'native', ?, ?, 'SUCCESS', ?, ?, ?)",
            (out_trade_no, wallet, amount_fen, trade_no, now, now),
        )

    # --- the payer's side, driven by the demo wallet ----------------------------------------

    def answer_password(
        self, conn: sqlite3.Connection, out_trade_no: str, accept: bool, now: float
    ) -> Charge:
        """The payer typed the password (or declined) on the phone."""
        if accept:
            conn.execute(
                "UPDATE provider_charges SET state = 'SUCCESS', trade_no = ?, paid_at = ?"
                " WHERE out_trade_no = ? AND state = 'USERPAYING'",
                (trade_no(self._wallet(conn, out_trade_no), now), now, out_trade_no),
            )
        else:
            conn.execute(
                "UPDATE provider_charges SET state = 'PAYERROR', closed_at = ?"
                " WHERE out_trade_no = ? AND state = 'USERPAYING'",
                (now, out_trade_no),
            )
        return self.query(conn, out_trade_no)

    def waiting(self, conn: sqlite3.Connection) -> list[sqlite3.Row]:
        return conn.execute(
            "SELECT out_trade_no, wallet, amount_fen, created_at FROM provider_charges"
            " WHERE state = 'USERPAYING' ORDER BY created_at"
        ).fetchall()

    def next_outcome(self, conn: sqlite3.Connection) -> Outcome:
        row = conn.execute("SELECT next_outcome FROM provider_behaviour WHERE id = 1").fetchone()
        return row["next_outcome"] if row is not None else "pass"

    def set_next_outcome(self, conn: sqlite3.Connection, outcome: Outcome) -> None:
        conn.execute(
            "INSERT INTO provider_behaviour (id, next_outcome) VALUES (1, ?)"
            " ON CONFLICT (id) DO UPDATE SET next_outcome = excluded.next_outcome",
            (outcome,),
        )

    @staticmethod
    def _wallet(conn: sqlite3.Connection, out_trade_no: str) -> str:
        row = _row(conn, out_trade_no)
        return row["wallet"] if row is not None else "wechat"


PROVIDER = EmulatedProvider()
