"""Assembles the FastAPI application from its routers."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

from gateway import (
    api,
    appointments,
    audit,
    billing,
    counter_patients,
    counter_queue,
    demo_api,
    dispense,
    drugs,
    guidance,
    health_services,
    hospital_api,
    pages,
    payments,
    pharmacy,
    registration,
    reports,
    staff,
    usage,
    wallet,
)
from gateway.clock import use_zone
from gateway.counter_demo import seed_counter
from gateway.db import Database
from gateway.errors import install_handlers
from gateway.records_demo import seed_records
from gateway.settings import GatewayState, Settings

logger = logging.getLogger(__name__)

TITLE = "Kiosk Gateway API"
VERSION = "1.0.0"
DESCRIPTION = """\
The API between hospital self-service kiosks / pharmacy counters and the hospital.
`/api/v1` is the contract a hospital implements in front of its HIS and the health-card
platform. `/demo/v1` and `/ehc` exist only in this reference gateway, for demos and tests.

Every error is `{"error": {"code", "message", "message_zh"}}` with a 4xx (or 500) status.
"""


def create_app(settings: Settings, clock: Callable[[], float] = time.time) -> FastAPI:
    """Build the application; creates and seeds the database on first use."""
    use_zone(settings.time_zone)
    db = Database(settings.db_path)
    db.initialise(settings.seed, settings.patients)
    db.register_devices(settings.device_tokens, clock())
    with db.transaction() as conn:
        seed_records(conn, settings.seed)
        seed_counter(conn, settings.seed, clock())

    app = FastAPI(title=TITLE, version=VERSION, description=DESCRIPTION)
    app.state.gateway = GatewayState(settings=settings, db=db, clock=clock)
    install_handlers(app)
    app.include_router(api.router)
    app.include_router(demo_api.router)
    app.include_router(pages.router)
    for service in (reports, guidance, pharmacy, health_services, usage):
        app.include_router(service.router)
    for service in (hospital_api, registration, appointments, billing, payments, wallet):
        app.include_router(service.router)
    for service in (staff, counter_queue, counter_patients, drugs, dispense, audit):
        app.include_router(service.router)
    app.include_router(drugs.demo_router)

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

    return app
