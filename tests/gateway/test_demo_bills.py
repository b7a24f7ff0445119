"""Demo bills come from departments that would have seen the patient: no paediatrics for a
57-year-old man, no gynaecology for a man, no adult clinics for a toddler — on every day."""

from __future__ import annotations

import datetime as dt

import pytest

from gateway.app import create_app
from gateway.core.settings import Settings
from gateway.core.timeline import age_on
from gateway.demo.days import ensure_days
from gateway.demo.hospital import sees
from tests.gateway.test_demo_calendar import Clock

FIRST = dt.date(2027, 3, 1)
DAYS = 40


@pytest.fixture(scope="module")
def bills(tmp_path_factory):
    clock = Clock()
    clock.at(FIRST, 9, 30)
    app = create_app(Settings(db_path=tmp_path_factory.mktemp("bills") / "gw.sqlite",
                              device_tokens=("t",), demo=True), clock)
    state = app.state.gateway
    found = []
    for n in range(DAYS):
        day = FIRST + dt.timedelta(days=n)
        clock.at(day, 9, 30)
        assert ensure_days(state) == day
        with state.db.transaction() as conn:
            found += conn.execute(
                "SELECT b.date, b.department_code, p.gender, p.birth_date FROM bills b"
                " JOIN patients p ON p.patient_id = b.patient_id WHERE b.date = ?",
                (day.isoformat(),),
            ).fetchall()
            # Paid at a window overnight, so the next day bills these patients afresh.
            conn.execute("UPDATE bills SET status = 'paid' WHERE status = 'unpaid'")
    return [(r[0], r[1], r[2], age_on(dt.date.fromisoformat(r[3]), dt.date.fromisoformat(r[0]))) for r in found]


def test_every_bill_is_from_a_department_that_sees_the_patient(bills):
    assert len({b[0] for b in bills}) == DAYS  # bills on every day
    wrong = [b for b in bills if not sees(b[1], b[3], b[2])]
    assert not wrong, wrong[:5]


@pytest.mark.parametrize(("department", "age", "sex", "seen"), [
    ("07", 57, "M", False), ("07", 5, "F", True), ("07", 14, "M", False),
    ("0501", 40, "M", False), ("0501", 40, "F", True), ("0502", 62, "F", False),
    ("0304", 4, "M", False), ("20", 4, "M", True), ("0304", 57, "M", True),
])
def test_who_each_department_sees(department, age, sex, seen):
    assert sees(department, age, sex) is seen
