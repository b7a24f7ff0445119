"""Assembles the FastAPI application from its routers."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response

from gateway.api.routes import ROUTERS
from gateway.core.body_limit import BodyLimit
from gateway.core.clock import use_zone
from gateway.core.db import Database
from gateway.core.errors import install_handlers, responses
from gateway.core.hospital_day import HospitalDay
from gateway.core.metrics import install as install_metrics
from gateway.core.settings import GatewayState, Settings
from gateway.demo import world
from gateway.insurance import factory as insurer_factory
from gateway.pages import staff_help, staff_money
from gateway.platform import factory as platform_factory
from gateway.platform.forwarder import Forwarder
from gateway.platform.payment_provider import EmulatedProvider, provider_path
from gateway.store import schema
from gateway.store.counter_queue import ticket_waiting

logger = logging.getLogger(__name__)

TITLE = "Kiosk Gateway API"
VERSION = "1.0.0"
DESCRIPTION = """\
The API between hospital self-service kiosks / pharmacy counters and the hospital.
`/api/v1` is the contract a hospital implements in front of its HIS and the health-card
platform. `/demo/v1`, `/ehc` and `/pay` exist only in this reference gateway started with
`--demo`, for demos and tests.

Every error is `{"error": {"code", "message", "message_zh"}}` with a 4xx (or 500) status.
"""


def _run_with_the_server(app: FastAPI, part) -> None:
    """Start ``part`` with the server (an in-process client's context too) and stop it with
    the server: never by merely building the application."""
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(application: FastAPI):
        part.start()
        try:
            async with inner(application) as state:
                yield state
        finally:
            part.stop()

    app.router.lifespan_context = lifespan


def create_app(settings: Settings, clock: Callable[[], float] = time.time) -> FastAPI:
    """Build the application: create or upgrade the database, seed the demo world and mount
    its routes when ``settings.demo``, and begin the hospital day (its jobs run again before
    the first request of each new day)."""
    use_zone(settings.time_zone)
    db = Database(settings.db_path)
    conn = db.prepare()
    try:
        schema.migrate(conn)
    finally:
        conn.close()
    db.register_devices(settings.device_tokens, clock())

    # Operations that declare no refusals of their own still document gateway_busy.
    app = FastAPI(title=TITLE, version=VERSION, description=DESCRIPTION, responses=responses())
    state = GatewayState(settings=settings, db=db, clock=clock,
                         platform=platform_factory.build(settings.platform_config, db, clock),
                         insurer=insurer_factory.build(settings, db, clock),
                         provider=EmulatedProvider(provider_path(settings.db_path)))
    app.state.gateway = state
    forwarder = Forwarder(db, state.platform, clock, state.platform.retry_initial_s,
                          state.platform.retry_max_s)
    state.forwarder = forwarder
    _run_with_the_server(app, forwarder)
    install_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    staff_help.install(app)
    staff_money.install(app)
    day = HospitalDay(clock)
    day.add(lambda now: ticket_waiting(db, now))
    if settings.demo:
        world.install(app, state, day)
    day.turn()
    day.install(app)

    @app.middleware("http")
    async def _log_requests(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        # The route template is logged rather than the path: paths can carry card ids.
        started = time.perf_counter()
        response = await call_next(request)
        route = request.scope.get("route")
        logger.info(
            "%s %s -> %d (%.1f ms)",
            request.method,
            getattr(route, "path", "<unrouted>"),
            response.status_code,
            (time.perf_counter() - started) * 1000,
        )
        return response

    # Added after the logging middleware, so it wraps it: the time counted is the whole answer.
    install_metrics(app, settings.metrics)
    # Outermost of the application's own layers: a body is bounded before anything reads it.
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes, db=db)
    return app
