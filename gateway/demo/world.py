"""The demo world, present only when the gateway runs with ``--demo``.

It seeds the demo population, records and counter data once per database, adds the demo
days (``gateway.demo.days``) to the jobs of each new hospital day (``gateway.core.hospital_day``:
at start-up and before the first request of a new day, never by a read within a day), and
mounts the demo routes and pages.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI

from gateway.core.hospital_day import HospitalDay
from gateway.core.settings import GatewayState
from gateway.demo.counter import seed_counter
from gateway.demo.days import DEMO_SCHEMA, ensure_days
from gateway.demo.glossary import seed_glossary
from gateway.demo.inpatient_money_case import seed_inpatient_money_case
from gateway.demo.inpatients import seed_inpatients
from gateway.demo.insurance import seed_insurer
from gateway.demo.money_cases import seed_money_cases
from gateway.demo.population import generate, insert_people
from gateway.demo.records import seed_records
from gateway.demo.routes import DEMO_ROUTERS

logger = logging.getLogger(__name__)


def seed_population(state: GatewayState) -> bool:
    """Insert the demo residents and patients once per database; True if it did."""
    settings = state.settings
    with state.db.transaction() as conn:
        conn.executescript(DEMO_SCHEMA)
        row = conn.execute("SELECT value FROM meta WHERE key = 'seed'").fetchone()
        if row is not None:
            if int(row["value"]) != settings.seed:
                logger.info("database already seeded with another seed; keeping it")
            return False
        insert_people(conn, generate(settings.seed, settings.patients))
        conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            [("seed", str(settings.seed)), ("patients", str(settings.patients))],
        )
    logger.info("seeded demo data (%d patients)", settings.patients)
    return True


def install(app: FastAPI, state: GatewayState, day: HospitalDay) -> None:
    """Seed the demo data, add the demo days to the hospital day's jobs and mount the demo
    routes."""
    seed_population(state)
    with state.db.transaction() as conn:
        seed_records(conn, state.settings.seed)
        seed_counter(conn, state.settings.seed, state.clock())
        seed_glossary(conn)
        seed_money_cases(conn, state.provider, state.clock())
        seed_inpatients(conn, state.provider, state.settings.seed, state.clock())
        seed_inpatient_money_case(conn, state.provider, state.clock())
    seed_insurer(state)
    # First: the day's schedules and patients exist before anything else of the day runs.
    day.add(lambda _now: ensure_days(state), first=True)
    for router in DEMO_ROUTERS:
        app.include_router(router)
