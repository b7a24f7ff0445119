"""Registration and check-in rules that depend on time, in-process with a movable clock.

The clock starts on Friday 2027-01-15 at 16:00 in the hospital: the morning sessions are
over, the afternoon ones are running.
"""

import pytest
from fastapi.testclient import TestClient

from gateway.store.payments import PAID_HOLD_S, PAYMENT_TTL_S
from gateway.store.registration import LOCK_TTL_S
from tests.gateway.service_client import TOKEN, Clock, cards, error_code, key, make_app, rows, visit


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def client(tmp_path, clock):
    app = make_app(tmp_path / "gw.sqlite", clock)
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as test_client:
        test_client.db_path = tmp_path / "gw.sqlite"
        yield test_client


@pytest.fixture
def people(client):
    return cards(client, 40)[30:]


def _schedules(client, department="0304"):
    return client.get(f"/api/v1/departments/{department}/schedules").json()["schedules"]


def _open(client, today: bool, department="0304"):
    schedules = _schedules(client, department)
    first = schedules[0]["date"]
    return next(s for s in schedules if s["status"] == "open" and (s["date"] == first) == today)


def _free(client, schedule_id):
    slots = client.get(f"/api/v1/schedules/{schedule_id}/slots").json()["slots"]
    return [s for s in slots if s["available"]]


def _lock(client, headers, schedule):
    slot = _free(client, schedule["schedule_id"])[0]
    response = client.post("/api/v1/registrations/locks", json={
        "schedule_id": schedule["schedule_id"], "slot_id": slot["slot_id"]}, headers=key(headers))
    assert response.status_code == 201, response.text
    return response.json()


def _pay(client, headers, lock):
    order = client.post("/api/v1/payments", json={
        "purpose": "registration", "reference": lock["lock_id"],
        "amount_fen": lock["fee"]["total_fen"]}, headers=key(headers))
    assert order.status_code == 201, order.text
    return order.json()["payment_id"]


def _commit(client, headers, lock, payment_id):
    return client.post("/api/v1/registrations", json={"lock_id": lock["lock_id"],
                       "payment_id": payment_id}, headers=key(headers))


def test_same_day_registration_joins_the_queue(client, people):
    headers = visit(client, people[0])
    schedule = _open(client, today=True)
    lock = _lock(client, headers, schedule)
    payment_id = _pay(client, headers, lock)
    client.post(f"/demo/v1/payments/{payment_id}/confirm", json={})
    registration = _commit(client, headers, lock, payment_id)
    assert registration.status_code == 201, registration.text
    assert registration.json()["appointment_status"] == "checked_in"
    listed = client.get("/api/v1/patients/me/appointments", headers=headers).json()
    assert [a["status"] for a in listed["appointments"]] == ["checked_in"]


def test_morning_session_is_closed_in_the_afternoon(client, people):
    headers = visit(client, people[0])
    schedules = _schedules(client)
    morning = next(s for s in schedules if s["period"] == "AM" and s["date"] ==
                   schedules[0]["date"] and s["status"] != "stopped")
    assert morning["status"] == "closed" and morning["remaining"] == 0
    slots = client.get(f"/api/v1/schedules/{morning['schedule_id']}/slots").json()["slots"]
    assert not any(s["available"] for s in slots)
    response = client.post("/api/v1/registrations/locks", json={
        "schedule_id": morning["schedule_id"], "slot_id": slots[-1]["slot_id"]},
        headers=key(headers))
    assert error_code(response, 410) == "schedule_closed"


def test_stopped_session_cannot_be_locked(client, people):
    headers = visit(client, people[0])
    departments = [d["code"] for d in client.get("/api/v1/departments").json()["departments"]]
    stopped = next(s for code in departments for s in _schedules(client, code)
                   if s["status"] == "stopped")
    slot = client.get(f"/api/v1/schedules/{stopped['schedule_id']}/slots").json()["slots"][0]
    assert not slot["available"]
    response = client.post("/api/v1/registrations/locks", json={
        "schedule_id": stopped["schedule_id"], "slot_id": slot["slot_id"]}, headers=key(headers))
    assert error_code(response, 410) == "schedule_closed"


