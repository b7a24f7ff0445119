"""Sends what the gateway owes the health-card platform (``gateway.store.platform_outbox``).

One thread: take the entries that are due, send each outside any transaction, and record
the outcome — sent; ``platform_unavailable``: again after a doubling delay (the platform
configuration's ``retry_initial_s`` up to ``retry_max_s``); any other refusal: kept as
refused, not retried. Entries survive a restart in the database; a restart sends what is due
at once. ``kick`` wakes the thread for an entry just written.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable

from gateway.core.db import Database
from gateway.core.errors import GatewayError
from gateway.platform.interface import (
    PLATFORM_UNAVAILABLE,
    HealthCardPlatform,
    Identity,
    PlatformCard,
    UsageReport,
)
from gateway.store import enrolment
from gateway.store import platform_outbox as owed

logger = logging.getLogger(__name__)

IDLE_S = 60.0  # at most this long between looks, kicked or not
_NOBODY = Identity(name="", gender="M", birth_date="", id_type="", id_number="")


def _card(payload: dict) -> PlatformCard:
    # A binding needs the card's id and code only; who holds it is not kept in the outbox.
    return PlatformCard(payload["health_card_id"], _NOBODY, code_text=payload.get("code_text", ""))


class Forwarder:
    def __init__(self, db: Database, platform: HealthCardPlatform, clock: Callable[[], float],
                 retry_initial_s: float = 30.0, retry_max_s: float = 3600.0) -> None:
        self._db = db
        self._platform = platform
        self._clock = clock
        self._initial = retry_initial_s
        self._max = max(retry_initial_s, retry_max_s)
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._stopping.clear()
            self._thread = threading.Thread(target=self._run, name="platform-outbox", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(10)

    def kick(self) -> None:
        self._wake.set()

    def delay(self, attempts: int) -> float:
        """Seconds before the next try of an entry that failed ``attempts + 1`` times."""
        return min(self._initial * 2 ** min(attempts, 30), self._max)

    def run_once(self) -> float | None:
        """Send what is due; seconds until the next entry is due (None: nothing owed)."""
        with self._db.transaction() as conn:
            rows = owed.due(conn, self._clock())
        for row in rows:
            if self._stopping.is_set():
                break
            self._send(row["key"], row["kind"], json.loads(row["payload"]), row["attempts"])
        with self._db.transaction() as conn:
            at = owed.next_due(conn)
        return None if at is None else max(0.0, at - self._clock())

    def _send(self, key: str, kind: str, payload: dict, attempts: int) -> None:
        try:
            if kind == "usage":
                self._platform.report_usage(UsageReport(key=key, **payload))
            else:
                self._platform.bind(_card(payload), payload["patient_id"])
        except GatewayError as exc:
            now = self._clock()
            with self._db.transaction() as conn:
                if exc.kind is PLATFORM_UNAVAILABLE:
                    owed.later(conn, key, now + self.delay(attempts), exc.kind.code)
                else:
                    owed.refused(conn, key, now, exc.kind.code)
            logger.warning("platform %s not sent (%s), attempt %d", kind, exc.kind.code, attempts + 1)
            return
        except Exception as exc:  # a bug must not stop the thread; the entry waits
            logger.exception("platform %s failed unexpectedly", kind)
            with self._db.transaction() as conn:
                owed.later(conn, key, self._clock() + self.delay(attempts), type(exc).__name__)
            return
        with self._db.transaction() as conn:
            owed.sent(conn, key, self._clock())
            if kind == "bind":
                enrolment.mark_bound(conn, payload["patient_id"])
        logger.info("platform %s sent after %d attempt(s)", kind, attempts + 1)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                wait = self.run_once()
            except Exception:  # the database was busy or gone: look again later
                logger.exception("platform outbox pass failed")
                wait = self._initial
            self._wake.wait(IDLE_S if wait is None else min(wait, IDLE_S))
            self._wake.clear()
