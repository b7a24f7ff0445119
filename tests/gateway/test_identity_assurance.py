"""A visit-card number is a weak identifier: its visit reaches the low-risk services only."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from gateway.demo.population import generate
from tests.gateway.service_client import TOKEN, Clock, cards, error_code, key, make_app, visit

# Low-risk: where to go next, whether medicine is ready, the day's appointments (check-in).
LOW_RISK = ("/api/v1/patients/me/itinerary", "/api/v1/patients/me/prescriptions",
            "/api/v1/patients/me/appointments", "/api/v1/patients/me/next-actions")
# Everything else a patient reaches: results, record, money, family doctor.
PROTECTED = ("/api/v1/patients/me/reports", "/api/v1/patients/me/health-record",
             "/api/v1/patients/me/bills", "/api/v1/patients/me/family-doctor")


@pytest.fixture
def client(tmp_path):
    with TestClient(make_app(tmp_path / "gw.sqlite", Clock()),
                    headers={"Authorization": f"Bearer {TOKEN}"}) as test_client:
        yield test_client


def _visit_card_visit(client) -> tuple[dict[str, str], str]:
    card = cards(client, 4)[0]
    person = next(p for p in generate(2026, 240) if p.health_card_id == card)
    answer = client.post("/api/v1/identify", json={"text": person.visit_card_no,
                                                   "source": "manual"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["matched_by"] == "visit_card" and body["assurance"] == "visit_card"
    return {"X-Visit-Token": body["visit_token"]}, card


def test_a_visit_card_visit_reaches_low_risk_services_only(client):
    headers, _card = _visit_card_visit(client)
    for path in LOW_RISK:
        assert client.get(path, headers=headers).status_code == 200, path
    for path in PROTECTED:
        response = client.get(path, headers=headers)
        assert error_code(response, 403) == "stronger_id_required", path
    pay = client.post("/api/v1/payments", headers=key(headers),
                      json={"purpose": "registration", "reference": "x", "amount_fen": 100})
    assert error_code(pay, 403) == "stronger_id_required"
    # Ending the visit is always allowed.
    assert client.delete("/api/v1/visits/current", headers=headers).status_code == 204


def test_a_health_code_visit_reaches_everything(client):
    headers = visit(client, cards(client, 4)[0])
    for path in (*LOW_RISK, *PROTECTED):
        response = client.get(path, headers=headers)
        # The health record still asks for this visit's consent (403 consent_required).
        assert response.status_code == 200 or response.json()["error"]["code"] == (
            "consent_required"), path


def test_the_kiosk_explains_a_weak_visit():
    from kiosk.gateway_errors import rejection_for

    rejection = rejection_for("stronger_id_required", None, None)
    assert "就诊卡" in rejection.message.zh and "身份证" in rejection.next_step.zh


def test_every_identify_answer_says_how_the_person_was_identified(client):
    card = cards(client, 4)[0]
    person = next(p for p in generate(2026, 240) if p.health_card_id == card)

    def identified_by(text: str, source: str) -> str:
        answer = client.post("/api/v1/identify", json={"text": text, "source": source})
        assert answer.status_code == 200, answer.text
        return answer.json()["identified_by"]

    def code(kind: str) -> str:
        return client.post(f"/demo/v1/cards/{card}/codes", json={"kind": kind}).json()["text"]

    assert identified_by(person.id_number, "card_reader") == "chip_read"
    assert identified_by(code("dynamic"), "camera") == "dynamic_code"
    assert identified_by(code("static"), "camera") == "static_code"
    assert identified_by(person.id_number, "manual") == "typed_number"
    assert identified_by(person.id_number, "serial") == "typed_number"  # a number, scanned
    assert identified_by(person.visit_card_no, "manual") == "typed_number"
    # A health code claimed to come from a card reader is still only a code.
    assert identified_by(code("static"), "card_reader") == "static_code"
