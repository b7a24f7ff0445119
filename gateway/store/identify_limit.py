"""The identify rate limit: a sliding window of unmatched attempts per device.

A well-formed visit-card number, ID number or code that matches nobody (``unknown_code``,
``not_registered``) costs the caller one attempt;
``limit`` such attempts within ``window_s`` on one device refuse every further identify on
that device (``too_many_identify_attempts``, 429) until the oldest leaves the window. A
matched identify gives its attempt back, so a busy kiosk serving real patients is never
slowed down.

Each attempt is reserved before the lookup, under the write lock (``BEGIN IMMEDIATE``), so
concurrent guesses cannot all pass the check before any of them is counted.
"""

from __future__ import annotations

from gateway.core.db import Database
from gateway.core.errors import TOO_MANY_IDENTIFY_ATTEMPTS, GatewayError
from gateway.core.idempotency import immediate_transaction

# The refusals that count: a guess that named nobody.
COUNTED = frozenset({"unknown_code", "not_registered"})

SCHEMA = """
CREATE TABLE IF NOT EXISTS identify_attempts (
    id INTEGER PRIMARY KEY,
    device TEXT NOT NULL,
    at REAL NOT NULL,
    counted INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS identify_attempts_by_device ON identify_attempts (device, at);
"""


def reserve(db: Database, device_id: str, now: float, limit: int, window_s: float) -> int:
    """Count one attempt for this device, or refuse when the window is full; returns the
    attempt's id (give it back with :func:`matched`)."""
    since = now - window_s
    with immediate_transaction(db) as conn:
        conn.execute("DELETE FROM identify_attempts WHERE at <= ?", (since,))
        rows = conn.execute(
            "SELECT at FROM identify_attempts WHERE device = ? AND counted = 1 AND at > ?"
            " ORDER BY at", (device_id, since),
        ).fetchall()
        if len(rows) >= limit:
            retry_after = max(1, int(rows[0]["at"] + window_s - now + 0.999))
            raise GatewayError(TOO_MANY_IDENTIFY_ATTEMPTS, {"retry_after_s": retry_after})
        return conn.execute(
            "INSERT INTO identify_attempts (device, at) VALUES (?, ?) RETURNING id",
            (device_id, now),
        ).fetchone()[0]


def matched(db: Database, attempt_id: int) -> None:
    """The attempt found its patient: it no longer counts against the device."""
    with db.transaction() as conn:
        conn.execute("UPDATE identify_attempts SET counted = 0 WHERE id = ?", (attempt_id,))
