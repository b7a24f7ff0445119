"""Prometheus metrics of one kiosk, served on a configured address (off by default).

Gauges are read from the :class:`~kiosk.device_status.StatusBoard` at each scrape, so the
numbers are never staler than the board; counters and histograms are fed by events (a
session, a gateway call, a camera decode). The heartbeat gauge is set from the GUI thread:
the HTTP server has a thread of its own and would go on answering under a frozen screen,
so "scrape works" is not "kiosk works" — the ``KioskStuck`` alert watches the heartbeat.

No label carries personal data: labels are the terminal id, device roles and kinds, device
states, session end reasons and error codes, each from a closed set or checked against a
code pattern (:func:`safe_code`). The registry is the kiosk's own, not the library's global
one, so tests can build several kiosks in one process.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily
from prometheus_client.registry import Collector

from kiosk.device_status import PRINTER_STATES, TONER_LEVELS, StatusBoard
from kiosk.metrics_http import serve

logger = logging.getLogger(__name__)

PREFIX = "ehc_kiosk"
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
SESSION_ENDS = ("finished", "timeout", "error")
# Identify answers in well under a second on a healthy network; the buckets stretch to the
# client's read timeout. Camera decodes take milliseconds.
IDENTIFY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
DECODE_BUCKETS = (0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)


def safe_code(code: object) -> str:
    """An error code as a label: the kiosk's stable codes pass, anything else is "other"."""
    text = str(code)
    return text if _CODE.match(text) else "other"


class _BoardCollector(Collector):
    def __init__(self, board: StatusBoard, heartbeat: Callable[[], float | None]) -> None:
        self._board = board
        self._heartbeat = heartbeat

    def collect(self) -> Iterator:  # called on the metrics server's thread at each scrape
        s = self._board.snapshot()
        info = InfoMetricFamily(f"{PREFIX}_build", "Role, version and terminal of this kiosk",
                                labels=["role", "version", "terminal_id"])
        info.add_metric([s.role, s.version, s.terminal_id], {})
        yield info
        beat = self._heartbeat()
        hb = GaugeMetricFamily(f"{PREFIX}_heartbeat_timestamp_seconds",
                               "When the GUI thread last turned (POSIX seconds)")
        if beat is not None:
            hb.add_metric([], beat)
        yield hb
        scanner = GaugeMetricFamily(f"{PREFIX}_scanner_up", "1 if the scanner or camera is connected",
                                    labels=["scanner"])
        for item in s.scanners:
            scanner.add_metric([item.name], 1.0 if item.state == "connected" else 0.0)
        yield scanner
        state = GaugeMetricFamily(f"{PREFIX}_printer_state", "1 for the printer's current state",
                                  labels=["printer", "state"])
        toner = GaugeMetricFamily(f"{PREFIX}_printer_toner", "1 for the printer's toner level",
                                  labels=["printer", "level"])
        backlog = GaugeMetricFamily(f"{PREFIX}_print_backlog_jobs",
                                    "Print jobs stored and not yet printed", labels=["printer"])
        for p in s.printers:
            for name in PRINTER_STATES:
                state.add_metric([p.name, name], 1.0 if p.state == name else 0.0)
            for level in TONER_LEVELS:
                toner.add_metric([p.name, level], 1.0 if p.toner == level else 0.0)
            backlog.add_metric([p.name], p.backlog)
        yield state
        yield toner
        yield backlog
        outbox = GaugeMetricFamily(f"{PREFIX}_outbox_messages", "Outbox messages by state",
                                   labels=["state"])
        outbox.add_metric(["pending"], s.backlog.outbox_pending)
        outbox.add_metric(["parked"], s.backlog.outbox_parked)
        yield outbox
        up = GaugeMetricFamily(f"{PREFIX}_gateway_up", "1 if the hospital gateway answered the last check")
        latency = GaugeMetricFamily(f"{PREFIX}_gateway_latency_seconds",
                                    "Round trip of the last successful gateway check")
        if s.gateway.reachable is not None:
            up.add_metric([], 1.0 if s.gateway.reachable else 0.0)
        if s.gateway.latency_s is not None:
            latency.add_metric([], s.gateway.latency_s)
        yield up
        yield latency
        free = GaugeMetricFamily(f"{PREFIX}_disk_free_bytes", "Free space in the data folder")
        full = GaugeMetricFamily(f"{PREFIX}_disk_full", "1 if free space is below the configured floor")
        if s.disk.free_bytes is not None:
            free.add_metric([], s.disk.free_bytes)
            full.add_metric([], 1.0 if s.disk.full else 0.0)
        yield free
        yield full
        yield GaugeMetricFamily(f"{PREFIX}_help_requests_open",
                                "Patients who asked for staff and are waiting", value=s.help_requests_open)


