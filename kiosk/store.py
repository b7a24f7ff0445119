"""Small SQLite helpers for the kiosk's durable stores (intents, outbox).

Every write is committed with ``synchronous=FULL`` before the call returns: what the kiosk
has accepted survives a power cut or a kill -9 at any moment.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


class Store:
    def __init__(self, path: Path, schema: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # One connection shared by threads, serialised by a lock: writes are tiny and rare.
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(schema)

    def execute(self, sql: str, *args: object) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def close(self) -> None:
        with self._lock:
            self._db.close()
