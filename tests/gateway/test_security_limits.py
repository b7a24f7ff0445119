"""Bounded abuse: identify guesses per device, staff sign-in races, oversized bodies, the
malformed inputs that gave 500, keys replayed across visits, and visits ended by the kiosk."""

from __future__ import annotations

import http.client
import threading

import pytest
from fastapi.testclient import TestClient

from gateway.app import create_app
from gateway.core.settings import Settings
from gateway.store.staff import FAILURE_LIMIT
from tests.gateway.counter_client import count, error
from tests.gateway.service_client import TOKEN, Clock

OTHER = "other-device"


def _app(tmp_path, clock, **settings):
    return create_app(Settings(db_path=tmp_path / "gw.sqlite", device_tokens=(TOKEN, OTHER),
                               demo=True, **settings), clock)


@pytest.fixture
def clocked(tmp_path):
    clock = Clock()
    with TestClient(_app(tmp_path, clock, identify_limit=3, identify_window_s=60),
                    headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        yield client, clock, tmp_path / "gw.sqlite"


def _identify(client, text, token=TOKEN):
    return client.post("/api/v1/identify", json={"text": text, "source": "manual"},
                       headers={"Authorization": f"Bearer {token}"})


def _card(client):
    return client.get("/demo/v1/patients", params={"limit": 1}).json()["patients"][0][
        "health_card_id"]


def _code(client, card):
    return client.post(f"/demo/v1/cards/{card}/codes", json={"kind": "static"}).json()["text"]


# --- identify enumeration ------------------------------------------------------------------

def test_guessed_visit_cards_hit_the_limit_per_device_for_a_window(clocked):
    client, clock, _db = clocked
    guesses = [f"{n:010d}" for n in range(9_000_000_000, 9_000_000_010)]
    answers = [_identify(client, g).status_code for g in guesses[:3]]
    assert answers == [404, 404, 404]
    refused = _identify(client, guesses[3])
    body = error(refused, 429)
    assert body["code"] == "too_many_identify_attempts"
    assert body["message_zh"] == "尝试次数过多，请稍后再试或到人工窗口"
    assert body["detail"]["retry_after_s"] == 60
    # Even a real card is refused on this device now; another device is not limited.
    card = _card(client)
    assert _identify(client, _code(client, card)).status_code == 429
    assert _identify(client, _code(client, card), token=OTHER).status_code == 200
    # The window slides: once the oldest guesses leave it, the device may try again.
    clock.now += 61
    assert _identify(client, _code(client, card)).status_code == 200


def test_matched_identifies_do_not_count(clocked):
    client, _clock, _db = clocked
    code = _code(client, _card(client))
    assert all(_identify(client, code).status_code == 200 for _ in range(10))
    assert _identify(client, "9000000001").status_code == 404


def test_concurrent_guesses_never_pass_the_limit(tmp_path):
    clock = Clock()
    with TestClient(_app(tmp_path, clock, identify_limit=5, identify_window_s=300),
                    headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        statuses: list[int] = []
        lock = threading.Lock()

        def guess(n: int) -> None:
            status = _identify(client, f"{9_100_000_000 + n:010d}").status_code
            with lock:
                statuses.append(status)

        threads = [threading.Thread(target=guess, args=(n,)) for n in range(30)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(set(statuses)) == [404, 429]
    assert statuses.count(404) == 5


def test_the_kiosk_explains_the_limit():
    from kiosk.gateway_errors import rejection_for

    rejection = rejection_for("too_many_identify_attempts", None, None)
    assert "尝试次数过多" in rejection.message.zh and "人工窗口" in rejection.next_step.zh


# --- staff lockout -------------------------------------------------------------------------

def _sign_in(client, password, token=TOKEN):
    return client.post("/api/v1/staff/sessions", json={"staff_no": "1001", "password": password},
                       headers={"Authorization": f"Bearer {token}"})


def test_concurrent_wrong_passwords_are_checked_at_most_the_limit(clocked):
    client, _clock, db = clocked
    statuses: list[int] = []
    lock = threading.Lock()

    def attempt() -> None:
        status = _sign_in(client, "wrong", token=OTHER).status_code
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=attempt) for _ in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses.count(401) == FAILURE_LIMIT
    assert statuses.count(429) == 40 - FAILURE_LIMIT
    assert count(db, "SELECT COUNT(*) FROM staff_sign_in_attempts") == FAILURE_LIMIT


def test_another_device_cannot_lock_the_pharmacist_out(clocked):
    client, _clock, _db = clocked
    for _ in range(FAILURE_LIMIT + 2):
        _sign_in(client, "wrong", token=OTHER)
    assert error(_sign_in(client, "demo-1001", token=OTHER), 429)["code"] == "too_many_attempts"
    # The pharmacist's own workstation still signs in with the right password.
    assert _sign_in(client, "demo-1001").status_code == 201


# --- request bodies ------------------------------------------------------------------------

def test_an_oversized_body_gets_413_with_the_envelope(clocked):
    client, _clock, _db = clocked
    big = {"text": "x" * (70 * 1024), "source": "manual"}
    response = client.post("/api/v1/identify", json=big)
    assert error(response, 413)["code"] == "payload_too_large"


def test_a_chunked_body_without_length_is_counted(clocked):
    client, _clock, _db = clocked

    def chunks():
        for _ in range(80):
            yield b"x" * 1024

    response = client.post("/api/v1/identify", content=chunks(),
                           headers={"Content-Type": "application/json"})
    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert error(response, 413)["code"] == "payload_too_large"
    # Small chunked bodies still work.
    ok = client.post("/api/v1/identify", content=iter([b'{"text": "9000000002",',
                                                       b' "source": "manual"}']),
                     headers={"Content-Type": "application/json"})
    assert ok.status_code == 404


def test_an_unauthenticated_body_is_refused_before_it_is_read(clocked):
    client, _clock, _db = clocked
    read = 0

    def chunks():
        nonlocal read
        for _ in range(10):
            read += 1
            yield b"x" * 1024

    response = client.post("/api/v1/identify", content=chunks(),
                           headers={"Authorization": "Bearer nobody",
                                    "Content-Type": "application/json"})
    assert error(response, 401)["code"] == "unauthorized"
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.gateway
def test_a_large_unauthenticated_body_does_not_grow_the_gateway(gateway_server):
    """Against the real process: 50 MB sent without a token is refused after the headers,
    and the gateway's resident memory stays put."""
    before = _rss(gateway_server.proc.pid)
    conn = http.client.HTTPConnection("127.0.0.1", gateway_server.port, timeout=10)
    conn.putrequest("POST", "/api/v1/identify")
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Content-Length", str(50 * 1024 * 1024))
    conn.endheaders()
    sent = 0
    try:
        while sent < 50 * 1024 * 1024:
            conn.send(b"x" * 65536)
            sent += 65536
    except OSError:
        pass  # the gateway answered and closed: the rest is never read
    response = conn.getresponse()
    assert response.status in (401, 413)
    conn.close()
    assert _rss(gateway_server.proc.pid) - before < 20 * 1024 * 1024


def _rss(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) * 1024


# --- inputs that gave 500 ------------------------------------------------------------------

def test_a_lone_surrogate_in_a_keyed_body_is_422(clocked):
    client, _clock, _db = clocked
    code = _code(client, _card(client))
    visit = _identify(client, code).json()["visit_token"]
    response = client.post(
        "/api/v1/payments", content=b'{"purpose": "\\ud800", "reference": "x", "amount_fen": 1}',
        headers={"Content-Type": "application/json", "Idempotency-Key": "key-surrogate-1",
                 "X-Visit-Token": visit})
    assert error(response, 422)["code"] == "invalid_request"


@pytest.mark.parametrize("start", ["9999-12-30", "0001-01-01", "2100-01-01"])
def test_schedules_far_from_today_are_422(clocked, start):
    client, _clock, _db = clocked
    code = client.get("/api/v1/departments").json()["departments"][0]["code"]
    response = client.get(f"/api/v1/departments/{code}/schedules", params={"from": start})
    assert error(response, 422)["code"] == "invalid_request"


def test_another_patient_cannot_replay_a_key(clocked):
    client, _clock, _db = clocked
    cards = [p["health_card_id"] for p in
             client.get("/demo/v1/patients", params={"limit": 4}).json()["patients"]
             if p["status"] == "active"][:2]
    visit_a, visit_b = (_identify(client, _code(client, c)).json()["visit_token"] for c in cards)
    body = {"purpose": "registration", "reference": "none", "amount_fen": 1}
    headers = {"Idempotency-Key": "shared-key-0001"}
    first = client.post("/api/v1/payments", json=body, headers={**headers, "X-Visit-Token": visit_a})
    assert first.status_code >= 400 or first.status_code == 201
    again = client.post("/api/v1/payments", json=body,
                        headers={**headers, "X-Visit-Token": visit_b})
    if first.status_code == 201:
        assert error(again, 422)["code"] == "idempotency_key_reused"
    else:
        assert "Idempotent-Replayed" not in again.headers


def test_the_kiosk_ends_its_visit(clocked):
    client, _clock, _db = clocked
    visit = _identify(client, _code(client, _card(client))).json()["visit_token"]
    headers = {"X-Visit-Token": visit}
    assert client.get("/api/v1/patients/me/reports", headers=headers).status_code == 200
    assert client.delete("/api/v1/visits/current", headers=headers).status_code == 204
    after = client.get("/api/v1/patients/me/reports", headers=headers)
    assert error(after, 401)["code"] == "visit_expired"
    assert error(client.delete("/api/v1/visits/current", headers=headers), 401)["code"] == (
        "visit_expired")
