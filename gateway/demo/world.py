"""The demo world, present only when the gateway runs with ``--demo``.

It seeds the demo population, records and counter data once per database, materialises the
demo days (``gateway.demo.days``) at start-up and again before the first request of each new
hospital day, and mounts the demo routes and pages. Within a day no request writes demo
rows: whether the day has turned is decided from the clock in memory, without the database.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Awaitable, Callable
from datetime import date

from fastapi import FastAPI, Request, Response
from starlette.concurrency import run_in_threadpool

from gateway.core.settings import GatewayState
from gateway.core.timeline import today
from gateway.demo.counter import seed_counter
from gateway.demo.days import DEMO_SCHEMA, ensure_days
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


class DemoDays:
    """Turns the demo world's day: materialises the week ahead when the hospital date changes."""

    def __init__(self, state: GatewayState) -> None:
        self._state = state
        self._done: date | None = None
        self._lock = threading.Lock()

    def due(self) -> bool:
        return today(self._state.clock()) != self._done

    def turn(self) -> None:
        with self._lock:
            if self.due():
                self._done = ensure_days(self._state)


def install(app: FastAPI, state: GatewayState) -> None:
    """Seed the demo data, materialise today's week and mount the demo routes."""
    seed_population(state)
    with state.db.transaction() as conn:
        seed_records(conn, state.settings.seed)
        seed_counter(conn, state.settings.seed, state.clock())
    days = DemoDays(state)
    days.turn()
    for router in DEMO_ROUTERS:
        app.include_router(router)

    @app.middleware("http")
    async def _turn_the_day(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        # Before the request, so the new day's schedules exist for whatever it reads.
        if days.due():
            await run_in_threadpool(days.turn)
        return await call_next(request)
