"""A durable outbox for messages the gateway must eventually receive (usage reports, audit).

A message is committed to disk when it is accepted and deleted only after the gateway has
confirmed it; each carries its own id, which the gateway treats as an idempotency key, so a
message re-sent after a lost confirmation is recorded once. Outages and crashes only delay.

What a failed send means decides what happens to the message:

- the gateway is unreachable (or answers 5xx): the pass stops, every message waits for the
  next one; outages never count against a message;
- a refusal that can change ("not now"): 401 after a token rotation, 403, 404 while a route
  or record is not there yet, 408, 423, 425, 429: this message is retried with exponential
  backoff and parked after ``max_attempts`` such refusals;
- a refusal that cannot change (400, 409, 422 …) or a sender that raises (a malformed body,
  an unknown topic): parked at once.

Messages of one *chain* (the audit log's events) go in the order they were put, each only
after the one before it was confirmed: a message of a chain that waits (backoff, parked,
held) holds back the later ones of its chain only. A *held* message is on disk but not sent
until it is released (the audit log holds an event while it writes its line).

Parked messages stay on disk for staff (``python -m kiosk.outbox list|redrive``, see
:mod:`kiosk.outbox_cli`), are logged and reported by the self-test, and are purged after the
retention period, except those of a chain (an audit event is evidence, and the events
after it could never be accepted without it). Otherwise one message never holds up the
others.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import GatewayRejected, GatewayUnavailable
from kiosk.store import Store

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    topic TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at REAL NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    dead INTEGER NOT NULL DEFAULT 0
);
"""
# Columns added after the first release; an older outbox.db gains them on open.
_ADDED_COLUMNS = {
    "next_attempt_at": "REAL NOT NULL DEFAULT 0",
    "last_error": "TEXT NOT NULL DEFAULT ''",
    "parked_at": "REAL",
    "chain": "TEXT",
    "held": "INTEGER NOT NULL DEFAULT 0",
}

# Refusals that a later attempt may turn into a success.
NOT_NOW = frozenset({401, 403, 404, 408, 423, 425, 429})

Sender = Callable[[str, dict], None]  # (topic, body) → raises GatewayUnavailable / GatewayRejected


@dataclass(frozen=True)
class RetryPolicy:
    initial_s: float = 30.0
    max_s: float = 3600.0
    max_attempts: int = 24

    def delay(self, attempts: int) -> float:
        return min(self.max_s, self.initial_s * 2 ** max(0, attempts - 1))


@dataclass(frozen=True)
class Parked:
    """A parked message as staff see it: ids, topic, times and the reason, never the body."""

    seq: int
    id: str
    topic: str
    created_at: float
    parked_at: float | None
    attempts: int
    reason: str


def reason_of(exc: BaseException) -> str:
    if isinstance(exc, GatewayRejected):
        return f"{exc.status or '?'} {exc.code}"
    # A sender's own exception text may echo the body: keep its type only.
    return type(exc).__name__


