"""Small SQLite helpers for the kiosk's durable stores (intents, outbox).

Every write is committed with ``synchronous=FULL`` before the call returns: what the kiosk
has accepted survives a power cut or a kill -9 at any moment. Each database is created 0600
in a 0700 folder (see :mod:`kiosk.private_files`), and keeps a small page cache (a kiosk runs
for days in one process). The print queue opens its database with the same :func:`connect`.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from kiosk.private_files import private_file

# Pages SQLite may keep in memory per store (KiB). Its default, 2 MiB a connection, filled up
# over a day as the stores grew (the print queue keeps a row per job) and read as a leak; the
# stores are small and their rows are read once or twice, so 256 KiB serves them.
CACHE_KIB = 256


def connect(path: Path) -> sqlite3.Connection:
    """A store's one connection, shared by threads (the caller serialises it with a lock):
    created 0600, write-ahead log, every commit durable, a bounded page cache."""
    private_file(path)  # 0600 before SQLite creates its -wal/-shm with the same mode
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")  # a commit survives power loss
    db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    return db


class Store:
    def __init__(self, path: Path, schema: str) -> None:
        # One connection shared by threads, serialised by a lock: writes are tiny and rare.
        self._db = connect(path)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        with self._lock:
            self._db.executescript(schema)

    def execute(self, sql: str, *args: object) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def close(self) -> None:
        with self._lock:
            self._db.close()
