"""A durable outbox for messages the gateway must eventually receive (usage reports, audit).

A message is committed to disk when it is accepted and deleted only after the gateway has
confirmed it; each carries its own id, which the gateway treats as an idempotency key, so a
message re-sent after a lost confirmation is recorded once. Outages and crashes only delay.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable
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

Sender = Callable[[str, dict], None]  # (topic, body) → raises GatewayUnavailable / GatewayRejected


class Outbox:
    def __init__(self, path: Path) -> None:
        self._store = Store(path, SCHEMA)

    def put(self, topic: str, body: dict) -> str:
        """Accept a message; ``body['id']`` is set to the message id if absent."""
        message_id = str(body.get("id") or uuid.uuid4())
        body = {**body, "id": message_id}
        self._store.execute(
            "INSERT OR IGNORE INTO outbox (id, topic, body, created_at) VALUES (?, ?, ?, ?)",
            message_id, topic, json.dumps(body, ensure_ascii=False), time.time(),
        )
        return message_id

    def pending(self) -> int:
        return self._store.execute("SELECT COUNT(*) AS n FROM outbox WHERE dead = 0")[0]["n"]

    def dead(self) -> int:
        return self._store.execute("SELECT COUNT(*) AS n FROM outbox WHERE dead = 1")[0]["n"]

    def drain(self, send: Sender, limit: int = 50) -> int:
        """Send the oldest messages in order; stops at the first outage. Returns how many went."""
        sent = 0
        rows = self._store.execute(
            "SELECT seq, id, topic, body FROM outbox WHERE dead = 0 ORDER BY seq LIMIT ?", limit
        )
        for row in rows:
            try:
                send(row["topic"], json.loads(row["body"]))
            except GatewayUnavailable:
                self._store.execute("UPDATE outbox SET attempts = attempts + 1 WHERE seq = ?", row["seq"])
                break
            except GatewayRejected as exc:
                # A refusal will not change on retry: park it for staff instead of blocking the rest.
                logger.error("outbox message %s refused: %s", row["id"], exc.code)
                self._store.execute("UPDATE outbox SET dead = 1 WHERE seq = ?", row["seq"])
                continue
            self._store.execute("DELETE FROM outbox WHERE seq = ?", row["seq"])
            sent += 1
        return sent

    def close(self) -> None:
        self._store.close()
