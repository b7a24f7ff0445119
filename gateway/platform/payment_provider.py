"""The payment provider (WeChat Pay / Alipay) as the gateway sees it: charge a payment code
(付款码, micropay), query an order, reverse (撤销) one whose outcome is unknown, refund one
that succeeded. The gateway calls it without holding any of its own connections: a slow
provider must not hold the gateway's write lock (callers claim, call, then record). The
emulation keeps the provider's records (``provider_charges``) in its own SQLite file beside
the gateway's, as a real provider keeps them elsewhere: it can have charged while the
gateway never heard the reply. They are what reconciliation compares the kiosk journal with.

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

import os
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, Protocol

from gateway.core.db import Database
from gateway.core.idempotency import immediate_transaction

RECORDS = """
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
SCHEMA = RECORDS + """
CREATE TABLE IF NOT EXISTS provider_closed (
    out_trade_no TEXT PRIMARY KEY,
    closed_at REAL NOT NULL
);
-- Refunds of an amount, one row per refund number.
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


class ProviderUnreachable(Exception):
    """No answer (timeout, reset, lost reply): the outcome is unknown; query or reverse."""


class PaymentProvider(Protocol):
    """What the gateway asks a provider; no call takes a gateway connection. Each may raise
    :class:`ProviderUnreachable`."""

    def micropay(self, out_trade_no: str, wallet: str, amount_fen: int, now: float) -> Charge: ...
    def query(self, out_trade_no: str) -> Charge: ...
    def reverse(self, out_trade_no: str, now: float) -> Charge: ...
    def refund(self, out_trade_no: str, now: float) -> Charge: ...
    def refund_amount(self, out_trade_no: str, out_refund_no: str, amount_fen: int,
                      now: float) -> RefundAnswer: ...
    def query_refund(self, out_refund_no: str) -> RefundAnswer: ...
    def refunds(self, out_refund_nos: list[str]) -> dict[str, sqlite3.Row]: ...
    def records_between(self, start: float, end: float) -> list[sqlite3.Row]: ...
    def record(self, out_trade_no: str) -> sqlite3.Row | None: ...


class EmulatedProvider:
    """The reference gateway's provider, in its own file. Demo controls decide how the next
    charge goes: at once, after the payer's password (``USERPAYING`` until the wallet page
    answers), or refused."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fresh = not self.path.exists()
        self._db = Database(self.path)
        conn = sqlite3.connect(self.path)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.executescript(SCHEMA)
        finally:
            conn.close()
        if fresh:
            os.chmod(self.path, 0o600)  # payers' orders: the owner's only

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with immediate_transaction(self._db) as conn:
            yield conn

    def micropay(self, out_trade_no: str, wallet: str, amount_fen: int, now: float) -> Charge:
        with self._tx() as conn:
            existing = _row(conn, out_trade_no)
            if existing is not None:
                return _charge(existing)  # a repeat: the first charge's state, never a second
            if _closed(conn, out_trade_no):
                return Charge("REVOKED")  # reversed before it arrived: never charged
            outcome = _next_outcome(conn)
            state = {"pass": "SUCCESS", "password": "USERPAYING", "fail": "PAYERROR"}[outcome]
            paid = state == "SUCCESS"
            conn.execute(
                "INSERT INTO provider_charges (out_trade_no, kind, wallet, amount_fen, state,"
                " trade_no, created_at, paid_at) VALUES (?, 'micropay', ?, ?, ?, ?, ?, ?)",
                (out_trade_no, wallet, amount_fen, state,
                 trade_no(wallet, now) if paid else None, now, now if paid else None),
            )
            return _charge(_row(conn, out_trade_no))

    def query(self, out_trade_no: str) -> Charge:
        with self._tx() as conn:
            row = _row(conn, out_trade_no)
            if row is None and _closed(conn, out_trade_no):
                return Charge("REVOKED")
            return _charge(row)

    def reverse(self, out_trade_no: str, now: float) -> Charge:
        """Undo an order whatever became of it: a waiting or paid one is revoked (the money
        goes back); one never seen is closed (no charge record) so it can no longer be
        charged."""
        with self._tx() as conn:
            row = _row(conn, out_trade_no)
            if row is None:
                conn.execute("INSERT OR IGNORE INTO provider_closed VALUES (?, ?)",
                             (out_trade_no, now))
            elif row["state"] in ("USERPAYING", "SUCCESS"):
                conn.execute(
                    "UPDATE provider_charges SET state = 'REVOKED', closed_at = ?"
                    " WHERE out_trade_no = ?",
                    (now, out_trade_no),
                )
        return self.query(out_trade_no)

    def refund(self, out_trade_no: str, now: float) -> Charge:
        """Give a successful charge back; anything else is answered with its state."""
        with self._tx() as conn:
            conn.execute(
                "UPDATE provider_charges SET state = 'REFUND', closed_at = ?"
                " WHERE out_trade_no = ? AND state = 'SUCCESS'",
                (now, out_trade_no),
            )
        return self.query(out_trade_no)

    def records_between(self, start: float, end: float) -> list[sqlite3.Row]:
        """The provider's records of orders made in [start, end) (its reconciliation file)."""
        with self._tx() as conn:
            return conn.execute("SELECT * FROM provider_charges WHERE created_at >= ?"
                                " AND created_at < ?", (start, end)).fetchall()

    def record(self, out_trade_no: str) -> sqlite3.Row | None:
        with self._tx() as conn:
            return _row(conn, out_trade_no)

    def refund_amount(self, out_trade_no: str, out_refund_no: str, amount_fen: int,
                      now: float) -> RefundAnswer:
        """Give ``amount_fen`` of a successful charge back under ``out_refund_no``. A repeat
        of a refund number answers the first refund (never a second); more than the
        charge's unrefunded rest, or a charge not ``SUCCESS``, is refused."""
        with self._tx() as conn:
            done = _refund(conn, out_refund_no)
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
                (out_refund_no, out_trade_no, amount_fen,
                 "50" + trade_no(charge["wallet"], now)[2:], now),
            )
            return _refund(conn, out_refund_no)

    def query_refund(self, out_refund_no: str) -> RefundAnswer:
        with self._tx() as conn:
            return _refund(conn, out_refund_no)

    def refunds(self, out_refund_nos: list[str]) -> dict[str, sqlite3.Row]:
        """The provider's records of these refunds (its reconciliation file), by number."""
        with self._tx() as conn:
            found = conn.execute(
                "SELECT * FROM provider_refunds WHERE out_refund_no IN"
                f" ({', '.join('?' * len(out_refund_nos))})", out_refund_nos,
            ).fetchall() if out_refund_nos else []
        return {row["out_refund_no"]: row for row in found}

    def native_paid(self, out_trade_no: str, wallet: str, amount_fen: int, trade_no: str,
                    now: float, paid_at: float | None = None) -> None:
        """A scan-to-pay (native QR) order the payer's phone paid: the provider's record."""
        with self._tx() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO provider_charges (out_trade_no, kind, wallet, amount_fen,"
                " state, trade_no, created_at, paid_at)"
                " VALUES (?, 'native', ?, ?, 'SUCCESS', ?, ?, ?)",
                (out_trade_no, wallet, amount_fen, trade_no, now,
                 now if paid_at is None else paid_at),
            )

    # --- the payer's side, driven by the demo wallet ----------------------------------------

    def answer_password(self, out_trade_no: str, accept: bool, now: float) -> Charge:
        """The payer typed the password (or declined) on the phone."""
        with self._tx() as conn:
            if accept:
                row = _row(conn, out_trade_no)
                wallet = row["wallet"] if row is not None else "wechat"
                conn.execute(
                    "UPDATE provider_charges SET state = 'SUCCESS', trade_no = ?, paid_at = ?"
                    " WHERE out_trade_no = ? AND state = 'USERPAYING'",
                    (trade_no(wallet, now), now, out_trade_no),
                )
            else:
                conn.execute(
                    "UPDATE provider_charges SET state = 'PAYERROR', closed_at = ?"
                    " WHERE out_trade_no = ? AND state = 'USERPAYING'",
                    (now, out_trade_no),
                )
        return self.query(out_trade_no)

    def waiting(self) -> list[sqlite3.Row]:
        with self._tx() as conn:
            return conn.execute(
                "SELECT out_trade_no, wallet, amount_fen, created_at FROM provider_charges"
                " WHERE state = 'USERPAYING' ORDER BY created_at"
            ).fetchall()

    def next_outcome(self) -> Outcome:
        with self._tx() as conn:
            return _next_outcome(conn)

    def set_next_outcome(self, outcome: Outcome) -> None:
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO provider_behaviour (id, next_outcome) VALUES (1, ?)"
                " ON CONFLICT (id) DO UPDATE SET next_outcome = excluded.next_outcome",
                (outcome,),
            )


def _refund(conn: sqlite3.Connection, out_refund_no: str) -> RefundAnswer:
    row = conn.execute(
        "SELECT amount_fen, refund_id FROM provider_refunds WHERE out_refund_no = ?",
        (out_refund_no,),
    ).fetchone()
    if row is None:
        return RefundAnswer("NOTFOUND")
    return RefundAnswer("SUCCESS", row["amount_fen"], row["refund_id"])


def _closed(conn: sqlite3.Connection, out_trade_no: str) -> bool:
    return conn.execute("SELECT 1 FROM provider_closed WHERE out_trade_no = ?",
                        (out_trade_no,)).fetchone() is not None


def _next_outcome(conn: sqlite3.Connection) -> Outcome:
    row = conn.execute("SELECT next_outcome FROM provider_behaviour WHERE id = 1").fetchone()
    return row["next_outcome"] if row is not None else "pass"


def provider_path(db_path: Path) -> Path:
    """The emulated provider's file, beside the gateway's database."""
    return db_path.with_name(db_path.stem + ".provider.sqlite")
