"""SQLite storage: the hospital's patient records and the emulated platform's cards.

Two sides are kept apart on purpose: ``residents`` is what the health-card platform
knows, ``patients`` is what the hospital (HIS) knows. A resident can hold a valid card
and still be unknown to the hospital, which is the ``not_registered`` case.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from gateway.demo.population import DemoPerson, generate

logger = logging.getLogger(__name__)

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
CREATE TABLE IF NOT EXISTS residents (
    health_card_id TEXT PRIMARY KEY,
    id_type TEXT NOT NULL DEFAULT '01',
    id_number TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    gender TEXT NOT NULL CHECK (gender IN ('M', 'F')),
    birth_date TEXT NOT NULL,
    card_status TEXT NOT NULL CHECK (card_status IN ('active', 'cancelled'))
);
CREATE TABLE IF NOT EXISTS patients (
    patient_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    gender TEXT NOT NULL CHECK (gender IN ('M', 'F')),
    birth_date TEXT NOT NULL,
    id_type TEXT NOT NULL DEFAULT '01',
    id_number TEXT NOT NULL UNIQUE,
    legacy_id_number TEXT UNIQUE,
    region_code TEXT NOT NULL,
    phone TEXT NOT NULL,
    visit_card_no TEXT NOT NULL UNIQUE,
    health_card_id TEXT REFERENCES residents (health_card_id),
    insured INTEGER NOT NULL,
    insurance_region TEXT
);
CREATE TABLE IF NOT EXISTS issued_codes (
    token TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('dynamic', 'insurance')),
    health_card_id TEXT REFERENCES residents (health_card_id),
    patient_id TEXT REFERENCES patients (patient_id),
    issued_at REAL NOT NULL,
    expires_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS issued_codes_expiry ON issued_codes (expires_at);
CREATE TABLE IF NOT EXISTS identify_log (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    device TEXT NOT NULL,
    terminal_id TEXT,
    source TEXT NOT NULL,
    outcome TEXT NOT NULL
);
"""

# Service modules keep their tables beside their code (each has a ``SCHEMA`` string). They
# are imported when the database is initialised, not at import time, because they import
# this module.
SCHEMA_MODULES: tuple[str, ...] = (
    "gateway.core.visits",
    "gateway.core.idempotency",
    "gateway.demo.hospital",
    "gateway.demo.days",
    "gateway.api.registration",
    "gateway.store.payments",
    "gateway.api.billing",
    "gateway.api.reports",
    "gateway.api.pharmacy",
    "gateway.api.guidance",
    "gateway.api.health_services",
    "gateway.api.usage",
    "gateway.api.staff",
    "gateway.api.drugs",
    "gateway.api.counter_queue",
    "gateway.api.dispense",
    "gateway.api.audit",
)

# Joined view of a patient with the status of their bound card; the API reports
# health_card_id only while that card is active.
PATIENT_SELECT = """
SELECT p.*, r.card_status AS card_status
FROM patients p LEFT JOIN residents r ON r.health_card_id = p.health_card_id
"""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Database:
    """Opens one connection per unit of work; WAL lets readers run beside a writer."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

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

    def initialise(self, seed: int, patients: int) -> bool:
        """Create the schema and seed demo data when empty. Returns True if it seeded."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = self.connect()
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.executescript(SCHEMA)
            for name in SCHEMA_MODULES:
                conn.executescript(importlib.import_module(name).SCHEMA)
            with conn:
                row = conn.execute("SELECT value FROM meta WHERE key = 'seed'").fetchone()
                if row is not None:
                    if int(row["value"]) != seed:
                        logger.info("database already seeded with another seed; keeping it")
                    return False
                insert_people(conn, generate(seed, patients))
                conn.execute("INSERT INTO meta (key, value) VALUES ('seed', ?)", (str(seed),))
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('patients', ?)", (str(patients),)
                )
            logger.info("seeded demo data (%d patients)", patients)
            return True
        finally:
            conn.close()

    def register_devices(self, tokens: Sequence[str], label: str = "command line") -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR IGNORE INTO devices (token_sha256, label, created_at) VALUES (?, ?, ?)",
                [(hash_token(t), label, now) for t in tokens],
            )
            count = conn.execute("SELECT COUNT(*) FROM devices").fetchone()[0]
        if count == 0:
            logger.warning("no device tokens registered: every authenticated call will fail")


def insert_people(conn: sqlite3.Connection, people: Sequence[DemoPerson]) -> None:
    conn.executemany(
        "INSERT INTO residents (health_card_id, id_number, name, gender, birth_date, card_status)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            (p.health_card_id, p.id_number, p.name, p.gender, p.birth_date.isoformat(),
             p.card_status)
            for p in people
        ],
    )
    conn.executemany(
        "INSERT INTO patients (patient_id, name, gender, birth_date, id_number, legacy_id_number,"
        " region_code, phone, visit_card_no, health_card_id, insured, insurance_region)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (p.patient_id, p.name, p.gender, p.birth_date.isoformat(), p.id_number,
             p.legacy_id_number, p.region_code, p.phone, p.visit_card_no, p.health_card_id,
             int(p.insured), p.insurance_region)
            for p in people
            if p.patient_id is not None
        ],
    )
