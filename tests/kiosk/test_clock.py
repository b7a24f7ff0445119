"""The hospital clock: the day turns at the hospital's midnight, whatever the machine's zone."""

from __future__ import annotations

import datetime as dt
import os
import time
from zoneinfo import ZoneInfo

import pytest

from kiosk.clock import HospitalClock, instant, zone
from kiosk.errors import ConfigError
from kiosk.settings import parse_settings

SHANGHAI = zone("Asia/Shanghai")
# 23:59:30 on 29 February 2028 in the hospital; 15:59:30 UTC.
LEAP_NIGHT = dt.datetime(2028, 2, 29, 23, 59, 30, tzinfo=SHANGHAI).timestamp()


class Hand:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["UTC", "America/Los_Angeles", "Asia/Shanghai"])
def machine_zone(request, monkeypatch):
    """The operating system's zone for this test (restored after)."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def test_the_day_turns_at_the_hospitals_midnight_in_any_machine_zone(machine_zone):
    hand = Hand(LEAP_NIGHT)
    clock = HospitalClock("Asia/Shanghai", hand)
    assert clock.today() == dt.date(2028, 2, 29)
    assert f"{clock.now():%H:%M}" == "23:59"
    hand.now += 60
    assert clock.today() == dt.date(2028, 3, 1)
    assert f"{clock.now():%H:%M}" == "00:00"
    assert os.environ["TZ"] == machine_zone


def test_another_hospital_zone_has_its_own_day():
    clock = HospitalClock("Europe/London", Hand(LEAP_NIGHT))
    assert clock.today() == dt.date(2028, 2, 29) and f"{clock.now():%H:%M}" == "15:59"


def test_gateway_instants_read_on_the_hospitals_wall():
    clock = HospitalClock("Asia/Shanghai", Hand(LEAP_NIGHT))
    assert f"{clock.parse('2028-02-29T02:00:00+00:00'):%Y-%m-%d %H:%M}" == "2028-02-29 10:00"
    # A gateway sending wall-clock time without an offset means the hospital's wall.
    assert clock.parse("2028-02-29T10:00:00").utcoffset() == dt.timedelta(hours=8)
    assert clock.parse("yesterday") is None and clock.parse(None) is None


def test_instant_reads_a_time_without_an_offset_as_hospital_wall_time():
    urumqi = ZoneInfo("Asia/Urumqi")
    assert instant("2028-02-29T02:00:00+00:00", urumqi) == dt.datetime(2028, 2, 29, 2, tzinfo=dt.UTC)
    # The one rule, the same as HospitalClock.parse: naive is the hospital's wall clock.
    assert instant("2028-02-29T02:00:00", urumqi) == dt.datetime(2028, 2, 29, 2, tzinfo=urumqi)
    assert instant("", urumqi) is None and instant("nonsense", urumqi) is None


def test_the_zone_is_configuration_and_checked():
    assert parse_settings({}).kiosk.time_zone == "Asia/Shanghai"
    assert parse_settings({"kiosk": {"time_zone": "Asia/Urumqi"}}).kiosk.time_zone == "Asia/Urumqi"
    with pytest.raises(ConfigError) as error:
        parse_settings({"kiosk": {"time_zone": "China/Beijing-Time"}})
    assert "kiosk.time_zone" in error.value.message.en and "China/Beijing-Time" in error.value.message.en
