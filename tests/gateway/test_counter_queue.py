"""The window queue (tickets, statuses, calls) and the patient lookup at the counter."""

import sqlite3
from contextlib import closing

import pytest
from fastapi.testclient import TestClient

from tests.gateway.counter_client import (
    GUT,
    LIPITOR,
    METFORMIN,
    PENICILLIN,
    RX_THREE,
    card,
    count,
    error,
    lookup,
    staff,
)
from tests.gateway.service_client import TOKEN, Clock, key, make_app, rows


@pytest.fixture
def counter(tmp_path):
    clock = Clock()
    app = make_app(tmp_path / "gw.sqlite", clock)
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        yield client, clock, tmp_path / "gw.sqlite", staff(client)


def _queue(client, headers, **params):
    response = client.get("/api/v1/pharmacy/queue", headers=headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_demo_patients_wait_at_window_three(counter):
    client, _clock, _db, headers = counter
    queue = _queue(client, headers)
    assert queue["window"] == "3"
    by_ref = {e["patient_ref"]: e for e in queue["entries"]}
    refs = {pos: lookup(client, headers, pos)["patient"]["patient_ref"]
            for pos in (RX_THREE, PENICILLIN, LIPITOR, METFORMIN, GUT)}
    assert set(refs.values()) <= set(by_ref)
    assert by_ref[refs[RX_THREE]]["prescription_count"] == 3
    assert by_ref[refs[RX_THREE]]["status"] == "preparing"  # one of three is ready
    assert by_ref[refs[GUT]]["status"] == "ready"
    tickets = [e["ticket_no"] for e in queue["entries"]]
    assert tickets == [f"A{i:03d}" for i in range(1, len(tickets) + 1)]
    paid = [e["paid_at"] for e in queue["entries"]]
    assert paid == sorted(paid)  # first paid, first numbered
    for entry in queue["entries"]:
        assert "*" in entry["name_masked"] and entry["called_at"] is None
    # Reading again hands out no new tickets; another window has its own queue.
    assert _queue(client, headers) == queue
    five = _queue(client, headers, window="5")["entries"]
    assert five and five[0]["ticket_no"] == "A001"


def test_call_next_and_recall_are_recorded(counter):
    client, clock, db, headers = counter
    entries = _queue(client, headers)["entries"]
    idem = key(headers)
    first = client.post("/api/v1/pharmacy/queue/call-next", json={}, headers=idem)
    assert first.status_code == 200, first.text
    assert first.json()["queue_id"] == entries[0]["queue_id"]
    assert first.json()["called_by"] == "1001" and first.json()["window"] == "3"
    replay = client.post("/api/v1/pharmacy/queue/call-next", json={}, headers=idem)
    assert replay.json() == first.json() and replay.headers["Idempotent-Replayed"] == "true"
    second = client.post("/api/v1/pharmacy/queue/call-next", json={"window": "3"},
                         headers=key(headers))
    assert second.json()["ticket_no"] == entries[1]["ticket_no"]
    clock.now += 120
    other = staff(client, "1003")
    again = client.post(f"/api/v1/pharmacy/queue/{entries[0]['queue_id']}/call", json={},
                        headers=key(other))
    assert again.status_code == 200 and again.json()["called_by"] == "1003"
    assert rows(db, "SELECT kind, staff_no, window FROM counter_calls ORDER BY at") == [
        ("call", "1001", "3"), ("call", "1001", "3"), ("recall", "1003", "3")]
    statuses = {e["queue_id"]: e for e in _queue(client, headers)["entries"]}
    assert statuses[entries[0]["queue_id"]]["status"] == "called"
    assert statuses[entries[0]["queue_id"]]["called_by"] == "1003"


def test_queue_errors(counter):
    client, clock, _db, headers = counter
    empty = client.post("/api/v1/pharmacy/queue/call-next", json={"window": "9"},
                        headers=key(headers))
    assert error(empty, 404)["code"] == "queue_empty"
    missing = client.post("/api/v1/pharmacy/queue/QNOPE/call", json={}, headers=key(headers))
    assert error(missing, 404)["code"] == "queue_entry_not_found"
    bad = client.get("/api/v1/pharmacy/queue", params={"window": "three"}, headers=headers)
    assert error(bad, 422)["code"] == "invalid_request"
    no_key = client.post("/api/v1/pharmacy/queue/call-next", json={}, headers=headers)
    assert error(no_key, 400)["code"] == "idempotency_key_required"
    # Yesterday's entries cannot be recalled; today starts again at A001.
    entry = _queue(client, headers)["entries"][0]
    clock.now += 86400
    headers = staff(client)  # the old session ended long ago
    old = client.post(f"/api/v1/pharmacy/queue/{entry['queue_id']}/call", json={},
                      headers=key(headers))
    assert error(old, 404)["code"] == "queue_entry_not_found"
    assert _queue(client, headers)["entries"][0]["ticket_no"] == "A001"


def test_lookup_shows_allergies_items_and_only_undispensed(counter):
    client, _clock, db, headers = counter
    visits = count(db, "SELECT COUNT(*) FROM visits")
    found = lookup(client, headers, PENICILLIN)
    assert found["patient"]["allergies"] == ["青霉素"]
    assert found["patient"]["name"] and "*" not in found["patient"]["name"]
    assert found["patient"]["patient_ref"].startswith("PR")
    assert {p["status"] for p in found["prescriptions"]} <= {"paid", "preparing", "ready"}
    rx = next(p for p in found["prescriptions"] if p["window"] == "3")
    assert [(i["drug"], i["qty"], i["drug_code"]) for i in rx["items"]] == [
        ("头孢克肟胶囊", 1, "YP00110"), ("布洛芬缓释胶囊", 1, "YP00103")]
    item = rx["items"][1]
    assert (item["usage"], item["dose"], item["frequency"], item["notes"]) == (
        "口服", "一次1粒", "一日2次", "饭后服用")
    everything = lookup(client, headers, RX_THREE)
    assert everything["patient"]["allergies"] == ["磺胺类药物"]
    assert {p["status"] for p in everything["prescriptions"]} == {"paid", "preparing", "ready"}
    assert lookup(client, headers, METFORMIN)["patient"]["allergies"] == ["阿司匹林"]
    assert count(db, "SELECT COUNT(*) FROM visits") == visits  # no visit opened


def test_lookup_by_id_number_visit_card_and_receipt(counter):
    client, _clock, db, headers = counter
    health_card_id = card(client, LIPITOR)
    patient_id, id_number, visit_card = rows(
        db, "SELECT patient_id, id_number, visit_card_no FROM patients WHERE health_card_id = ?",
        health_card_id)[0]
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("INSERT INTO settlements VALUES ('ST1', 'PV1', ?, '20270115000042', NULL,"
                     " '{}', 0)", (patient_id,))
    refs = set()
    for text, matched in ((id_number, "id_number"), (visit_card, "visit_card"),
                          ("20270115000042", "receipt"), ("R20270115000042\r\n", "receipt")):
        response = client.post("/api/v1/pharmacy/lookup", json={"text": text, "source": "wedge"},
                               headers=headers)
        assert response.status_code == 200, response.text
        assert response.json()["patient"]["matched_by"] == matched
        refs.add(response.json()["patient"]["patient_ref"])
    assert len(refs) == 1


@pytest.mark.parametrize(("text", "status", "code"), [
    ("hello", 400, "malformed_code"),
    ("6901234567892", 400, "malformed_code"),
    ("20270115999999", 404, "unknown_code"),
    ("0009999999", 404, "unknown_code"),
])
def test_lookup_errors(counter, text, status, code):
    client, _clock, _db, headers = counter
    response = client.post("/api/v1/pharmacy/lookup", json={"text": text, "source": "manual"},
                           headers=headers)
    assert error(response, status)["code"] == code
    assert text not in response.text


def test_lookup_of_an_expired_code_and_without_a_session(counter):
    client, _clock, _db, headers = counter
    code = client.post(f"/demo/v1/cards/{card(client, GUT)}/codes",
                       json={"kind": "dynamic", "age_s": 3600}).json()["text"]
    expired = client.post("/api/v1/pharmacy/lookup", json={"text": code, "source": "wedge"},
                          headers=headers)
    assert error(expired, 410)["code"] == "expired_code"
    anonymous = client.post("/api/v1/pharmacy/lookup", json={"text": code, "source": "wedge"})
    assert error(anonymous, 401)["code"] == "staff_session_expired"


@pytest.mark.gateway
def test_queue_over_the_socket(gateway_server):
    headers = gateway_server.staff_headers("1001")
    queue = gateway_server.get("/api/v1/pharmacy/queue", headers=headers)
    assert queue.status_code == 200 and len(queue.json()["entries"]) >= 5
