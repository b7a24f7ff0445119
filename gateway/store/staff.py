"""Staff: accounts, sign-in with its attempt limit, and the sessions staff act in (the
pharmacy counter, the help-request list and the staff page)."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import sqlite3
from dataclasses import dataclass

from gateway.core.counter_errors import BAD_CREDENTIALS, TOO_MANY_ATTEMPTS
from gateway.core.db import Database
from gateway.core.errors import GatewayError
from gateway.core.idempotency import immediate_transaction
from gateway.schemas.staff import StaffMember

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS staff (
    staff_no TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('pharmacist', 'pharmacy_assistant')),
    window TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS staff_sessions (
    session_id TEXT PRIMARY KEY,
    staff_no TEXT NOT NULL REFERENCES staff (staff_no),
    device TEXT NOT NULL,
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    ended_at REAL
);
CREATE INDEX IF NOT EXISTS staff_sessions_expiry ON staff_sessions (expires_at);
CREATE TABLE IF NOT EXISTS staff_sign_in_failures (
    staff_no TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS staff_failures_by_no ON staff_sign_in_failures (staff_no, at);
"""

# Version 3: failures counted against the account *and* the device they came from, so
# guesses on one device cannot lock the account on another (the staff member's own).
# ``staff_sign_in_failures`` above is no longer written; version 9 drops it.
FAILURES_BY_DEVICE = """
CREATE TABLE IF NOT EXISTS staff_sign_in_attempts (
    staff_no TEXT NOT NULL,
    device TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS staff_attempts_by_source ON staff_sign_in_attempts
    (staff_no, device, at);
"""

# Version 9: the table version 3 replaced, read and written by nothing since.
DROP_FAILURES = """
DROP INDEX IF EXISTS staff_failures_by_no;
DROP TABLE IF EXISTS staff_sign_in_failures;
"""

# --- credentials and sessions -----------------------------------------------------------
# Passwords are stored only as salted scrypt digests (memory-hard, so a stolen database is
# slow to brute-force) and compared in constant time. Unknown staff numbers cost the same
# scrypt as known ones and get the same answer, so neither timing nor wording tells which
# staff numbers exist. Five failures for one staff number *from one device* within five
# minutes lock that number on that device for the rest of the window, whatever the
# password; each attempt is counted before its password is checked, under the write lock,
# so concurrent guesses cannot exceed the limit. A session token is opaque and only its
# digest is stored; it belongs to the device that signed in, slides 30 minutes with every
# use and ends 8 hours after sign-in at the latest.

IDLE_S = 30 * 60
MAX_S = 8 * 3600
FAILURE_LIMIT = 5
FAILURE_WINDOW_S = 5 * 60
# Interactive-login strength (about 16 MiB and tens of milliseconds per check).
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}

# (staff_no, name, role, window, demo password); the passwords are documented for demos
# in docs/api/pharmacy-counter.md and exist only as digests in the database.
DEMO_STAFF: tuple[tuple[str, str, str, str, str], ...] = (
    ("1001", "陈静", "pharmacist", "3", "demo-1001"),
    ("1002", "刘洋", "pharmacy_assistant", "5", "demo-1002"),
    ("1003", "王海燕", "pharmacist", "3", "demo-1003"),
)


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, **_SCRYPT, dklen=32)
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    _scheme, n, r, p, salt, digest = stored.split("$")
    candidate = hashlib.scrypt(
        password.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
        dklen=len(digest) // 2,
    )
    return hmac.compare_digest(candidate.hex(), digest)


# Checked against when the staff number is unknown, so that answer takes as long.
_DUMMY_HASH = hash_password("", salt=b"\0" * 16)


def seed_staff(conn: sqlite3.Connection) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO staff (staff_no, name, role, window, password_hash)"
        " VALUES (?, ?, ?, ?, ?)",
        [(no, name, role, window, hash_password(pw)) for no, name, role, window, pw in DEMO_STAFF],
    )


@dataclass(frozen=True)
class Staff:
    session_id: str
    staff_no: str
    name: str
    role: str
    window: str
    expires_at: float

    def member(self) -> StaffMember:
        return StaffMember(staff_no=self.staff_no, name=self.name, role=self.role,
                           window=self.window)


