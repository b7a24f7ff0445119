"""The hospital's day, for demo records that must look current on any day.

Demo reports, itineraries and prescriptions are stored as minutes relative to the local
midnight of "today" rather than as absolute instants: a demo database seeded last week then
still shows a morning's lab tests as this morning's, and an in-process test that moves the
clock moves every record with it. Days are the hospital's (:mod:`gateway.core.clock`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from gateway.core import clock

MINUTES_PER_DAY = 1440


def local_midnight(now: float) -> datetime:
    """The start of the hospital day ``now`` falls in (aware, in the hospital's zone)."""
    local = clock.local(now)
    return datetime.combine(local.date(), datetime.min.time(), tzinfo=local.tzinfo)


def today(now: float) -> date:
    return clock.today(now)


def age_on(birth: date, day: date) -> int:
    """Whole years on ``day`` (a birthday on 29 February counts from 1 March)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def instant(now: float, offset_min: int | None) -> str | None:
    """ISO 8601 (UTC) of ``offset_min`` minutes after today's local midnight."""
    if offset_min is None:
        return None
    # Wall-clock arithmetic: on a day the zone changes its offset, "09:00" stays 09:00.
    moment = local_midnight(now) + timedelta(minutes=offset_min)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def offset_of(now: float, at: float) -> int:
    """The inverse of :func:`instant`, for records written at request time."""
    return int((at - local_midnight(now).timestamp()) // 60)


def iso_utc(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds")


def minutes(day: int, clock: str) -> int:
    """``minutes(-2, "09:30")``: 09:30 two days ago, as a stored offset."""
    hours, mins = clock.split(":")
    return day * MINUTES_PER_DAY + int(hours) * 60 + int(mins)


def days_back(now: float, *done_min: int | None) -> int:
    """Minutes to move a record back so that nothing it says has happened lies after ``now``.

    Demo records are offsets from today's midnight, so "reported today at 10:15" is read at
    03:30 too; a record whose events are not yet past is moved back by whole days (10:15
    yesterday), keeping its state and the order and spacing of its events.
    """
    latest = max((m for m in done_min if m is not None), default=None)
    if latest is None:
        return 0
    late = latest - offset_of(now, now)
    return 0 if late <= 0 else -(-late // MINUTES_PER_DAY) * MINUTES_PER_DAY
