"""English mode needs English names: bills, prescriptions and reports carry the department's
English name, and a lab report its specimen in English."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest

from gateway.store.reports import SPECIMEN_EN
from tests.gateway.service_client import EVERYTHING, Clock, cards, key, make_app, visit


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


def test_prescriptions_carry_english_drug_names_labels_and_diagnoses(client):
    headers = visit(client, cards(client)[EVERYTHING])
    prescriptions = client.get("/api/v1/patients/me/prescriptions", headers=headers).json()["prescriptions"]
    items = [i for p in prescriptions for i in p["items"]]
    assert items
    for p in prescriptions:
        assert english(p["diagnosis_en"]), p["diagnosis"]
    for item in items:
        assert english(item["drug_en"]), item["drug"]
        assert english(item["unit_en"]), item["unit"]
        assert english(item["usage_en"]), item["usage"]
        # Every part of the Chinese label is in the English one, in the same order.
        assert item["usage_en"].count(";") == item["usage"].count(" "), (item["usage"], item["usage_en"])


def test_bill_items_carry_english_names(client):
    billed = client.get("/demo/v1/scenarios").json()["unpaid_bills"]
    headers = visit(client, billed[0]["health_card_id"])
    items = [i for b in client.get("/api/v1/patients/me/bills", headers=headers).json()["bills"]
             for i in b["items"]]
    assert items and all(english(i["name_en"]) and english(i["unit_en"]) for i in items), items


def test_health_record_in_english(client):
    headers = visit(client, cards(client)[EVERYTHING])
    consent = client.post("/api/v1/patients/me/consents", json={"scope": "health_record"},
                          headers=key(headers))
    assert consent.status_code in (200, 201), consent.text
    summary = client.get("/api/v1/patients/me/health-record", headers=headers).json()["summary"]
    assert summary["allergies"] and summary["chronic_conditions"] and summary["recent_visits"]
    assert len(summary["allergies_en"]) == len(summary["allergies"])
    assert all(english(a) for a in summary["allergies_en"] + summary["chronic_conditions_en"])
    for v in summary["recent_visits"]:
        assert english(v["department_en"]) and english(v["diagnosis_en"]), v


def test_an_unknown_name_is_null_never_a_guess(tmp_path):
    """A hospital whose glossary lacks a name sends null; the kiosk shows the Chinese."""
    from gateway.store import glossary

    conn = sqlite3.connect(tmp_path / "g.sqlite")
    conn.executescript(glossary.SCHEMA + "CREATE TABLE departments (name TEXT, name_en TEXT);")
    glossary.define(conn, [("口服", "By mouth"), ("一日3次", "3 times a day")])
    known = glossary.english(conn, ["口服", "一次1片", "一日3次"])
    assert glossary.label_en(known, "口服", "", "一日3次") == "By mouth; 3 times a day"
    assert glossary.label_en(known, "口服", "一次1片", "一日3次") is None
    glossary.define(conn, [("口服", "Orally")])  # a correction replaces, never duplicates
    assert glossary.one(conn, "口服") == "Orally"


@pytest.mark.parametrize("seed", [1, 7, 2026])
def test_every_name_the_demo_writes_has_english(tmp_path, seed):
    """English mode never falls back to Chinese on demo data, whatever the seed."""
    from gateway.demo import bill_catalogue
    from gateway.demo.glossary import ENTRIES

    make_app(tmp_path / "gw.sqlite", Clock(), seed=seed)
    with closing(sqlite3.connect(tmp_path / "gw.sqlite")) as conn:
        names = {r[0] for r in conn.execute(
            "SELECT name FROM bill_items UNION SELECT drug FROM prescription_items"
            " UNION SELECT unit FROM bill_items UNION SELECT unit FROM prescription_items"
            " UNION SELECT route FROM prescription_items UNION SELECT dose FROM prescription_items"
            " UNION SELECT frequency FROM prescription_items UNION SELECT note FROM prescription_items"
            " UNION SELECT diagnosis FROM prescriptions")}
        for allergies, conditions, recent in conn.execute(
                "SELECT allergies, chronic_conditions, recent_visits FROM health_records"):
            names |= {*json.loads(allergies), *json.loads(conditions)}
            names |= {diagnosis for _, _, diagnosis in json.loads(recent)}
    catalogue = [i.name for group in bill_catalogue.DRUGS.values() for i in group]
    catalogue += [i.name for i in bill_catalogue.LABS + bill_catalogue.IMAGING + bill_catalogue.TREATMENTS]
    catalogue += [i.unit for group in bill_catalogue.DRUGS.values() for i in group]
    catalogue += [i.unit for i in bill_catalogue.TREATMENTS]
    missing = sorted((names | set(catalogue)) - set(ENTRIES) - {""})
    assert not missing, missing
