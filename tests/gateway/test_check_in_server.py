"""Same-day registration and check-in over the real socket, on a gateway whose clock starts
at 10:00 on the suite's day, so a morning session is running whatever the hour of the run
(weekends have morning clinics only)."""

import datetime as dt
import subprocess
import sys

import pytest

from testbed.suite_time import HOSPITAL_ZONE, on_suite_day
from tests.gateway.service_client import error_code, key

pytestmark = pytest.mark.gateway


@pytest.fixture
def server(start_gateway):
    return start_gateway(start_time=on_suite_day(dt.time(10, 0)))


def running_session(server) -> dict:
    """An open morning session today, in whichever department has one (asked, not assumed:
    on a weekend only some departments see patients)."""
    today = dt.datetime.fromtimestamp(server.time_source(), HOSPITAL_ZONE).date().isoformat()
    for department in server.get("/api/v1/departments").json()["departments"]:
        schedules = server.get(f"/api/v1/departments/{department['code']}/schedules",
                               params={"days": 1}).json()["schedules"]
        assert {s["date"] for s in schedules} <= {today}
        for schedule in schedules:
            if schedule["status"] == "open" and schedule["period"] == "AM" and schedule["remaining"]:
                return schedule
    raise AssertionError("the demo rota has no open morning session today")


def test_same_day_registration_then_check_in_of_a_booking(server):
    open_now = running_session(server)
    walk_in = server.visit(server.demo_patients(40)[35]["health_card_id"])
    slot = next(s for s in server.get(f"/api/v1/schedules/{open_now['schedule_id']}/slots")
                .json()["slots"] if s["available"])
    lock = server.post("/api/v1/registrations/locks", {"schedule_id": open_now["schedule_id"],
                       "slot_id": slot["slot_id"]}, headers=key(walk_in)).json()
    order = server.post("/api/v1/payments", {"purpose": "registration", "reference":
                        lock["lock_id"], "amount_fen": lock["fee"]["total_fen"]},
                        headers=key(walk_in)).json()
    server.confirm_payment(order["payment_id"])
    registration = server.post("/api/v1/registrations", {"lock_id": lock["lock_id"],
                               "payment_id": order["payment_id"]}, headers=key(walk_in))
    assert registration.status_code == 201, registration.text
    assert registration.json()["appointment_status"] == "checked_in"

    booked = server.scenarios()["appointment_today"][0]
    headers = server.visit(booked["health_card_id"])
    appointment = next(a for a in server.get("/api/v1/patients/me/appointments",
                                             headers=headers).json()["appointments"]
                       if a["status"] == "booked")
    path = f"/api/v1/appointments/{appointment['appointment_id']}/check-in"
    checked = server.post(path, {}, headers=key(headers))
    assert checked.status_code == 200, checked.text
    assert checked.json()["queue_no"] == appointment["queue_no"]
    again = server.post(path, {}, headers=key(headers))
    assert error_code_with_detail(again) == checked.json()["queue_no"]
    missing = server.post(path, {}, headers=headers)
    assert error_code(missing, 400) == "idempotency_key_required"


def error_code_with_detail(response):
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "already_checked_in"
    return error["detail"]["queue_no"]


def test_start_time_sets_the_gateway_clock(start_gateway, tmp_path):
    """``python -m gateway --start-time``: the real entry point's clock, not the tests' seam."""
    moment = dt.datetime(2031, 3, 3, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    real = start_gateway(db_path=tmp_path / "real.sqlite", entry="gateway",
                         extra_args=("--start-time", moment.isoformat()))
    schedules = real.get("/api/v1/departments/0304/schedules").json()["schedules"]
    assert schedules[0]["date"] == "2031-03-03"


def test_start_time_needs_an_offset(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "gateway", "--db", str(tmp_path / "x.sqlite"),
         "--start-time", "2027-01-15T15:00:00"],
        capture_output=True, text=True, timeout=30,
    )
    assert result.returncode == 2 and "--start-time" in result.stderr