def test_lock_expires_and_frees_the_slot(client, clock, people):
    first, second = visit(client, people[0]), visit(client, people[1])
    schedule = _open(client, today=False)
    lock = _lock(client, first, schedule)
    payment_id = _pay(client, first, lock)
    clock.now += LOCK_TTL_S
    assert error_code(_commit(client, first, lock, payment_id), 410) == "lock_expired"
    again = client.post("/api/v1/registrations/locks", json={
        "schedule_id": lock["schedule_id"], "slot_id": lock["slot_id"]}, headers=key(second))
    assert again.status_code == 201, again.text
    assert rows(client.db_path, "SELECT status FROM locks WHERE lock_id = ?",
                lock["lock_id"]) == [("expired",)]
    assert rows(client.db_path, "SELECT COUNT(*) FROM registrations WHERE lock_id = ?",
                lock["lock_id"]) == [(0,)]
    unlock = client.delete(f"/api/v1/registrations/locks/{lock['lock_id']}",
                           headers=key(first))
    assert unlock.json()["status"] == "expired"


def test_payment_expires_and_cannot_be_confirmed(client, clock, people):
    headers = visit(client, people[0])
    lock = _lock(client, headers, _open(client, today=False))
    payment_id = _pay(client, headers, lock)
    clock.now += PAYMENT_TTL_S
    status = client.get(f"/api/v1/payments/{payment_id}", headers=headers).json()
    assert status["status"] == "expired"
    confirm = client.post(f"/demo/v1/payments/{payment_id}/confirm", json={})
    assert error_code(confirm, 409) == "payment_not_pending"
    page = client.get(f"/pay/{payment_id}")
    assert "订单已过期" in page.text and "确认支付" not in page.text
    assert error_code(_commit(client, headers, lock, payment_id), 402) == "payment_required"


def test_paying_late_in_the_hold_keeps_the_slot(client, clock, people):
    headers = visit(client, people[0])
    lock = _lock(client, headers, _open(client, today=False))
    clock.now += LOCK_TTL_S - 100
    payment_id = _pay(client, headers, lock)
    clock.now += 90
    client.post(f"/demo/v1/payments/{payment_id}/confirm", json={})
    clock.now += PAID_HOLD_S - 1  # past the original hold, within the paid one
    assert _commit(client, headers, lock, payment_id).status_code == 201


def test_new_payment_order_replaces_the_open_one(client, people):
    headers = visit(client, people[0])
    lock = _lock(client, headers, _open(client, today=False))
    first, second = _pay(client, headers, lock), _pay(client, headers, lock)
    assert client.get(f"/api/v1/payments/{first}", headers=headers).json()["status"] == "expired"
    client.post(f"/demo/v1/payments/{second}/confirm", json={})
    third = client.post("/api/v1/payments", json={"purpose": "registration",
                        "reference": lock["lock_id"], "amount_fen": lock["fee"]["total_fen"]},
                        headers=key(headers))
    assert error_code(third, 409) == "already_paid"
    superseded = _commit(client, headers, lock, first)
    assert error_code(superseded, 402) == "payment_required"
    other = _lock(client, headers, _open(client, today=False, department="0301"))
    foreign = _commit(client, headers, other, second)
    assert error_code(foreign, 409) == "payment_not_usable"
    assert _commit(client, headers, lock, second).status_code == 201


def _booked_today(client):
    patient = client.get("/demo/v1/scenarios").json()["appointment_today"][0]
    headers = visit(client, patient["health_card_id"])
    appointments = client.get("/api/v1/patients/me/appointments", headers=headers).json()
    booked = next(a for a in appointments["appointments"] if a["status"] == "booked")
    return patient["health_card_id"], headers, booked


