"""The gateway's Prometheus metrics: requests by route template, latency, errors, replays.

Routes are labelled by their template (``/api/v1/reports/{report_id}/print``), never the
raw path, which can carry card and report ids; a request no route matched is
``<unrouted>``, so a scanner of random URLs cannot grow the series without bound. An
idempotent replay is told by the header the idempotency layer sets on a stored answer.
``/metrics`` is mounted only with ``--metrics`` and carries no personal data.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)

from gateway.core.auth import Device
from gateway.core.idempotency import REPLAYED_HEADER

PREFIX = "ehc_gateway"
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class GatewayMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(f"{PREFIX}_requests", "Requests by route template, method and status",
                                ["route", "method", "status"], registry=r)
        self.latency = Histogram(f"{PREFIX}_request_seconds", "Request handling time by route template",
                                 ["route", "method"], buckets=BUCKETS, registry=r)
        self.errors = Counter(f"{PREFIX}_errors", "Answers of 400 and above, by route and status class",
                              ["route", "method", "status_class"], registry=r)
        self.replays = Counter(f"{PREFIX}_idempotent_replays", "Stored answers replayed for a repeated key",
                               ["route", "method"], registry=r)

    def observe(self, route: str, method: str, status: int, seconds: float, replayed: bool) -> None:
        self.requests.labels(route, method, str(status)).inc()
        self.latency.labels(route, method).observe(seconds)
        if status >= 400:
            self.errors.labels(route, method, f"{status // 100}xx").inc()
        if replayed:
            self.replays.labels(route, method).inc()


def route_of(request: Request) -> str:
    route = request.scope.get("route")
    return getattr(route, "path", None) or "<unrouted>"


def install(app: FastAPI, serve: bool) -> GatewayMetrics:
    """Count every request; with ``serve``, answer ``GET /metrics`` too."""
    metrics = GatewayMetrics()
    app.state.metrics = metrics

    @app.middleware("http")
    async def _measure(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        metrics.observe(route_of(request), request.method, response.status_code,
                        time.perf_counter() - started, response.headers.get(REPLAYED_HEADER) == "true")
        return response

    if serve:
        # Like every endpoint, only for a caller with a device token (the monitoring
        # server is given one of its own): the counts name no patient, but the traffic of
        # a hospital is not for anyone on its network.
        @app.get("/metrics", include_in_schema=False)
        def _metrics(_device: Device) -> Response:
            return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    return metrics
