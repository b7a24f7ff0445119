"""SQLite storage: connections, transactions, and the devices allowed to call.

Each store owns its tables (``gateway.store.schema`` lists them in order); this module
owns only ``meta`` (facts about the database itself) and ``devices``.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

logger = logging.getLogger(__name__)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS devices (
    token_sha256 TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    created_at TEXT NOT NULL
);
"""


class Database:
    """Opens one connection per unit of work; WAL lets readers run beside a writer."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._keeper: sqlite3.Connection | None = None

    def connect(self) -> sqlite3.Connection:
        # Connections are handed between the threadpool threads of one request.
        conn = sqlite3.connect(self.path, timeout=5.0, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self.connect()
        try:
            with conn:
                yield conn
        finally:
            conn.close()

    def prepare(self) -> sqlite3.Connection:
        """Open the file for a first connection at start-up (creating its folder), in WAL
        mode; the schema is applied by ``gateway.store.schema.migrate``."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = self.connect()
        conn.execute("PRAGMA journal_mode = WAL")
        # One idle connection stays open for the database's lifetime. When the last
        # connection to a WAL database closes, SQLite checkpoints the log into the file and
        # deletes it, with fsyncs: with a connection per unit of work that was every unit,
        # ~20 ms of disk wait per request on this machine (docs/benchmarks.md). Checkpoints
        # now run only as the log grows (every 1000 pages).
        if self._keeper is None:
            self._keeper = self.connect()
            # Connecting is lazy; a read opens the log's shared memory, which is what counts.
            self._keeper.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn

    def close(self) -> None:
        """Close the idle connection :meth:`prepare` keeps (the last close checkpoints)."""
        keeper, self._keeper = self._keeper, None
        if keeper is not None:
            keeper.close()

    def device_label(self, token: str) -> str | None:
        """The label of the device this bearer token belongs to; None for an unknown token.
        The one device check: the routes' dependency and the body limit both ask it."""
        with self.transaction() as conn:
            row = conn.execute("SELECT label FROM devices WHERE token_sha256 = ?",
                               (hash_token(token),)).fetchone()
        return None if row is None else row["label"]

    def register_devices(
        self, tokens: Sequence[str], now: float, label: str = "command line"
    ) -> None:
        registered_at = datetime.fromtimestamp(now, UTC).isoformat(timespec="seconds")
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR IGNORE INTO devices (token_sha256, label, created_at) VALUES (?, ?, ?)",
                [(hash_token(t), label, registered_at) for t in tokens],
            )
            count = conn.execute("SELECT COUNT(*) FROM devices").fetchone()[0]
        if count == 0:
            logger.warning("no device tokens registered: every authenticated call will fail")


