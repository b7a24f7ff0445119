"""Family doctor, consent-gated health record and chronic renewals."""

import re

import pytest

from tests.gateway.service_client import (
    CRITICAL,
    EMPTY,
    EVERYTHING,
    PENDING_THYROID,
    cards,
    error_code,
    key,
    rows,
    visit,
)


@pytest.mark.gateway
def test_over_the_socket(gateway_server):
    listing = cards(gateway_server)
    headers = visit(gateway_server, listing[EVERYTHING])
    body = gateway_server.get("/api/v1/patients/me/family-doctor", headers=headers).json()
    assert body["contract"]["team_id"] == "T01"
    # The team's work number, in full: the patient is told to call it.
    assert re.fullmatch(r"010-6[0-9]{7}", body["contract"]["phone"])
    assert body["contract"]["signed_at"] < body["contract"]["expires_at"]
    assert len(body["teams"]) == 4 and body["pending_request"] is None
    response = gateway_server.get("/api/v1/patients/me/health-record", headers=headers)
    assert error_code(response, 403) == "consent_required"


def _db(app):
    return app.state.gateway.db.path


def test_sign_request_once(app, client):
    headers = visit(client, cards(client)[PENDING_THYROID])
    before = client.get("/api/v1/patients/me/family-doctor", headers=headers).json()
    assert before["contract"] is None and before["pending_request"] is None
    keyed = key(headers)
    first = client.post("/api/v1/family-doctor/requests", json={"team_id": "T03"}, headers=keyed)
    assert first.status_code == 201 and first.json()["status"] == "submitted"
    again = client.post("/api/v1/family-doctor/requests", json={"team_id": "T03"}, headers=keyed)
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    other = client.post("/api/v1/family-doctor/requests", json={"team_id": "T02"},
                        headers=key(headers))
    assert error_code(other, 409) == "request_pending"
    after = client.get("/api/v1/patients/me/family-doctor", headers=headers).json()
    assert after["pending_request"]["request_id"] == first.json()["request_id"]
    assert rows(_db(app), "SELECT COUNT(*) FROM family_doctor_requests")[0][0] == 1


@pytest.mark.parametrize(("position", "body", "status", "code"), [
    (EVERYTHING, {"team_id": "T02"}, 409, "already_contracted"),
    (EMPTY, {"team_id": "T99"}, 404, "unknown_team"),
    (EMPTY, {"team": "T01"}, 422, "invalid_request"),
    (EMPTY, {"team_id": ""}, 422, "invalid_request"),
])
def test_refused_sign_requests_store_nothing(app, client, position, body, status, code):
    headers = visit(client, cards(client)[position])
    count = rows(_db(app), "SELECT COUNT(*) FROM family_doctor_requests")[0][0]
    response = client.post("/api/v1/family-doctor/requests", json=body, headers=key(headers))
    assert error_code(response, status) == code
    assert rows(_db(app), "SELECT COUNT(*) FROM family_doctor_requests")[0][0] == count


def test_sign_request_needs_a_key(client):
    headers = visit(client, cards(client)[EMPTY])
    response = client.post("/api/v1/family-doctor/requests", json={"team_id": "T01"},
                           headers=headers)
    assert error_code(response, 400) == "idempotency_key_required"


def test_consent_is_per_visit(app, client):
    card = cards(client)[CRITICAL]
    headers = visit(client, card)
    path = "/api/v1/patients/me/health-record"
    assert error_code(client.get(path, headers=headers), 403) == "consent_required"
    bad = client.post("/api/v1/patients/me/consents", json={"scope": "everything"},
                      headers=key(headers))
    assert error_code(bad, 422) == "invalid_request"
    assert error_code(client.get(path, headers=headers), 403) == "consent_required"
    granted = client.post("/api/v1/patients/me/consents", json={"scope": "health_record"},
                          headers=key(headers))
    assert granted.status_code == 201 and granted.json()["scope"] == "health_record"
    summary = client.get(path, headers=headers).json()["summary"]
    assert summary["blood_type"] == "B"
    assert summary["chronic_conditions"] == ["慢性肾脏病3期", "高血压"]
    assert summary["recent_visits"][0]["department"] == "肾内科"
    # A new scan is a new visit: consent is asked again.
    assert error_code(client.get(path, headers=visit(client, card)), 403) == "consent_required"
    stored = rows(_db(app), "SELECT scope, visit_id FROM consents")
    assert len(stored) == 1 and stored[0][0] == "health_record"


def _rx(client, headers, **match):
    found = client.get("/api/v1/patients/me/prescriptions", headers=headers).json()
    return next(p for p in found["prescriptions"] if all(p[k] == v for k, v in match.items()))


def test_chronic_renewal(app, client):
    headers = visit(client, cards(client)[EVERYTHING])
    chronic = _rx(client, headers, chronic=True, status="collected")["prescription_id"]
    keyed = key(headers)
    first = client.post("/api/v1/chronic-renewals", json={"prescription_id": chronic},
                        headers=keyed)
    assert first.status_code == 201
    assert first.json()["status"] == "submitted" and first.json()["prescription_id"] == chronic
    replay = client.post("/api/v1/chronic-renewals", json={"prescription_id": chronic},
                         headers=keyed)
    assert replay.json() == first.json()
    twice = client.post("/api/v1/chronic-renewals", json={"prescription_id": chronic},
                        headers=key(headers))
    assert error_code(twice, 409) == "renewal_pending"
    assert rows(_db(app), "SELECT COUNT(*) FROM chronic_renewals")[0][0] == 1


def test_refused_renewals_store_nothing(app, client):
    listing = cards(client)
    headers = visit(client, listing[EVERYTHING])
    acute = _rx(client, headers, chronic=False, status="paid")["prescription_id"]
    theirs = _rx(client, visit(client, listing[CRITICAL]), chronic=True)["prescription_id"]
    # Made today and still waiting at the pharmacy window: nothing has run low yet.
    waiting = _rx(client, headers, chronic=True, status="ready")["prescription_id"]
    count = rows(_db(app), "SELECT COUNT(*) FROM chronic_renewals")[0][0]
    for body, status, code in (
        ({"prescription_id": acute}, 409, "not_chronic"),
        ({"prescription_id": waiting}, 409, "not_collected"),
        ({"prescription_id": theirs}, 404, "unknown_prescription"),
        ({"prescription_id": "RX0"}, 404, "unknown_prescription"),
        ({}, 422, "invalid_request"),
    ):
        response = client.post("/api/v1/chronic-renewals", json=body, headers=key(headers))
        assert error_code(response, status) == code
    assert rows(_db(app), "SELECT COUNT(*) FROM chronic_renewals")[0][0] == count
