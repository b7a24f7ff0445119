"""The hospital's clock: the one notion of "now" wherever the kiosk decides a date or a time.

A kiosk may run on a machine whose operating-system zone is anything (UTC is common on
installed images); the hospital's day still starts at the hospital's midnight. So the zone
is configured (``kiosk.time_zone``, an IANA name, default ``Asia/Shanghai``) and every
"today" and every time shown to a patient comes from a :class:`HospitalClock` built once at
start-up and passed in. Product code never asks the machine for its local date or time.

The clock reads a source of POSIX seconds (``time.time`` in production). Tests give it a
source that started at a chosen moment and runs at normal speed (testbed/suite_time.py,
the gateway's ``time_source``), or one they move by hand,
so a suite can run on a Saturday, on 29 February or across midnight on any machine.
Durations (idle timeouts, scan timing) use ``time.monotonic`` and are not this clock's job.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIME_ZONE = "Asia/Shanghai"

Source = Callable[[], float]


def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``, or ValueError naming it (for the settings schema)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r} (an IANA name such as Asia/Shanghai)") from exc


class HospitalClock:
    """Now, today and local times in the hospital's zone."""

    def __init__(self, time_zone: str | ZoneInfo = DEFAULT_TIME_ZONE, source: Source = time.time) -> None:
        self.zone = time_zone if isinstance(time_zone, ZoneInfo) else zone(time_zone)
        self._source = source

    def timestamp(self) -> float:
        """POSIX seconds, for stores and expiry arithmetic."""
        return self._source()

    def now(self) -> dt.datetime:
        """The current instant on the hospital's wall (an aware datetime)."""
        return dt.datetime.fromtimestamp(self._source(), self.zone)

    def today(self) -> dt.date:
        """The hospital's date: it turns at the hospital's midnight, not the machine's."""
        return self.now().date()

    def local(self, moment: dt.datetime) -> dt.datetime:
        """An instant read on the hospital's wall; a naive value is taken as wall time."""
        return on_wall(moment, self.zone).astimezone(self.zone)

    def parse(self, iso: str | None) -> dt.datetime | None:
        """An ISO 8601 instant from the gateway in hospital time, or None when missing or
        unreadable (a screen shows nothing rather than a wrong time); see :func:`instant`."""
        moment = instant(iso, self.zone)
        return None if moment is None else moment.astimezone(self.zone)


def on_wall(moment: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The one rule for a time the gateway sends without an offset: it is the hospital's wall
    time (the gateway and the kiosk share the hospital's day), never the machine's."""
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


def instant(iso: str | None, zone: ZoneInfo) -> dt.datetime | None:
    """An ISO 8601 instant as the gateway sends them, as an aware datetime; a value without
    an offset is wall time in ``zone`` (:func:`on_wall`). None when missing or unreadable.
    Show it with :meth:`HospitalClock.local`."""
    if not iso:
        return None
    try:
        return on_wall(dt.datetime.fromisoformat(iso), zone)
    except (TypeError, ValueError):
        return None
