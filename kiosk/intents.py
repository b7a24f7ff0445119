"""Idempotency keys, one per patient intent, stored before the request is sent.

"Book this slot", "pay this bill", "settle this preview" each get one key the first time the
kiosk tries; the key is written to disk before anything goes on the wire and reused for every
retry — after a timeout, a lost reply, or a crash and restart. The gateway answers a repeat
with the first result, so nothing is booked, charged or dispensed twice.

Open locks are recorded here too, so a kiosk that crashed mid-flow releases them on restart.
"""

from __future__ import annotations

import enum
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from kiosk.store import Store

SCHEMA = """
CREATE TABLE IF NOT EXISTS intents (
    kind TEXT NOT NULL,
    scope TEXT NOT NULL,
    key TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL,
    created_at REAL NOT NULL,
    PRIMARY KEY (kind, scope)
);
"""


class IntentState(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    ABANDONED = "abandoned"


class IntentStore:
    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self._store = Store(path, SCHEMA)
        self._clock = clock

    def key(self, kind: str, scope: str) -> str:
        """The key of this intent: created and stored on first use, the same ever after.

        ``scope`` names what the intent is about with opaque ids only (a lock id, a preview
        id), never personal data.
        """
        rows = self._store.execute("SELECT key FROM intents WHERE kind = ? AND scope = ?", kind, scope)
        if rows:
            return rows[0]["key"]
        key = str(uuid.uuid4())
        self._store.execute(
            "INSERT OR IGNORE INTO intents (kind, scope, key, state, created_at) VALUES (?, ?, ?, ?, ?)",
            kind, scope, key, IntentState.OPEN, self._clock(),
        )
        return self._store.execute(
            "SELECT key FROM intents WHERE kind = ? AND scope = ?", kind, scope
        )[0]["key"]

    def finish(self, kind: str, scope: str, state: IntentState = IntentState.DONE) -> None:
        self._store.execute(
            "UPDATE intents SET state = ? WHERE kind = ? AND scope = ?", state, kind, scope
        )

    def open_scopes(self, kind: str) -> list[str]:
        rows = self._store.execute(
            "SELECT scope FROM intents WHERE kind = ? AND state = ? ORDER BY created_at",
            kind, IntentState.OPEN,
        )
        return [r["scope"] for r in rows]

    def purge(self, older_than_s: float = 7 * 24 * 3600, keep_open: tuple[str, ...] = ()) -> int:
        """Drop intents begun longer ago than ``older_than_s``: by then every retry is over.
        Open intents of the kinds in ``keep_open`` (slot locks still to release) stay.
        Returns how many went."""
        marks = ",".join("?" * len(keep_open)) or "NULL"
        where = f"created_at < ? AND NOT (state = ? AND kind IN ({marks}))"
        args = (self._clock() - older_than_s, IntentState.OPEN, *keep_open)
        count = self._store.execute(f"SELECT COUNT(*) AS n FROM intents WHERE {where}", *args)[0]["n"]
        if count:
            self._store.execute(f"DELETE FROM intents WHERE {where}", *args)
        return count

    def close(self) -> None:
        self._store.close()
