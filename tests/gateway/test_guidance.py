"""Guidance: today's itinerary and the symptom → department recommender."""

import pytest
from fastapi.testclient import TestClient

from gateway.core.timeline import today
from gateway.demo.hospital import DEPARTMENTS
from gateway.platform.triage import BODY_AREAS, recommend
from tests.gateway.service_client import (
    CRITICAL,
    EVERYTHING,
    PENDING_THYROID,
    PRINTED,
    TOKEN,
    Clock,
    cards,
    error_code,
    make_app,
    visit,
)

DEPARTMENT_CODES = {code for code, *_ in DEPARTMENTS}


@pytest.fixture(scope="module")
def listing(gateway_server):
    return cards(gateway_server)


def _itinerary(client, card):
    response = client.get("/api/v1/patients/me/itinerary", headers=visit(client, card))
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.gateway
def test_itinerary_over_the_socket(gateway_server, listing):
    # Other tests may register or pay on the shared gateway, so only the planned part of
    # the itinerary is checked exactly here; the in-process tests below pin the whole.
    body = _itinerary(gateway_server, listing[EVERYTHING])
    lab = next(s for s in body["steps"] if s["kind"] == "lab")
    assert lab["location"]["code"] == "MT1-LAB" and lab["location"]["text"].startswith("医技楼1楼")
    assert (lab["status"], lab["queue_position"], lab["estimated_wait_min"]) == ("todo", 5, 10)
    assert lab["report_id"].startswith("L")
    first_open = next(i for i, s in enumerate(body["steps"]) if s["status"] != "done")
    assert body["next"] == first_open


def test_full_itinerary(client):
    body = _itinerary(client, cards(client)[EVERYTHING])
    steps = body["steps"]
    assert [(s["kind"], s["status"]) for s in steps] == [
        ("consult", "done"), ("payment", "done"), ("lab", "todo"), ("imaging", "waiting"),
        ("pharmacy", "waiting"), ("consult", "todo"),
        ("payment", "todo"),  # today's unpaid bills (registration and billing)
    ]
    assert body["next"] == 2
    assert steps[0]["queue_position"] is None  # done steps have no queue
    assert steps[4]["prescription_id"] and steps[4]["window"] is None
    assert steps[-1]["location"]["code"] == "OP1-CASH"


def test_linked_steps_follow_their_records(client):
    steps = _itinerary(client, cards(client)[PENDING_THYROID])["steps"]
    assert [s["status"] for s in steps] == ["done", "done", "done", "done", "todo"]
    assert steps[-1]["window"] == "5"  # the prescription is ready at window 5


def test_todays_appointment_comes_first(client):
    body = _itinerary(client, cards(client)[CRITICAL])
    first = body["steps"][0]
    assert first["kind"] == "consult" and first["title"].startswith("签到候诊")
    assert first["status"] == "todo" and body["next"] == 0
    appointments = client.get("/api/v1/patients/me/appointments",
                              headers=visit(client, cards(client)[CRITICAL])).json()
    booked = [a for a in appointments["appointments"] if a["status"] == "booked"]
    assert first["location"]["code"] == booked[0]["location"]["code"]


@pytest.mark.gateway
def test_itinerary_needs_a_visit(gateway_server):
    response = gateway_server.get("/api/v1/patients/me/itinerary")
    assert error_code(response, 401) == "visit_expired"


