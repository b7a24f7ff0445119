"""The generic Idempotency-Key helper and the visit token, on a throwaway route."""

import sqlite3
import threading

import pytest
from fastapi import APIRouter, Response
from fastapi.testclient import TestClient
from pydantic import BaseModel

from gateway.app import create_app
from gateway.core.errors import NOT_FOUND, GatewayError
from gateway.core.idempotency import Idempotent, canonical_json, fingerprint
from gateway.core.settings import Settings
from gateway.core.visits import VISIT_TTL_S, CurrentVisit

TOKEN = "idempotency-token"


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


class Note(BaseModel):
    text: str


class Stored(BaseModel):
    note_id: int
    text: str
    patient_id: str


def _router() -> APIRouter:
    router = APIRouter(prefix="/test")

    @router.post("/notes", status_code=201, response_model=Stored)
    def add_note(body: Note, idem: Idempotent, visit: CurrentVisit) -> Response:
        def change(conn: sqlite3.Connection) -> Stored:
            if body.text == "fail":
                conn.execute("INSERT INTO meta (key, value) VALUES ('half-done', 'x')")
                raise GatewayError(NOT_FOUND)
            cursor = conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)", (f"note-{body.text}", body.text)
            )
            return Stored(note_id=cursor.lastrowid, text=body.text, patient_id=visit.patient_id)

        return idem.run(change)

    return router


@pytest.fixture(scope="module")
def clock():
    return Clock()


@pytest.fixture(scope="module")
def app(tmp_path_factory, clock):
    path = tmp_path_factory.mktemp("idem") / "gw.sqlite"
    app = create_app(Settings(db_path=path, device_tokens=(TOKEN, "other-device"), demo=True), clock)
    app.include_router(_router())
    return app


@pytest.fixture
def client(app):
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as test_client:
        yield test_client


@pytest.fixture
def visit(client):
    card = client.get("/demo/v1/patients", params={"limit": 1}).json()["patients"][0]
    text = client.post(f"/demo/v1/cards/{card['health_card_id']}/codes", json={}).json()["text"]
    identified = client.post("/api/v1/identify", json={"text": text, "source": "demo"}).json()
    return identified


def _notes(client) -> list[str]:
    with client.app.state.gateway.db.transaction() as conn:
        return [r[0] for r in conn.execute("SELECT key FROM meta WHERE key LIKE 'note-%'")]


def _post(client, visit, key, body):
    headers = {"X-Visit-Token": visit["visit_token"]}
    if key is not None:
        headers["Idempotency-Key"] = key
    return client.post("/test/notes", json=body, headers=headers)


def test_identify_opens_a_visit(visit):
    assert len(visit["visit_token"]) >= 32
    assert visit["visit_expires_at"].endswith("+00:00")


def test_same_key_same_body_replays_the_first_answer(client, visit):
    first = _post(client, visit, "key-replay-0001", {"text": "a"})
    second = _post(client, visit, "key-replay-0001", {"text": "a"})
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert first.json()["patient_id"] == visit["patient"]["patient_id"]
    assert "Idempotent-Replayed" not in first.headers
    assert second.headers["Idempotent-Replayed"] == "true"
    assert _notes(client).count("note-a") == 1


def test_key_order_and_whitespace_do_not_matter(client, visit):
    headers = {"X-Visit-Token": visit["visit_token"], "Idempotency-Key": "key-order-0001",
               "Content-Type": "application/json"}
    first = client.post("/test/notes", content=b'{"text": "b", "x": 1}', headers=headers)
    second = client.post("/test/notes", content=b'{"x":1,"text":"b"}', headers=headers)
    assert second.headers["Idempotent-Replayed"] == "true"
    assert first.json() == second.json()


def test_same_key_other_body_is_refused(client, visit):
    assert _post(client, visit, "key-reuse-0001", {"text": "c"}).status_code == 201
    response = _post(client, visit, "key-reuse-0001", {"text": "d"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "idempotency_key_reused"
    assert "note-d" not in _notes(client)


@pytest.mark.parametrize("key", [None, "", "short", "x" * 129, "has space here"])
def test_missing_or_malformed_key(client, visit, key):
    before = _notes(client)
    response = _post(client, visit, key, {"text": "e"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "idempotency_key_required"
    assert _notes(client) == before


def test_keys_are_per_device(client, visit):
    assert _post(client, visit, "key-device-0001", {"text": "f"}).status_code == 201
    other = TestClient(client.app, headers={"Authorization": "Bearer other-device"})
    with other:
        # The visit belongs to the first device, so the other one cannot use it.
        response = other.post(
            "/test/notes", json={"text": "f"},
            headers={"X-Visit-Token": visit["visit_token"], "Idempotency-Key": "key-device-0001"},
        )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "visit_expired"


def test_failed_change_stores_nothing_and_the_key_stays_usable(client, visit):
    response = _post(client, visit, "key-fail-00001", {"text": "fail"})
    assert response.status_code == 404
    with client.app.state.gateway.db.transaction() as conn:
        assert conn.execute("SELECT 1 FROM meta WHERE key = 'half-done'").fetchone() is None
        assert conn.execute(
            "SELECT 1 FROM idempotency_keys WHERE key = 'key-fail-00001'"
        ).fetchone() is None


def test_concurrent_repeats_apply_once(client, visit):
    results = []

    def send():
        results.append(_post(client, visit, "key-race-00001", {"text": "g"}))

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert [r.status_code for r in results] == [201] * 6
    assert len({r.text for r in results}) == 1
    assert _notes(client).count("note-g") == 1


def test_visit_token_missing_unknown_or_expired(client, clock, visit):
    headers = {"Idempotency-Key": "key-visit-0001"}
    for token in (None, "not-a-token"):
        h = headers if token is None else {**headers, "X-Visit-Token": token}
        response = client.post("/test/notes", json={"text": "h"}, headers=h)
        assert (response.status_code, response.json()["error"]["code"]) == (401, "visit_expired")
    clock.now += VISIT_TTL_S - 1
    assert _post(client, visit, "key-visit-0002", {"text": "h"}).status_code == 201
    clock.now += VISIT_TTL_S - 1  # still alive: the last use extended it
    assert _post(client, visit, "key-visit-0003", {"text": "i"}).status_code == 201
    clock.now += VISIT_TTL_S
    response = _post(client, visit, "key-visit-0004", {"text": "j"})
    assert (response.status_code, response.json()["error"]["code"]) == (401, "visit_expired")
    assert "please scan your code again" in response.json()["error"]["message"]


def test_fingerprint_covers_path_and_query():
    body = b'{"a": 1}'
    assert canonical_json(body) == b'{"a":1}'
    assert canonical_json(b"not json") == b"not json"
    base = fingerprint("POST", "/x/1", "", body)
    assert base != fingerprint("POST", "/x/2", "", body)
    assert base != fingerprint("POST", "/x/1", "q=1", body)
    assert base != fingerprint("DELETE", "/x/1", "", body)
