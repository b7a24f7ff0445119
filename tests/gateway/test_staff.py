"""Staff accounts and sessions: sign-in, wrong passwords, rate limit, expiry, sign-out."""

import pytest
from fastapi.testclient import TestClient

from gateway.app import create_app
from gateway.core.settings import Settings
from gateway.store.staff import FAILURE_WINDOW_S, IDLE_S, MAX_S
from tests.gateway.counter_client import count, error
from tests.gateway.service_client import TOKEN, Clock, rows


@pytest.mark.gateway
def test_sign_in_and_current_session(gateway_server):
    body = gateway_server.staff_sign_in("1001")
    assert body["staff"] == {"staff_no": "1001", "name": "陈静", "role": "pharmacist",
                             "window": "3"}
    assert body["expires_at"] and len(body["staff_session"]) >= 32
    headers = {"X-Staff-Session": body["staff_session"]}
    current = gateway_server.get("/api/v1/staff/sessions/current", headers=headers)
    assert current.status_code == 200 and current.json()["staff"]["staff_no"] == "1001"
    assistant = gateway_server.staff_sign_in("1002")["staff"]
    assert assistant["role"] == "pharmacy_assistant" and assistant["window"] == "5"


@pytest.mark.gateway
def test_wrong_password_and_unknown_staff_get_the_same_answer(gateway_server):
    wrong = gateway_server.post("/api/v1/staff/sessions",
                                {"staff_no": "1003", "password": "not-it"})
    unknown = gateway_server.post("/api/v1/staff/sessions",
                                  {"staff_no": "9999", "password": "demo-9999"})
    assert error(wrong, 401) == error(unknown, 401)
    assert error(wrong, 401)["code"] == "bad_credentials"
    for bad in ({"staff_no": "1001"}, {"staff_no": "", "password": "x"},
                {"staff_no": "1 1", "password": "x"}):
        assert error(gateway_server.post("/api/v1/staff/sessions", bad), 422)["code"] == (
            "invalid_request")


@pytest.mark.gateway
def test_passwords_are_stored_as_salted_scrypt_and_never_logged(gateway_server):
    gateway_server.staff_sign_in("1001")
    hashes = rows(gateway_server.db_path, "SELECT password_hash FROM staff")
    assert all(h.startswith("scrypt$") and "demo" not in h for (h,) in hashes)
    salts = {h.split("$")[4] for (h,) in hashes}
    assert len(salts) == len(hashes)  # a random salt each
    log = gateway_server.log_path.read_text(encoding="utf-8")
    assert "demo-1001" not in log and "陈静" not in log


@pytest.mark.gateway
def test_sign_out_ends_the_session(gateway_server):
    headers = gateway_server.staff_headers("1001")
    assert gateway_server.http.delete(gateway_server.url + "/api/v1/staff/sessions/current",
                                      headers=headers, timeout=10).status_code == 204
    again = gateway_server.get("/api/v1/staff/sessions/current", headers=headers)
    assert error(again, 401)["code"] == "staff_session_expired"
    for headers in ({}, {"X-Staff-Session": "made-up"}):
        response = gateway_server.get("/api/v1/pharmacy/queue", headers=headers)
        assert error(response, 401)["code"] == "staff_session_expired"


@pytest.fixture
def clocked(tmp_path):
    clock = Clock()
    app = create_app(Settings(db_path=tmp_path / "gw.sqlite",
                              device_tokens=(TOKEN, "other-device"), demo=True), clock)
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        yield client, clock, tmp_path / "gw.sqlite"


def _sign_in(client, password="demo-1001", staff_no="1001"):
    return client.post("/api/v1/staff/sessions", json={"staff_no": staff_no,
                                                       "password": password})


def test_failures_are_rate_limited_per_staff_number(clocked):
    client, clock, db = clocked
    for _ in range(5):
        assert error(_sign_in(client, "wrong"), 401)["code"] == "bad_credentials"
    # Locked now, even with the right password; another staff number is not.
    assert error(_sign_in(client), 429)["code"] == "too_many_attempts"
    assert _sign_in(client, "demo-1003", "1003").status_code == 201
    clock.now += FAILURE_WINDOW_S + 1
    assert _sign_in(client).status_code == 201
    assert count(db, "SELECT COUNT(*) FROM staff_sessions WHERE staff_no = '1001'") == 1


def test_sessions_slide_and_end(clocked):
    client, clock, _db = clocked
    headers = {"X-Staff-Session": _sign_in(client).json()["staff_session"]}

    def alive() -> bool:
        response = client.get("/api/v1/staff/sessions/current", headers=headers)
        return response.status_code == 200

    started = clock.now
    # Used every 20 minutes it lives on, up to 8 hours after sign-in.
    while clock.now + 20 * 60 < started + MAX_S:
        clock.now += 20 * 60
        assert alive()
    clock.now = started + MAX_S + 1
    assert not alive()
    # Idle for longer than 30 minutes ends a fresh session.
    headers["X-Staff-Session"] = _sign_in(client).json()["staff_session"]
    clock.now += IDLE_S + 1
    assert error(client.get("/api/v1/staff/sessions/current", headers=headers), 401)[
        "code"] == "staff_session_expired"


def test_a_session_belongs_to_its_device(clocked):
    client, _clock, _db = clocked
    headers = {"X-Staff-Session": _sign_in(client).json()["staff_session"],
               "Authorization": "Bearer other-device"}
    response = client.get("/api/v1/staff/sessions/current", headers=headers)
    assert error(response, 401)["code"] == "staff_session_expired"
