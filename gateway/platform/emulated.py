"""The health-card platform emulated over the reference gateway's own tables.

The emulation keeps what a platform keeps (``residents``, ``issued_codes`` in
``gateway.platform.health_card``) and answers like one, so the whole chain runs offline.
It works on a connection it is given (a lookup inside the caller's transaction) or opens
its own from the database.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

from gateway.core.errors import CARD_CANCELLED, GatewayError
from gateway.platform import health_card
from gateway.platform.interface import CodeUse, Identity, PlatformCard, UsageReport

logger = logging.getLogger(__name__)

# Migration 7: what the platform knows besides the card (a phone number, a child's guardian,
# the relation to a hospital's patient id), and the usage reports it received. New tables,
# not new columns: a migration must be safe to run on a database that has it already.
PLATFORM_FIELDS = """
CREATE TABLE IF NOT EXISTS resident_contacts (
    health_card_id TEXT PRIMARY KEY REFERENCES residents (health_card_id),
    phone TEXT,
    guardian_id_number TEXT,
    bound_patient_id TEXT
);
CREATE TABLE IF NOT EXISTS platform_usage_reports (
    id INTEGER PRIMARY KEY,
    health_card_id TEXT NOT NULL,
    scene TEXT NOT NULL,
    channel TEXT NOT NULL,
    cost_type TEXT NOT NULL,
    at TEXT NOT NULL
);
"""

Connect = Callable[[], AbstractContextManager[sqlite3.Connection]]


def card_id_for(id_type: str, id_number: str) -> str:
    """A registered card's id: 64 hex, the same for the same person (so a repeated
    registration finds the card it made)."""
    return hashlib.sha256(f"ehc-emulation:{id_type}:{id_number}".encode()).hexdigest().upper()


_RESIDENT = """
SELECT r.*, c.phone AS phone FROM residents r
LEFT JOIN resident_contacts c ON c.health_card_id = r.health_card_id
"""


def _card(row: sqlite3.Row) -> PlatformCard:
    return PlatformCard(
        health_card_id=row["health_card_id"],
        identity=Identity(
            name=row["name"], gender=row["gender"], birth_date=row["birth_date"],
            id_type=row["id_type"], id_number=row["id_number"],
            phone=row["phone"],
        ),
        status=row["card_status"],
        person_id=row["health_card_id"][:16],
    )


class EmulatedPlatform:
    name = "emulation"
    pass_unknown_codes = False
    retry_initial_s = 30.0
    retry_max_s = 3600.0

    def __init__(self, connect: Connect) -> None:
        self._connect = connect

    @classmethod
    def on(cls, conn: sqlite3.Connection) -> EmulatedPlatform:
        return cls(lambda: nullcontext(conn))

    def resolve(self, text: str, health_card_id: str, token: str | None, use: CodeUse,
                now: float) -> PlatformCard:
        with self._connect() as conn:
            health_card.active_card(conn, health_card_id)
            if token is not None:
                health_card.verify_dynamic(conn, health_card_id, token, now)
            row = conn.execute(f"{_RESIDENT} WHERE r.health_card_id = ?",
                               (health_card_id,)).fetchone()
            return _card(row)

    def knows(self, id_type: str, id_number: str) -> bool:
        with self._connect() as conn:
            return conn.execute(
                "SELECT 1 FROM residents WHERE id_type = ? AND id_number = ?", (id_type, id_number)
            ).fetchone() is not None

    def register(self, identity: Identity, guardian: Identity | None, now: float) -> PlatformCard:
        with self._connect() as conn:
            row = conn.execute(f"{_RESIDENT} WHERE r.id_number = ?",
                               (identity.id_number,)).fetchone()
            if row is None:
                card_id = card_id_for(identity.id_type, identity.id_number)
                conn.execute(
                    "INSERT INTO residents (health_card_id, id_type, id_number, name, gender,"
                    " birth_date, card_status) VALUES (?, ?, ?, ?, ?, ?, 'active')",
                    (card_id, identity.id_type, identity.id_number, identity.name,
                     identity.gender, identity.birth_date),
                )
                conn.execute(
                    "INSERT INTO resident_contacts (health_card_id, phone, guardian_id_number)"
                    " VALUES (?, ?, ?)",
                    (card_id, identity.phone, guardian.id_number if guardian else None),
                )
                logger.info("emulated platform registered a card")
                row = conn.execute(f"{_RESIDENT} WHERE r.health_card_id = ?",
                                   (card_id,)).fetchone()
            elif row["card_status"] != "active":
                raise GatewayError(CARD_CANCELLED)
            return _card(row)

    def bind(self, card: PlatformCard, patient_id: str) -> None:
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO resident_contacts (health_card_id, bound_patient_id) VALUES (?, ?)"
                " ON CONFLICT (health_card_id) DO UPDATE SET bound_patient_id = excluded"
                ".bound_patient_id", (card.health_card_id, patient_id))

    def report_usage(self, report: UsageReport) -> None:
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO platform_usage_reports (health_card_id, scene, channel, cost_type, at)"
                " VALUES (?, ?, ?, ?, ?)",
                (report.health_card_id, report.scene, report.channel, report.cost_type, report.at),
            )
