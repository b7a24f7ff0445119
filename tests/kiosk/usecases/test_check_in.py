"""The check-in use case: which appointments are today's, one key per intent, and an
appointment already checked in read as its queue data rather than as a failure."""

from __future__ import annotations

import datetime as dt

import pytest
import requests

from kiosk.errors import GatewayRejected
from kiosk.gateway_client import GatewayClient
from kiosk.intents import IntentStore
from kiosk.models import Visit
from kiosk.usecases.check_in import Appointment, CheckInAPI, all_checked_in, later, todays

QUEUE = {"appointment_id": "A1", "status": "checked_in", "queue_no": 7, "position": 3,
         "estimated_wait_min": 20, "location": {"code": "OP2-MED", "text": "门诊楼2楼"}}


class FakeClient:
    def __init__(self, *answers) -> None:
        self.answers = list(answers)
        self.keys: list[str | None] = []

    def call(self, method, path, *, json=None, params=None, visit=None, idempotency_key=None):
        self.keys.append(idempotency_key)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def rejected(code: str, detail: dict | None) -> GatewayRejected:
    exc = GatewayRejected(code=code)
    exc.detail = detail
    return exc


def test_todays_keeps_booked_and_checked_in_appointments_of_the_day():
    day = dt.date(2026, 11, 26)
    listed = [
        appointment("a", "2026-11-26", "booked"),
        appointment("b", "2026-11-26", "checked_in"),
        appointment("c", "2026-11-26", "expired"),
        appointment("d", "2026-11-27", "booked"),
    ]
    assert [a.appointment_id for a in todays(listed, day)] == ["a", "b"]
    assert [a.appointment_id for a in later(listed, day)] == ["d"]
    assert not all_checked_in(listed, day)
    assert all_checked_in([listed[1], listed[3]], day)


def appointment(appointment_id: str, date: str, status: str) -> Appointment:
    return Appointment(
        appointment_id=appointment_id, date=date, status=status,
        department={"code": "03", "name": "内科"}, doctor={"name": "张伟"},
    )


def test_check_in_returns_queue_data_and_keeps_one_key_per_intent(tmp_path):
    client = FakeClient(QUEUE, QUEUE)
    api = CheckInAPI(client, IntentStore(tmp_path / "intents.db"))
    ticket = api.check_in(Visit("v"), "flow", "A1")
    assert (ticket.queue_no, ticket.position, ticket.estimated_wait_min, ticket.already) == (7, 3, 20, False)
    api.check_in(Visit("v"), "flow", "A1")
    assert client.keys[0] == client.keys[1]  # the same intent, the same key


def test_already_checked_in_is_the_existing_queue_not_an_error(tmp_path):
    api = CheckInAPI(FakeClient(rejected("already_checked_in", QUEUE)), IntentStore(tmp_path / "intents.db"))
    ticket = api.check_in(Visit("v"), "flow", "A1")
    assert ticket.already and ticket.queue_no == 7


def test_other_refusals_are_raised(tmp_path):
    api = CheckInAPI(FakeClient(rejected("appointment_closed", None)), IntentStore(tmp_path / "intents.db"))
    with pytest.raises(GatewayRejected):
        api.check_in(Visit("v"), "flow", "A1")


class _Reply:
    status_code = 409

    @staticmethod
    def json():
        return {"error": {"code": "already_checked_in", "message": "m", "message_zh": "z", "detail": QUEUE}}


def test_gateway_client_keeps_the_detail_of_a_refusal(monkeypatch):
    client = GatewayClient("http://127.0.0.1:9", "token")
    monkeypatch.setattr(requests.Session, "request", lambda *args, **kwargs: _Reply())
    with pytest.raises(GatewayRejected) as caught:
        client.call("POST", "/api/v1/appointments/A1/check-in", json={}, idempotency_key="k")
    assert caught.value.code == "already_checked_in" and caught.value.detail == QUEUE
    client.close()
