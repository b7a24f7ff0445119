"""How a place in a queue, the wait and a past moment are said: the same words wherever the
kiosk says them (check-in's result, guidance's next step, report and prescription times).

A short wait is said in minutes; a long one as the time on the hospital's wall ("约 17:00"),
which a patient can plan around better than "4 小时 34 分钟". "下一位就是您" is said only when
nobody is ahead and the wait is short: a patient first in line for an afternoon session is
first, not next.
"""

from __future__ import annotations

import datetime as dt

from kiosk.clock import HospitalClock
from kiosk.errors import Text

NEXT_WITHIN_MIN = 15
CLOCK_TIME_FROM_MIN = 60

POSITION_NEXT = Text(zh="下一位就是您", en="You are next")
POSITION_VALUE = Text(zh="第 {n} 位（前面还有 {ahead} 人）", en="No. {n} in line ({ahead} ahead of you)")
WAIT_NONE = Text(zh="即将就诊", en="any moment now")
WAIT_MINUTES = Text(zh="约 {m} 分钟", en="about {m} min")
WAIT_UNTIL = Text(zh="约 {t} 就诊", en="around {t}")
TODAY = Text(zh="今天 {time}", en="today {time}")



def place_text(ahead: int, wait_min: int | None) -> Text:
    if ahead <= 0 and (wait_min is None or wait_min <= NEXT_WITHIN_MIN):
        return POSITION_NEXT
    return POSITION_VALUE.format(n=ahead + 1, ahead=max(0, ahead))


def wait_text(clock: HospitalClock, minutes: int) -> Text:
    if minutes <= 0:
        return WAIT_NONE
    if minutes < CLOCK_TIME_FROM_MIN:
        return WAIT_MINUTES.format(m=minutes)
    at = clock.now() + dt.timedelta(minutes=minutes)
    return WAIT_UNTIL.format(t=f"{at:%H:%M}")


def when_text(clock: HospitalClock, moment: dt.datetime | None) -> Text:
    """"今天 14:25" for today, "11-23 14:45" before, on the hospital's clock; empty when
    unknown."""
    if moment is None:
        return Text.same("")
    moment = clock.local(moment)
    if moment.date() == clock.today():
        return TODAY.format(time=moment.strftime("%H:%M"))
    return Text.same(moment.strftime("%m-%d %H:%M"))
