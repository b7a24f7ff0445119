"""Small SQLite helpers for the kiosk's durable stores (intents, outbox).

Every write is committed with ``synchronous=FULL`` before the call returns: what the kiosk
has accepted survives a power cut or a kill -9 at any moment. Each database is created 0600
in a 0700 folder (see :mod:`kiosk.private_files`).
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from kiosk.private_files import private_file


class Store:
    def __init__(self, path: Path, schema: str) -> None:
        private_file(path)
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
