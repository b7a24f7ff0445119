"""Instants from the gateway, read in the hospital's own time.

The gateway sends ISO 8601 instants with an offset (the reference gateway sends UTC). A
patient must read "14:25", the clock on the hospital's wall, whatever zone the kiosk's
operating system happens to be set to: Chinese hospitals keep China Standard Time (UTC+8,
no daylight saving), so that zone is fixed here rather than taken from the machine.
"""

from __future__ import annotations

import datetime as dt

HOSPITAL_TZ = dt.timezone(dt.timedelta(hours=8), "CST")


def hospital_time(iso: str | None) -> dt.datetime | None:
    """The instant in hospital time, or None for a missing or unreadable value."""
    if not iso:
        return None
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return None
    if moment.tzinfo is None:  # a gateway that sends local wall-clock time already
        return moment.replace(tzinfo=HOSPITAL_TZ)
    return moment.astimezone(HOSPITAL_TZ)


def hospital_today(now: dt.datetime | None = None) -> dt.date:
    return (now or dt.datetime.now(dt.UTC)).astimezone(HOSPITAL_TZ).date()