class KioskMetrics:
    """The kiosk's registry: board gauges plus event counters and latency histograms."""

    def __init__(self, board: StatusBoard, *, time_source: Callable[[], float] = time.time) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._time = time_source
        self._beat: float | None = None
        self.registry.register(_BoardCollector(board, lambda: self._beat))
        r = self.registry
        self.sessions_started = Counter(f"{PREFIX}_sessions_started", "Patients identified", registry=r)
        self.sessions_ended = Counter(f"{PREFIX}_sessions_ended", "Sessions ended, by reason",
                                      ["reason"], registry=r)
        for reason in SESSION_ENDS:
            self.sessions_ended.labels(reason)  # present at zero, so rate() sees the first one
        self.errors = Counter(f"{PREFIX}_errors", "Errors shown to a patient, by code", ["code"], registry=r)
        self.gateway_errors = Counter(f"{PREFIX}_gateway_errors",
                                      "Gateway calls refused or failed, by code", ["code"], registry=r)
        self.identify_seconds = Histogram(f"{PREFIX}_identify_seconds", "Identify round trips",
                                          buckets=IDENTIFY_BUCKETS, registry=r)
        self.decode_seconds = Histogram(f"{PREFIX}_decode_seconds", "Camera frame decode time",
                                        buckets=DECODE_BUCKETS, registry=r)

    # -- events (any thread) --
    def heartbeat(self) -> None:
        self._beat = self._time()

    def session_started(self) -> None:
        self.sessions_started.inc()

    def session_ended(self, reason: str) -> None:
        self.sessions_ended.labels(reason if reason in SESSION_ENDS else "error").inc()

    def error_shown(self, code: str) -> None:
        self.errors.labels(safe_code(code)).inc()

    def gateway_call(self, operation: str, seconds: float, error: str | None) -> None:
        # A refusal is an answer too (an expired code); an outage is no round trip.
        if operation == "identify" and error != "gateway_unavailable":
            self.identify_seconds.observe(seconds)
        if error is not None:
            self.gateway_errors.labels(safe_code(error)).inc()

    def decoded(self, seconds: float) -> None:
        self.decode_seconds.observe(seconds)


class MetricsServer:
    """The /metrics endpoint on its own thread (prometheus_client's WSGI server)."""

    def __init__(self, metrics: KioskMetrics, address: str, port: int, token: str | None = None) -> None:
        self._metrics = metrics
        self._address = address
        self._port = port
        self._token = token
        self._server = None
        self._thread = None

    @property
    def port(self) -> int:
        return self._server.server_port if self._server is not None else self._port

    def start(self) -> None:
        if self._server is not None:
            return
        try:
            self._server, self._thread = serve(self._metrics.registry, self._address, self._port, self._token)
        except PermissionError as exc:
            logger.error("metrics endpoint not started: %s", exc)
            return
        except OSError as exc:
            # The kiosk serves patients whether or not it can be watched.
            logger.error("metrics endpoint %s:%s not started: %s (is the port taken?)",
                         self._address, self._port, exc.strerror or type(exc).__name__)
            return
        logger.info("metrics on http://%s:%s/metrics", self._address, self.port)

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            if self._thread is not None:
                self._thread.join(timeout=5)
            self._server = self._thread = None
