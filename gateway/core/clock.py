"""The hospital's clock for the reference gateway: one source of "now" and one time zone.

Stores keep POSIX seconds, so the clock is called like ``time.time`` (``state.clock()``).
The zone decides where a hospital day starts: its midnight, not the server machine's, which
may be set to UTC or anything else. One gateway process serves one hospital, so the zone is
fixed when the app is built (:func:`use_zone`, from ``--time-zone``) and read by
:mod:`gateway.timeline`; nothing in the gateway asks the machine for its local time.

``--start-time`` starts the clock at a chosen moment for demos and tests; it then runs at
normal speed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIME_ZONE = "Asia/Shanghai"

Source = Callable[[], float]

_zone = ZoneInfo(DEFAULT_TIME_ZONE)


def zone_named(name: str) -> ZoneInfo:
    """The IANA zone, or ValueError naming it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r} (an IANA name such as Asia/Shanghai)") from exc


def use_zone(name: str) -> None:
    """Set the hospital's zone for this process (done once, when the app is built)."""
    global _zone
    _zone = zone_named(name)


def hospital_zone() -> ZoneInfo:
    return _zone


def running_from(start: datetime | None, source: Source = time.time) -> Source:
    """The real clock, or one that reads ``start`` now and then runs at normal speed."""
    if start is None:
        return source
    if start.tzinfo is None:
        raise ValueError("the start moment needs a UTC offset, e.g. 2027-02-13T09:30:00+08:00")
    offset = start.timestamp() - source()
    return lambda: source() + offset


def local(now: float) -> datetime:
    """``now`` (POSIX seconds) on the hospital's wall."""
    return datetime.fromtimestamp(now, _zone)


def today(now: float) -> date:
    return local(now).date()
