"""The database schema: every store's tables, in order, and the forward migrations.

``PRAGMA user_version`` records how far a database has been migrated. Version 1 is the
schema as it stood when versioning began; a database made before then has version 0 and
those tables already, and its ``CREATE … IF NOT EXISTS`` statements leave them as they are.
A change to a table is never made by editing a store's ``SCHEMA`` after release: it is a new
``Migration`` at the end of ``MIGRATIONS`` (``ALTER TABLE``, a new index, a backfill), so an
existing database upgrades at start-up instead of breaking.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from gateway.core import db, idempotency, visits
from gateway.platform import emulated, health_card, payment_provider
from gateway.store import (
    audit,
    billing,
    counter_queue,
    counters,
    deposit_refunds,
    dispense,
    drugs,
    ebills,
    enrolment,
    glossary,
    guidance,
    health_services,
    help_requests,
    hospital,
    identify_limit,
    inpatient,
    inpatient_money,
    insurance_ledger,
    my_records,
    patients,
    payments,
    pharmacy,
    platform_outbox,
    provider_calls,
    registration,
    registration_insurance,
    reports,
    schedules,
    staff,
    usage,
)

logger = logging.getLogger(__name__)

# Referenced tables come before the tables that reference them.
TABLES: tuple[str, ...] = (
    db.SCHEMA,
    health_card.SCHEMA,
    patients.SCHEMA,
    visits.SCHEMA,
    idempotency.SCHEMA,
    hospital.SCHEMA,
    schedules.SCHEMA,
    counters.SCHEMA,
    registration.SCHEMA,
    payments.SCHEMA,
    billing.SCHEMA,
    reports.SCHEMA,
    pharmacy.SCHEMA,
    guidance.SCHEMA,
    health_services.SCHEMA,
    usage.SCHEMA,
    staff.SCHEMA,
    drugs.SCHEMA,
    counter_queue.SCHEMA,
    dispense.SCHEMA,
    audit.SCHEMA,
)


@dataclass(frozen=True)
class Migration:
    version: int
    what: str
    script: str


# The provider's refunds as version 14 kept them in the gateway's file (version 15 moved the
# emulated provider's records to a file of its own; gateway/platform/payment_provider.py).
_PROVIDER_REFUNDS_V14 = """
CREATE TABLE IF NOT EXISTS provider_refunds (
    out_refund_no TEXT PRIMARY KEY,
    out_trade_no TEXT NOT NULL REFERENCES provider_charges (out_trade_no),
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    refund_id TEXT NOT NULL UNIQUE,
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS provider_refunds_by_charge ON provider_refunds (out_trade_no);
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "the tables of the first versioned release", "".join(TABLES)),
    Migration(2, "the key of the counter's patient references, made once, not on a read",
              counter_queue.PATIENT_REF_KEY),
    Migration(3, "the identify rate limit; sign-in failures counted per source device",
              identify_limit.SCHEMA + staff.FAILURES_BY_DEVICE),
    Migration(4, "how each visit was identified (a visit card reaches low-risk services only)",
              visits.WEAK_VISITS),
    Migration(5, "audit events placed in keyed chains anchored at the gateway", audit.CHAINS),
    Migration(6, "the English glossary for names in records (drugs, items, diagnoses)",
              glossary.SCHEMA),
    Migration(7, "help requests from kiosks, acknowledged and closed by staff",
              help_requests.SCHEMA),
    Migration(8, "self-registration: enrolment offers, patients created at a kiosk and their "
              "guardians; what the emulated platform keeps besides the card",
              emulated.PLATFORM_FIELDS + enrolment.SCHEMA),
    Migration(9, "what the gateway owes the health-card platform (usage reports, bindings)",
              platform_outbox.SCHEMA),
    Migration(10, "the payment provider's own records (payment-code charges, reversals, "
              "refunds), for payment codes and the daily reconciliation; slip reprints",
              # The emulated provider's records lived in the gateway's file until 14.
              payment_provider.RECORDS + my_records.SCHEMA),
    Migration(11, "the staff sign-in failures table version 3 replaced, unused since",
              staff.DROP_FAILURES),
    Migration(12, "inpatient services: admissions, their charges, deposits and discharge "
              "settlements; scan-to-pay for deposits and discharges",
              inpatient.SCHEMA + inpatient_money.SCHEMA + inpatient_money.PAYMENT_PURPOSES),
    Migration(13, "insurance settled like the national platform (each pre-settlement's split, "
               "each 2207 sent and its outcome) and the electronic bills of settlements",
               insurance_ledger.SCHEMA + ebills.SCHEMA),
    Migration(14, "wristband visits (the inpatient services only); the provider's refunds of "
              "an amount and each deposit refund's call to it",
              visits.WRISTBAND_VISITS + _PROVIDER_REFUNDS_V14 + deposit_refunds.SCHEMA),
    Migration(15, "the payment provider keeps its own file: the gateway keeps which orders "
               "it charged by payment code and the reversals and refunds it still owes to "
               "tell the provider", provider_calls.SCHEMA + provider_calls.BACKFILL),
    Migration(16, "insured registration fees: each lock's pre-settlement, and 2207s and "
               "e-bills that belong to a registration", registration_insurance.SCHEMA),
)
LATEST = MIGRATIONS[-1].version


class SchemaTooNew(RuntimeError):
    """The database was migrated by a newer gateway; this one must not write to it."""


def version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def _statements(script: str) -> list[str]:
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending)
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement in a migration: {pending.strip()[:60]}")
    return statements


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring the database up to the last migration; returns the version it had before."""
    latest = migrations[-1].version
    before = version(conn)
    isolation = conn.isolation_level
    conn.isolation_level = None  # the transactions below are explicit
    try:
        for step in migrations:
            # One transaction per step: the tables and the version they bring commit
            # together, and the version is read again under the write lock, so a second
            # gateway starting on the same file never applies a step twice.
            conn.execute("BEGIN IMMEDIATE")
            try:
                current = version(conn)
                if current > latest:
                    raise SchemaTooNew(
                        f"database schema version {current} is newer than this gateway's {latest}"
                    )
                if step.version > current:
                    for statement in _statements(step.script):
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {int(step.version)}")
                    logger.info("database schema migrated to version %d: %s",
                                step.version, step.what)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
    finally:
        conn.isolation_level = isolation
    return before
