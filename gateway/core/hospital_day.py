"""The jobs of a new hospital day, run once per day and never by a read.

Some state is per hospital day (the pharmacy tickets; in the demo world, the week's
schedules and today's patients). It is made at start-up and again before the first request
of each new day, which is told from the clock in memory, so within a day no request pays
for it and no read writes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Awaitable, Callable
from datetime import date

from fastapi import FastAPI, Request, Response
from starlette.concurrency import run_in_threadpool

from gateway.core.timeline import today

logger = logging.getLogger(__name__)

DayJob = Callable[[float], None]


class HospitalDay:
    """Runs its jobs, in order, once for each hospital date the clock reaches."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._jobs: list[DayJob] = []
        self._done: date | None = None
        self._lock = threading.Lock()

    def add(self, job: DayJob, *, first: bool = False) -> None:
        self._jobs.insert(0, job) if first else self._jobs.append(job)

    def due(self) -> bool:
        return today(self._clock()) != self._done

    def turn(self) -> None:
        with self._lock:
            now = self._clock()
            if today(now) == self._done:
                return
            for job in self._jobs:
                job(now)
            self._done = today(now)
            logger.info("hospital day %s begun", self._done.isoformat())

    def install(self, app: FastAPI) -> None:
        """Turn the day before the first request that arrives on a new hospital date."""

        @app.middleware("http")
        async def _turn_the_day(
            request: Request, call_next: Callable[[Request], Awaitable[Response]]
        ) -> Response:
            # Before the request, so whatever it reads already belongs to the new day.
            if self.due():
                await run_in_threadpool(self.turn)
            return await call_next(request)
