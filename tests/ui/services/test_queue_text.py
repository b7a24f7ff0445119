"""One way of saying a place in line and a wait, for check-in and guidance alike."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from kiosk.clock import HospitalClock
from ui.services.queue_text import place_text, wait_text

NINE = dt.datetime(2026, 6, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")).timestamp()
CLOCK = HospitalClock("Asia/Shanghai", lambda: NINE)


def test_next_only_when_nobody_is_ahead_and_the_wait_is_short():
    assert place_text(0, 5).zh == "下一位就是您"
    # First in line for a session that starts this afternoon is first, not next.
    assert place_text(0, 480).zh == "第 1 位（前面还有 0 人）"
    assert place_text(3, 30).zh == "第 4 位（前面还有 3 人）"


def test_short_waits_in_minutes_long_ones_as_the_time_on_the_wall():
    assert wait_text(CLOCK, 0).zh == "即将就诊"
    assert wait_text(CLOCK, 25).zh == "约 25 分钟"
    assert wait_text(CLOCK, 480).zh == "约 17:00 就诊" and wait_text(CLOCK, 480).en == "around 17:00"
