"""The hospital's patients (what the HIS knows) and the log of identify attempts.

``residents`` (what the health-card platform knows) belongs to the platform emulation;
a resident can hold a valid card and still be unknown here: the ``not_registered`` case.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from gateway.core.db import Database
from gateway.core.errors import GatewayError

logger = logging.getLogger(__name__)

SCHEMA = """
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
CREATE TABLE IF NOT EXISTS identify_log (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    device TEXT NOT NULL,
    terminal_id TEXT,
    source TEXT NOT NULL,
    outcome TEXT NOT NULL
);
"""

# Joined view of a patient with the status of their bound card; the API reports
# health_card_id only while that card is active.
PATIENT_SELECT = """
SELECT p.*, r.card_status AS card_status
FROM patients p LEFT JOIN residents r ON r.health_card_id = p.health_card_id
"""


@dataclass
class IdentifyAttempt:
    """How one scan ended: the caller sets ``outcome`` on success, a refusal sets its code."""

    outcome: str = "internal_error"


@contextmanager
def identify_attempt(
    db: Database, what: str, now: float, device: str, terminal_id: str | None, source: str
) -> Iterator[IdentifyAttempt]:
    """Record the attempt in ``identify_log`` and the log however it ends: how a scan ended,
    never what was scanned or who it was."""
    attempt = IdentifyAttempt()
    try:
        yield attempt
    except GatewayError as exc:
        attempt.outcome = exc.kind.code
        raise
    finally:
        with db.transaction() as conn:
            conn.execute(
                "INSERT INTO identify_log (at, device, terminal_id, source, outcome)"
                " VALUES (?, ?, ?, ?, ?)",
                (now, device, terminal_id, source, attempt.outcome),
            )
        logger.info("%s via %s: %s", what, source, attempt.outcome)