def test_itinerary_date_is_the_hospitals_today(tmp_path):
    clock = Clock()
    clock.now = 1_800_000_000.0 + 8.5 * 3600  # 00:30 the next day in China, still 16:30 UTC
    with TestClient(make_app(tmp_path / "gw.sqlite", clock),
                    headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        body = _itinerary(client, cards(client)[CRITICAL])
    assert body["date"] == today(clock.now).isoformat() == "2027-01-16"


@pytest.mark.gateway
def test_catalogue(gateway_server):
    body = gateway_server.get("/api/v1/triage/catalogue").json()
    assert [a["code"] for a in body["body_areas"]] == [a.code for a in BODY_AREAS]
    chest = next(a for a in body["body_areas"] if a["code"] == "chest")
    assert {"code": "chest_pain", "name": "胸痛", "name_en": "Chest pain", "sex": None} in \
        chest["symptoms"]


@pytest.mark.gateway
@pytest.mark.parametrize(("request_body", "first", "urgent"), [
    ({"body_area": "chest", "symptoms": ["chest_pain"], "age": 56, "sex": "M"}, "20", True),
    ({"body_area": "chest", "symptoms": ["chest_pain"], "age": 30, "sex": "F"}, "0304", False),
    ({"body_area": "head", "symptoms": ["slurred_speech"], "age": 25, "sex": "F"}, "20", True),
    ({"body_area": "chest", "symptoms": ["cough"], "age": 6, "sex": "M"}, "07", False),
    ({"body_area": "face", "symptoms": ["toothache"], "age": 8, "sex": "F"}, "12", False),
    ({"body_area": "urinary", "symptoms": ["pregnant", "vaginal_bleeding"], "age": 29,
      "sex": "F"}, "20", True),
    ({"body_area": "general", "symptoms": ["thirst"], "age": 50, "sex": "M"}, "0307", False),
])
def test_triage(gateway_server, request_body, first, urgent):
    response = gateway_server.post("/api/v1/triage", request_body)
    assert response.status_code == 200, response.text
    recommendations = response.json()["recommendations"]
    assert recommendations[0]["department_code"] == first
    assert recommendations[0]["urgent"] is urgent
    assert 1 <= len(recommendations) <= 3
    assert all(r["department_code"] in DEPARTMENT_CODES for r in recommendations)
    if urgent:
        assert recommendations[0]["name"] == "急诊医学科" and recommendations[0]["reason_en"]


@pytest.mark.gateway
@pytest.mark.parametrize(("request_body", "code"), [
    ({"body_area": "tail", "symptoms": ["wag"], "age": 3, "sex": "M"}, "unknown_body_area"),
    ({"body_area": "chest", "symptoms": ["toothache"], "age": 30, "sex": "M"}, "unknown_symptom"),
    ({"body_area": "urinary", "symptoms": ["pregnant"], "age": 30, "sex": "M"},
     "unknown_symptom"),
    ({"body_area": "chest", "symptoms": [], "age": 30, "sex": "M"}, "invalid_request"),
    ({"body_area": "chest", "symptoms": ["cough"], "age": -1, "sex": "M"}, "invalid_request"),
    ({"body_area": "chest", "symptoms": ["cough"], "age": 30, "sex": "X"}, "invalid_request"),
    ({"body_area": "chest", "symptoms": "cough", "age": 30, "sex": "M"}, "invalid_request"),
    ([], "invalid_request"),
])
def test_triage_bad_input(gateway_server, request_body, code):
    assert error_code(gateway_server.post("/api/v1/triage", request_body), 422) == code


def test_every_symptom_gets_a_known_department():
    for area in BODY_AREAS:
        for symptom in area.symptoms:
            for age in (0, 8, 35, 70):
                sex = symptom.sex or "M"
                found = recommend(area.code, [symptom.code], age, sex)
                assert found and all(r.department_code in DEPARTMENT_CODES for r in found)
                assert sum(r.urgent for r in found) <= 1


def test_no_itinerary_today(client):
    body = _itinerary(client, cards(client)[PRINTED])
    assert body["steps"] == [] and body["next"] is None
    assert len(body["date"]) == 10


@pytest.fixture
def london_gateway(tmp_path):
    """A gateway configured for another hospital zone (restored to the default after)."""
    from gateway.core.clock import DEFAULT_TIME_ZONE, use_zone

    clock = Clock()
    clock.now = 1_800_000_000.0 + 8.5 * 3600  # 16:30 UTC: 16:30 in London, 00:30 in China
    app = make_app(tmp_path / "gw.sqlite", clock, time_zone="Europe/London")
    try:
        with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
            yield client
    finally:
        use_zone(DEFAULT_TIME_ZONE)


def test_the_gateways_day_is_its_configured_zones(london_gateway):
    body = _itinerary(london_gateway, cards(london_gateway)[CRITICAL])
    assert body["date"] == "2027-01-15"


def test_an_unknown_zone_is_refused_at_start(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "gateway", "--db", str(tmp_path / "x.sqlite"), "--time-zone", "Mars/Olympus"],
        capture_output=True, text=True, timeout=30,
    )
    assert result.returncode == 2 and "Mars/Olympus" in result.stderr
