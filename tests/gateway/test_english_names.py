"""English mode needs English names: bills, prescriptions and reports carry the department's
English name, and a lab report its specimen in English."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from gateway.store.reports import SPECIMEN_EN
from tests.gateway.service_client import EVERYTHING, TOKEN, Clock, cards, make_app, visit


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return make_app(tmp_path_factory.mktemp("english") / "gw.sqlite", Clock())


@pytest.fixture
def client(app):
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as test_client:
        yield test_client


def english(text: str) -> bool:
    return bool(text) and text.isascii()


def test_records_name_their_department_in_english(client):
    headers = visit(client, cards(client)[EVERYTHING])
    reports = client.get("/api/v1/patients/me/reports", headers=headers).json()["reports"]
    prescriptions = client.get("/api/v1/patients/me/prescriptions", headers=headers).json()["prescriptions"]
    assert reports and prescriptions
    for record in reports + prescriptions:
        assert english(record["department_en"]), record["department_en"]
    lab = next(r for r in reports if r["kind"] == "lab" and r["status"] == "ready")
    detail = client.get(f"/api/v1/reports/{lab['report_id']}", headers=headers).json()
    assert english(detail["specimen"]["type_en"]), detail["specimen"]


def test_bills_name_their_department_in_english(client):
    billed = client.get("/demo/v1/scenarios").json()["unpaid_bills"]
    headers = visit(client, billed[0]["health_card_id"])
    bills = client.get("/api/v1/patients/me/bills", headers=headers).json()["bills"]
    assert bills and all(english(b["department_en"]) for b in bills)


def test_every_demo_specimen_has_an_english_name():
    from gateway.demo.report_data import PANELS

    assert {p.specimen for p in PANELS.values()} <= set(SPECIMEN_EN)
