"""Same-day registration and check-in over the real socket, on a gateway whose clock starts
on a weekday afternoon (``--start-time``) so the day's sessions are open at any hour."""

import subprocess
import sys

import pytest

from tests.gateway.service_client import error_code, key

pytestmark = pytest.mark.gateway

AFTERNOON = "2027-01-15T15:00:00+08:00"


@pytest.fixture
def server(start_gateway):
    return start_gateway(extra_args=("--start-time", AFTERNOON))


def test_same_day_registration_then_check_in_of_a_booking(server):
    schedules = server.get("/api/v1/departments/0301/schedules", params={"days": 1}).json()
    assert {s["date"] for s in schedules["schedules"]} == {"2027-01-15"}
    open_now = next(s for s in schedules["schedules"] if s["status"] == "open")
    assert open_now["period"] == "PM"
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


def test_start_time_needs_an_offset(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "gateway", "--db", str(tmp_path / "x.sqlite"),
         "--start-time", "2027-01-15T15:00:00"],
        capture_output=True, text=True, timeout=30,
    )
    assert result.returncode == 2 and "--start-time" in result.stderr