def _session_id(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _reserve_attempt(conn: sqlite3.Connection, staff_no: str, device: str, now: float) -> int:
    """Count this attempt as a failure until its password proves right; refuses when the
    staff number already has the limit of failures from this device in the window."""
    since = now - FAILURE_WINDOW_S
    conn.execute("DELETE FROM staff_sign_in_attempts WHERE at <= ?", (since,))
    failures = conn.execute(
        "SELECT COUNT(*) FROM staff_sign_in_attempts WHERE staff_no = ? AND device = ?"
        " AND at > ?", (staff_no, device, since),
    ).fetchone()[0]
    if failures >= FAILURE_LIMIT:
        logger.info("staff sign-in refused: too many failures from this device")
        raise GatewayError(TOO_MANY_ATTEMPTS)
    return conn.execute(
        "INSERT INTO staff_sign_in_attempts (staff_no, device, at) VALUES (?, ?, ?)"
        " RETURNING rowid", (staff_no, device, now),
    ).fetchone()[0]


def sign_in(db: Database, staff_no: str, password: str, device: str,
            now: float, *, source: str | None = None) -> tuple[str, Staff]:
    """A new session of this device for the staff member: (token, who). Raises
    ``bad_credentials`` or ``too_many_attempts``. Failures are counted per ``source``, the
    device itself unless said (the staff page counts them per client address)."""
    with immediate_transaction(db) as conn:
        attempt = _reserve_attempt(conn, staff_no, source or device, now)
        row = conn.execute(
            "SELECT * FROM staff WHERE staff_no = ? AND active = 1", (staff_no,)
        ).fetchone()
    # The slow check runs outside any transaction so it never holds the write lock.
    ok = check_password(password, row["password_hash"] if row else _DUMMY_HASH)
    if not (ok and row is not None):
        logger.info("staff sign-in failed")
        raise GatewayError(BAD_CREDENTIALS)
    token = secrets.token_urlsafe(32)
    expires_at = now + IDLE_S
    with immediate_transaction(db) as conn:
        conn.execute("DELETE FROM staff_sign_in_attempts WHERE rowid = ?", (attempt,))
        conn.execute(
            "INSERT INTO staff_sessions (session_id, staff_no, device, created_at,"
            " expires_at) VALUES (?, ?, ?, ?, ?)",
            (_session_id(token), row["staff_no"], device, now, expires_at),
        )
        conn.execute("DELETE FROM staff_sessions WHERE expires_at < ?", (now - MAX_S,))
    logger.info("staff signed in (role %s)", row["role"])
    return token, Staff(session_id=_session_id(token), staff_no=row["staff_no"],
                        name=row["name"], role=row["role"], window=row["window"],
                        expires_at=expires_at)


def lookup_staff(
    conn: sqlite3.Connection, token: str | None, device: str, now: float
) -> Staff | None:
    """The live session behind ``token`` on this device, extended (sliding expiry)."""
    if not token:
        return None
    session_id = _session_id(token)
    # Write first, as gateway.core.visits does: a leading write waits for its turn under WAL.
    extended = conn.execute(
        "UPDATE staff_sessions SET expires_at = MIN(?, created_at + ?)"
        " WHERE session_id = ? AND device = ? AND expires_at > ? AND ended_at IS NULL",
        (now + IDLE_S, MAX_S, session_id, device, now),
    ).rowcount
    if not extended:
        return None
    row = conn.execute(
        "SELECT s.*, t.expires_at FROM staff_sessions t JOIN staff s ON s.staff_no = t.staff_no"
        " WHERE t.session_id = ? AND s.active = 1", (session_id,),
    ).fetchone()
    if row is None or row["expires_at"] <= now:
        return None
    return Staff(session_id=session_id, staff_no=row["staff_no"], name=row["name"],
                 role=row["role"], window=row["window"], expires_at=row["expires_at"])


def end_session(conn: sqlite3.Connection, session_id: str, now: float) -> None:
    """Sign out: the token stops working at once."""
    conn.execute("UPDATE staff_sessions SET ended_at = ? WHERE session_id = ?",
                 (now, session_id))


def session_of(
    conn: sqlite3.Connection, token: str | None, device: str
) -> tuple[str, str] | None:
    """(staff_no, role) of a session this device opened, ended or not: an audit event of
    the session may arrive through the outbox after its sign-out. Sessions are kept until
    ``MAX_S`` after they expired."""
    if not token:
        return None
    row = conn.execute(
        "SELECT s.staff_no, s.role FROM staff_sessions t JOIN staff s ON s.staff_no = t.staff_no"
        " WHERE t.session_id = ? AND t.device = ?", (_session_id(token), device),
    ).fetchone()
    return (row["staff_no"], row["role"]) if row else None