class Outbox:
    def __init__(self, path: Path, *, policy: RetryPolicy | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self._store = Store(path, SCHEMA)
        self._policy = policy or RetryPolicy()
        self._clock = clock
        present = {row["name"] for row in self._store.execute("PRAGMA table_info(outbox)")}
        for name, kind in _ADDED_COLUMNS.items():
            if name not in present:
                self._store.execute(f"ALTER TABLE outbox ADD COLUMN {name} {kind}")
        # Parked by an older version (no park time): the retention period counts from now.
        self._store.execute(
            "UPDATE outbox SET parked_at = ? WHERE dead = 1 AND parked_at IS NULL", self._clock()
        )

    def put(self, topic: str, body: dict, *, chain: str | None = None, held: bool = False) -> str:
        """Accept a message; ``body['id']`` is set to the message id if absent. Messages of
        one ``chain`` are delivered in order; a ``held`` one waits for :meth:`release`."""
        message_id = str(body.get("id") or uuid.uuid4())
        body = {**body, "id": message_id}
        self._store.execute(
            "INSERT OR IGNORE INTO outbox (id, topic, body, created_at, chain, held)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            message_id, topic, json.dumps(body, ensure_ascii=False), self._clock(), chain,
            int(held),
        )
        return message_id

    def release(self, message_id: str) -> None:
        self._store.execute("UPDATE outbox SET held = 0 WHERE id = ?", message_id)

    def held(self, topic: str) -> list[dict]:
        """Bodies of the held messages of ``topic``, oldest first."""
        rows = self._store.execute(
            "SELECT body FROM outbox WHERE held = 1 AND topic = ? ORDER BY seq", topic
        )
        return [json.loads(row["body"]) for row in rows]

    def pending(self) -> int:
        return self._store.execute("SELECT COUNT(*) AS n FROM outbox WHERE dead = 0")[0]["n"]

    def dead(self) -> int:
        return self._store.execute("SELECT COUNT(*) AS n FROM outbox WHERE dead = 1")[0]["n"]

    def drain(self, send: Sender, limit: int = 50) -> int:
        """Send the oldest due messages in order (at most ``limit`` attempts); stops at the
        first outage. Returns how many went."""
        now = self._clock()
        sent = attempted = 0
        # Every message of a chain is read, due or not: one that waits holds back the rest.
        rows = self._store.execute(
            "SELECT seq, id, topic, body, attempts, chain, dead, held, next_attempt_at "
            "FROM outbox WHERE (dead = 0 AND held = 0 AND next_attempt_at <= ?) "
            "OR chain IS NOT NULL ORDER BY seq",
            now,
        )
        waiting: set[str] = set()
        for row in rows:
            chain = row["chain"]
            if chain is not None and chain in waiting:
                continue
            if row["dead"] or row["held"] or row["next_attempt_at"] > now:
                waiting.add(chain)
                continue
            if attempted >= limit:
                break
            attempted += 1
            try:
                send(row["topic"], json.loads(row["body"]))
            except GatewayUnavailable:
                break
            except GatewayRejected as exc:
                if exc.status in NOT_NOW or exc.status is None:
                    self._refused_for_now(row, reason_of(exc))
                else:
                    self._park(row, reason_of(exc))
                waiting.add(chain)
                continue
            except Exception as exc:  # a sender's bug must not block the queue behind it
                self._park(row, reason_of(exc))
                waiting.add(chain)
                continue
            self._store.execute("DELETE FROM outbox WHERE seq = ?", row["seq"])
            sent += 1
        return sent

    def _refused_for_now(self, row, reason: str) -> None:
        attempts = row["attempts"] + 1
        if attempts >= self._policy.max_attempts:
            self._park(row, f"{reason} ({attempts} times)", attempts)
            return
        delay = self._policy.delay(attempts)
        logger.warning("outbox message %s refused (%s); retry %d in %.0f s",
                       row["id"], reason, attempts, delay)
        self._store.execute(
            "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE seq = ?",
            attempts, self._clock() + delay, reason, row["seq"],
        )

    def _park(self, row, reason: str, attempts: int | None = None) -> None:
        logger.error("outbox message %s (%s) parked: %s; staff: python -m kiosk.outbox list",
                     row["id"], row["topic"], reason)
        self._store.execute(
            "UPDATE outbox SET dead = 1, parked_at = ?, last_error = ?, attempts = ? WHERE seq = ?",
            self._clock(), reason, attempts if attempts is not None else row["attempts"] + 1,
            row["seq"],
        )

    # --- staff and housekeeping -----------------------------------------------------------

    def parked(self) -> list[Parked]:
        rows = self._store.execute(
            "SELECT seq, id, topic, created_at, parked_at, attempts, last_error FROM outbox "
            "WHERE dead = 1 ORDER BY seq"
        )
        return [Parked(r["seq"], r["id"], r["topic"], r["created_at"], r["parked_at"],
                       r["attempts"], r["last_error"]) for r in rows]

    def redrive(self, ids: list[str] | None = None) -> int:
        """Put parked messages (all, or those with these ids) back in the queue, due now and
        with a fresh attempt count. Returns how many."""
        reset = ("UPDATE outbox SET dead = 0, attempts = 0, next_attempt_at = 0, "
                 "parked_at = NULL, last_error = '' WHERE dead = 1")
        if ids is None:
            count = self.dead()
            self._store.execute(reset)
            return count
        count = 0
        for message_id in ids:
            count += self._store.execute(
                "SELECT COUNT(*) AS n FROM outbox WHERE dead = 1 AND id = ?", message_id
            )[0]["n"]
            self._store.execute(reset + " AND id = ?", message_id)
        return count

    def purge_parked(self, older_than_s: float) -> int:
        """Drop messages parked longer ago than ``older_than_s``. Returns how many."""
        cutoff = self._clock() - older_than_s
        where = "WHERE dead = 1 AND parked_at < ? AND chain IS NULL"
        count = self._store.execute(f"SELECT COUNT(*) AS n FROM outbox {where}", cutoff)[0]["n"]
        if count:
            self._store.execute(f"DELETE FROM outbox {where}", cutoff)
            logger.info("outbox: %d parked message(s) purged after the retention period", count)
        return count

    def close(self) -> None:
        self._store.close()


if __name__ == "__main__":
    from kiosk.outbox_cli import main

    raise SystemExit(main())
