"""The demo hospital on 400 consecutive days: what the demo and the tests rely on holds on
every one of them — weekends, the Spring Festival week of 2027 and 29 February 2028.

The gateway is built in-process with a clock moved to 09:30 each morning (and once to
23:55, before the day turns); each day is materialised as a kiosk's first request would.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from gateway.app import create_app
from gateway.core.settings import Settings
from gateway.demo.days import EMERGENCY, ensure_days

SHANGHAI = ZoneInfo("Asia/Shanghai")
FIRST = dt.date(2027, 2, 1)  # Spring Festival is 6 February 2027
DAYS = 400  # to 6 March 2028, through 29 February 2028


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def at(self, day: dt.date, hour: int, minute: int) -> None:
        self.now = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI).timestamp()


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    clock = Clock()
    clock.at(FIRST, 9, 30)
    app = create_app(Settings(db_path=tmp_path_factory.mktemp("calendar") / "gw.sqlite",
                              device_tokens=("t",), demo=True), clock)
    state = app.state.gateway
    findings = {}
    for n in range(DAYS):
        day = FIRST + dt.timedelta(days=n)
        clock.at(day, 9, 30)
        assert ensure_days(state) == day
        with state.db.transaction() as conn:
            findings[day] = _look(conn, day)
    return state, clock, findings


def _look(conn, day: dt.date) -> dict:
    iso = day.isoformat()
    window = [(day + dt.timedelta(days=i)).isoformat() for i in range(7)]
    scheduled = {r[0] for r in conn.execute(
        "SELECT DISTINCT date FROM schedules WHERE date >= ? AND date <= ?", (window[0], window[-1]))}
    emergency = {r[0] for r in conn.execute(
        "SELECT period FROM schedules WHERE date = ? AND department_code = ? AND status = 'open'",
        (iso, EMERGENCY))}
    # A morning session a walk-in can still join at 09:30, outside the emergency department.
    walk_in = conn.execute(
        "SELECT COUNT(*) FROM schedules s WHERE s.date = ? AND s.period = 'AM' AND s.status = 'open'"
        " AND s.department_code != ? AND EXISTS (SELECT 1 FROM slots l WHERE l.schedule_id ="
        " s.schedule_id AND l.start_min > 570 AND NOT EXISTS (SELECT 1 FROM registrations r"
        " WHERE r.slot_id = l.slot_id AND r.status IN ('booked', 'checked_in')))",
        (iso, EMERGENCY)).fetchone()[0]
    to_check_in = conn.execute(
        "SELECT COUNT(*) FROM registrations r JOIN schedules s ON s.schedule_id = r.schedule_id"
        " JOIN slots l ON l.slot_id = r.slot_id WHERE s.date = ? AND r.status = 'booked'"
        " AND r.channel = 'phone' AND l.start_min > 570", (iso,)).fetchone()[0]
    two_bills = conn.execute(
        "SELECT COUNT(*) FROM (SELECT patient_id FROM bills WHERE status = 'unpaid'"
        " GROUP BY patient_id HAVING COUNT(*) >= 2)").fetchone()[0]
    capacity_ok = conn.execute(
        "SELECT COUNT(*) FROM schedules s WHERE s.date = ? AND s.capacity !="
        " (SELECT COUNT(*) FROM slots l WHERE l.schedule_id = s.schedule_id)", (iso,)).fetchone()[0] == 0
    overbooked = conn.execute(
        "SELECT COUNT(*) FROM (SELECT slot_id FROM registrations WHERE status IN"
        " ('booked', 'checked_in') GROUP BY slot_id HAVING COUNT(*) > 1)").fetchone()[0]
    return {"window": window, "scheduled": scheduled, "emergency": emergency, "walk_in": walk_in,
            "to_check_in": to_check_in, "two_bills": two_bills, "capacity_ok": capacity_ok,
            "overbooked": overbooked}


def test_every_day_has_a_week_of_schedules(year):
    _state, _clock, findings = year
    gaps = {day: sorted(set(f["window"]) - f["scheduled"]) for day, f in findings.items()
            if set(f["window"]) - f["scheduled"]}
    assert not gaps


def test_the_emergency_department_is_open_morning_and_afternoon_every_day(year):
    _state, _clock, findings = year
    assert [day for day, f in findings.items() if f["emergency"] != {"AM", "PM"}] == []


def test_a_walk_in_can_register_every_morning_weekends_and_holidays_included(year):
    _state, _clock, findings = year
    assert [day for day, f in findings.items() if f["walk_in"] == 0] == []


def test_someone_can_check_in_and_someone_has_two_bills_every_morning(year):
    _state, _clock, findings = year
    assert [day for day, f in findings.items() if f["to_check_in"] == 0] == []
    assert [day for day, f in findings.items() if f["two_bills"] < 2] == []


def test_rota_is_consistent(year):
    _state, _clock, findings = year
    assert all(f["capacity_ok"] for f in findings.values())
    assert sum(f["overbooked"] for f in findings.values()) == 0


def test_the_calendar_covers_what_it_claims(year):
    _state, _clock, findings = year
    days = set(findings)
    assert dt.date(2027, 2, 6) in days and dt.date(2028, 2, 29) in days
    assert {d.weekday() for d in days} == set(range(7))


def test_the_day_turns_at_the_hospitals_midnight(year):
    state, clock, findings = year
    last = max(findings)
    clock.at(last, 23, 55)
    assert ensure_days(state) == last
    clock.now += 6 * 60  # 00:01 the next day in the hospital; 16:01 UTC
    assert ensure_days(state) == last + dt.timedelta(days=1)