def test_check_in_replay_and_repeat(client, people):
    _card, headers, appointment = _booked_today(client)
    path = f"/api/v1/appointments/{appointment['appointment_id']}/check-in"
    idem = key(headers)
    first = client.post(path, json={}, headers=idem)
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["status"] == "checked_in" and body["queue_no"] == appointment["queue_no"]
    assert body["position"] >= 1 and body["estimated_wait_min"] >= 0
    assert body["location"] == appointment["location"]
    replay = client.post(path, json={}, headers=idem)
    assert replay.json() == body and replay.headers["Idempotent-Replayed"] == "true"
    repeat = client.post(path, json={}, headers=key(headers))
    assert repeat.status_code == 409
    assert repeat.json()["error"]["code"] == "already_checked_in"
    assert repeat.json()["error"]["detail"]["queue_no"] == body["queue_no"]
    stranger = visit(client, people[0])
    assert error_code(client.post(path, json={}, headers=key(stranger)), 404) == \
        "appointment_not_found"
    assert error_code(client.post("/api/v1/appointments/R-none/check-in", json={},
                                  headers=key(headers)), 404) == "appointment_not_found"


def test_check_in_only_on_the_day_and_before_the_session_ends(client, clock, people):
    headers = visit(client, people[0])
    lock = _lock(client, headers, _open(client, today=False))
    payment_id = _pay(client, headers, lock)
    client.post(f"/demo/v1/payments/{payment_id}/confirm", json={})
    registration = _commit(client, headers, lock, payment_id).json()
    early = client.post(f"/api/v1/appointments/{registration['registration_id']}/check-in",
                        json={}, headers=key(headers))
    assert error_code(early, 409) == "appointment_not_today"
    card, _headers, booked = _booked_today(client)
    clock.now += 3 * 3600  # 19:00: every session of the day is over
    booked_headers = visit(client, card)  # the visit lapsed meanwhile
    listed = client.get("/api/v1/patients/me/appointments", headers=booked_headers).json()
    assert {a["appointment_id"]: a["status"] for a in listed["appointments"]}[
        booked["appointment_id"]] == "expired"
    late = client.post(f"/api/v1/appointments/{booked['appointment_id']}/check-in", json={},
                       headers=key(booked_headers))
    assert error_code(late, 409) == "appointment_closed"


def test_next_day_brings_a_new_week_and_new_appointments(client, clock):
    dates = {s["date"] for s in _schedules(client, "20")}
    clock.now += 3 * 24 * 3600  # Monday afternoon
    later = {s["date"] for s in _schedules(client, "20")}
    assert len(later) == 7 and len(later - dates) == 3
    assert client.get("/demo/v1/scenarios").json()["appointment_today"]


def test_paid_but_never_committed_is_refunded_after_the_orphan_window(client, clock, people):
    """The kiosk died between payment and commit: the money goes back by itself."""
    from gateway.store.payments import ORPHAN_REFUND_S

    headers = visit(client, people[0])
    lock = _lock(client, headers, _open(client, today=False))
    payment_id = _pay(client, headers, lock)
    assert client.post(f"/demo/v1/payments/{payment_id}/confirm", json={}).status_code < 400
    clock.now += ORPHAN_REFUND_S - 60
    other = visit(client, people[1])
    _pay(client, other, _lock(client, other, _open(client, today=False)))  # any new order sweeps
    assert client.get(f"/api/v1/payments/{payment_id}", headers=headers).json()["status"] == "success"
    clock.now += 120
    again = visit(client, people[2])
    _pay(client, again, _lock(client, again, _open(client, today=False)))
    headers = visit(client, people[0])  # the first visit has long expired
    assert client.get(f"/api/v1/payments/{payment_id}", headers=headers).json()["status"] == "refunded"
    assert _commit(client, headers, lock, payment_id).status_code >= 400
