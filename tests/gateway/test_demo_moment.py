"""Demo records never lie in the hospital clock's future: read at 03:30, "this morning's"
reports and prescriptions are moved back whole days (their state kept), and read in the
afternoon they stay today's."""

from __future__ import annotations

from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from gateway.core import clock as hospital
from tests.gateway.service_client import (
    CRITICAL,
    EVERYTHING,
    START,
    TOKEN,
    Clock,
    cards,
    make_app,
    visit,
)

EARLY = START - (12 * 60 + 30) * 60  # 2027-01-15 03:30 in the hospital, the same day as START

DONE = ("ordered_at", "reported_at", "prescribed_at", "paid_at", "ready_at", "collected_at")


@pytest.fixture(scope="module")
def moving():
    return Clock()


@pytest.fixture(scope="module")
def app(tmp_path_factory, moving):
    return make_app(tmp_path_factory.mktemp("moment") / "gw.sqlite", moving)


@pytest.fixture
def client(app):
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as test_client:
        yield test_client


def records(client, card: str) -> list[dict]:
    headers = visit(client, card)
    reports = client.get("/api/v1/patients/me/reports", headers=headers).json()["reports"]
    prescriptions = client.get("/api/v1/patients/me/prescriptions", headers=headers).json()["prescriptions"]
    return reports + prescriptions


def when(text: str) -> float:
    return datetime.fromisoformat(text).timestamp()


def test_at_half_past_three_nothing_done_is_later_than_now(client, moving):
    moving.now = EARLY
    assert hospital.local(EARLY).strftime("%H:%M") == "03:30"
    shown = [r for card in cards(client) for r in records(client, card)]
    assert shown
    for record in shown:
        for field in DONE:
            if record.get(field):
                assert when(record[field]) <= EARLY, (field, record[field])
    # The state is kept: the critical potassium is still out, now as yesterday's.
    critical = records(client, cards(client)[CRITICAL])
    ready = [r for r in critical if r.get("status") == "ready" and "reported_at" in r]
    assert ready and all(hospital.local(when(r["reported_at"])).date() < hospital.local(EARLY).date()
                         for r in ready if when(r["ordered_at"]) > EARLY - 4 * 3600)


def test_in_the_afternoon_this_mornings_records_stay_today(client, moving):
    moving.now = START
    today = hospital.local(START).date()
    shown = records(client, cards(client)[EVERYTHING])
    assert any(hospital.local(when(r["reported_at"])).date() == today for r in shown if r.get("reported_at"))
    for record in shown:
        for field in DONE:
            if record.get(field):
                assert when(record[field]) <= START, (field, record[field])


def test_a_pending_report_still_expects_its_result_later(client, moving):
    moving.now = EARLY
    pending = [r for card in cards(client) for r in records(client, card) if r.get("status") == "pending"
               and r.get("expected_at")]
    assert pending
    assert all(r.get("reported_at") is None for r in pending)
