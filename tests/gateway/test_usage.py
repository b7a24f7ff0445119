"""Usage reports (用卡数据监测): validated, stored once per report_id."""

import uuid

import pytest
from fastapi.testclient import TestClient

from tests.gateway.service_client import (
    EVERYTHING,
    TOKEN,
    Clock,
    cards,
    error_code,
    make_app,
    rows,
    visit,
)


def _body(card, **changes):
    body = {"report_id": str(uuid.uuid4()), "health_card_id": card, "scene": "0101081",
            "channel": "0200", "card_type": "11", "cost_type": None,
            "used_at": "2027-01-15T16:00:00+08:00", "terminal_id": "KIOSK-03"}
    body.update(changes)
    return body


def _count(db_path, report_id=None):
    if report_id is None:
        return rows(db_path, "SELECT COUNT(*) FROM usage_reports")[0][0]
    return rows(db_path, "SELECT COUNT(*) FROM usage_reports WHERE report_id = ?", report_id)[0][0]


@pytest.mark.gateway
def test_recorded_once(gateway_server):
    card = cards(gateway_server)[EVERYTHING]
    body = _body(card)
    first = gateway_server.post("/api/v1/usage-reports", body)
    assert first.status_code == 201, first.text
    assert first.json()["report_id"] == body["report_id"]
    assert first.json()["status"] == "recorded"
    again = gateway_server.post("/api/v1/usage-reports", body)
    assert (again.status_code, again.json()) == (202, first.json())
    assert again.headers["Idempotent-Replayed"] == "true"
    assert _count(gateway_server.db_path, body["report_id"]) == 1
    changed = gateway_server.post("/api/v1/usage-reports", {**body, "scene": "0101082"})
    assert error_code(changed, 422) == "idempotency_key_reused"
    stored = rows(gateway_server.db_path,
                  "SELECT scene, channel, card_type FROM usage_reports WHERE report_id = ?",
                  body["report_id"])
    assert stored == [("0101081", "0200", "11")]


@pytest.mark.gateway
@pytest.mark.parametrize(("changes", "status", "code"), [
    ({"scene": "0101099"}, 422, "unknown_scene"),
    ({"scene": "abc"}, 422, "unknown_scene"),
    ({"channel": "0300"}, 422, "invalid_request"),
    ({"card_type": "12"}, 422, "invalid_request"),
    ({"cost_type": "0400"}, 422, "invalid_request"),
    ({"report_id": "not-a-uuid"}, 422, "invalid_request"),
    ({"used_at": "2027-01-15 16:00:00"}, 422, "invalid_request"),
    ({"health_card_id": None}, 422, "invalid_request"),
    ({"health_card_id": "0" * 64}, 404, "unknown_code"),
    ({"visit_token": "made-up", "health_card_id": None}, 404, "unknown_code"),
])
def test_bad_reports_store_nothing(gateway_server, changes, status, code):
    card = cards(gateway_server)[EVERYTHING]
    before = _count(gateway_server.db_path)
    response = gateway_server.post("/api/v1/usage-reports", _body(card, **changes))
    assert error_code(response, status) == code
    assert _count(gateway_server.db_path) == before


@pytest.mark.gateway
def test_not_json(gateway_server):
    response = gateway_server.post("/api/v1/usage-reports", data=b"{",
                                   headers={"Content-Type": "application/json"})
    assert error_code(response, 422) == "invalid_request"


@pytest.mark.gateway
def test_counter_channel_and_payment_cost_type(gateway_server):
    card = cards(gateway_server)[EVERYTHING]
    body = _body(card, scene="010103", channel="0100", cost_type="0200")
    assert gateway_server.post("/api/v1/usage-reports", body).status_code == 201


def test_visit_token_resolves_after_the_visit_ended(tmp_path):
    clock = Clock()
    app = make_app(tmp_path / "gw.sqlite", clock)
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        headers = visit(client, cards(client)[EVERYTHING])
        clock.now += 3 * 3600  # the outbox delivers after an outage
        response = client.get("/api/v1/patients/me/reports", headers=headers)
        assert error_code(response, 401) == "visit_expired"
        body = _body(None, visit_token=headers["X-Visit-Token"], health_card_id=None)
        assert client.post("/api/v1/usage-reports", json=body).status_code == 201
    patient = rows(app.state.gateway.db.path, "SELECT patient_id FROM usage_reports")
    assert patient[0][0].startswith("P")


@pytest.mark.gateway
def test_capabilities_list_the_services(gateway_server):
    services = gateway_server.get("/api/v1/capabilities").json()["services"]
    assert {"reports", "guidance", "pharmacy", "family_doctor", "health_record",
            "chronic_renewal", "usage"} <= set(services)
