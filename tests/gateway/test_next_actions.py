"""Your next step: the patient's next actions today, in visit order, each performed by one
kiosk service with the parameters it carries; against the in-process demo world on a
pinned clock."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from fastapi.testclient import TestClient

from gateway.demo.population import generate
from tests.gateway.service_client import (
    CRITICAL,
    EMPTY,
    EVERYTHING,
    PENDING_THYROID,
    PRINTED,
    TOKEN,
    Clock,
    cards,
    error_code,
    key,
    make_app,
    visit,
)

PATH = "/api/v1/patients/me/next-actions"
# The kiosk's service keys (kiosk/services.py) an action may name.
SERVICE_KEYS = {"check_in", "payment", "reports", "pharmacy", "guidance"}


@pytest.fixture
def app(tmp_path):
    return make_app(tmp_path / "gw.sqlite", Clock())


@pytest.fixture
def client(app):
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as test_client:
        yield test_client


def _actions(client, headers) -> dict:
    response = client.get(PATH, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert {a["service"] for a in body["actions"]} <= SERVICE_KEYS
    return body


def _get(client, path, headers) -> dict:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_everything_in_visit_order_with_what_performs_it(client):
    headers = visit(client, cards(client)[EVERYTHING])
    body = _actions(client, headers)
    assert [a["service"] for a in body["actions"]] == ["payment", "reports", "pharmacy",
                                                       "guidance"]
    pay, reports, pharmacy, go = body["actions"]
    bills = _get(client, "/api/v1/patients/me/bills", headers)["bills"]
    assert sorted(pay["bill_ids"]) == sorted(b["bill_id"] for b in bills)
    total = sum(b["total_fen"] for b in bills)
    assert pay["count"] == len(bills) and pay["amount_fen"] == total
    assert pay["label"] == f"缴费 ¥{total // 100}.{total % 100:02d}"
    assert pay["label_en"] == f"Pay ¥{total // 100}.{total % 100:02d}"
    listed = _get(client, "/api/v1/patients/me/reports", headers)["reports"]
    printable = [r["report_id"] for r in listed
                 if r["status"] == "ready" and r["print_count"] < r["print_limit"]]
    assert reports["report_ids"] == printable and reports["count"] == len(printable) == 4
    assert (reports["label"], reports["label_en"]) == ("打印 4 份报告", "Print 4 reports")
    assert (pharmacy["window"], pharmacy["label"], pharmacy["label_en"]) == (
        "3", "到 3 号窗口取药", "Collect medicine at window 3")
    rx = _get(client, "/api/v1/patients/me/prescriptions", headers)["prescriptions"]
    assert pharmacy["prescription_ids"] == [p["prescription_id"] for p in rx
                                            if p["status"] == "ready"]
    assert pharmacy["location"]["code"] == "OP1-PHARM"
    # Where to go next is the itinerary's next step (blood test, five ahead).
    plan = _get(client, "/api/v1/patients/me/itinerary", headers)
    assert go["step"] == plan["next"] == 2 and go["kind"] == "lab"
    assert (go["location"]["code"], go["queue_position"], go["estimated_wait_min"]) == (
        "MT1-LAB", 5, 10)
    assert go["label"] == "抽血检验 · 医技楼1楼"
    assert go["label_en"] == "Blood test · Medical Technology Building, floor 1"
    assert body["withheld"] == [] and body["date"] == plan["date"]


def test_the_bill_ids_pay_in_one_touch_and_then_there_is_nothing_to_do(client):
    headers = visit(client, cards(client)[EMPTY])
    (pay,) = _actions(client, headers)["actions"]
    assert pay["service"] == "payment"
    preview = client.post("/api/v1/settlements/previews", json={"bill_ids": pay["bill_ids"]},
                          headers=key(headers))
    assert preview.status_code == 201, preview.text
    preview = preview.json()
    assert preview["total_fen"] == pay["amount_fen"]
    order = client.post("/api/v1/payments", headers=key(headers), json={
        "purpose": "bills", "reference": preview["preview_id"],
        "amount_fen": preview["self_pay_fen"]}).json()
    confirmed = client.post(f"/demo/v1/payments/{order['payment_id']}/confirm")
    assert confirmed.status_code == 200, confirmed.text
    settled = client.post("/api/v1/settlements", headers=key(headers), json={
        "preview_id": preview["preview_id"], "payment_id": order["payment_id"]})
    assert settled.status_code == 201, settled.text
    # Paid medicine is being prepared, not ready: a patient with nothing to do sees the menu.
    assert _actions(client, headers)["actions"] == []


def test_an_appointment_today_is_checked_in_first(client):
    headers = visit(client, cards(client)[CRITICAL])
    body = _actions(client, headers)
    assert [a["service"] for a in body["actions"]][:1] == ["check_in"]
    check_in = body["actions"][0]
    booked = [a for a in _get(client, "/api/v1/patients/me/appointments", headers)[
        "appointments"] if a["status"] == "booked" and a["date"] == body["date"]]
    assert [check_in["appointment_id"]] == [a["appointment_id"] for a in booked]
    appointment = booked[0]
    start = appointment["time"].split("-")[0]
    assert check_in["time"] == appointment["time"] and check_in["date"] == body["date"]
    assert check_in["department"] == appointment["department"]
    assert check_in["location"] == appointment["location"]
    assert check_in["label"] == f"签到 {appointment['department']['name']} {start}"
    assert check_in["label_en"] == f"Check in: {appointment['department']['name_en']} {start}"
    done = client.post(f"/api/v1/appointments/{check_in['appointment_id']}/check-in",
                       json={}, headers=key(headers))
    assert done.status_code == 200, done.text
    # Checked in: no check-in any more; the next place is the doctor's queue (step 0).
    after = _actions(client, headers)["actions"]
    assert "check_in" not in [a["service"] for a in after]
    go = next(a for a in after if a["service"] == "guidance")
    plan = _get(client, "/api/v1/patients/me/itinerary", headers)
    assert go["step"] == plan["next"] == 0 and go["kind"] == "consult"
    assert go["queue_position"] == plan["steps"][0]["queue_position"]


def test_ready_reports_print_in_one_touch(client):
    headers = visit(client, cards(client)[PRINTED])
    (reports,) = _actions(client, headers)["actions"]
    assert reports["service"] == "reports"
    # Three ready reports, one already printed to the limit: two to print.
    assert reports["count"] == 2 and len(set(reports["report_ids"])) == 2
    assert (reports["label"], reports["label_en"]) == ("打印 2 份报告", "Print 2 reports")
    for report_id in reports["report_ids"]:
        printed = client.post(f"/api/v1/reports/{report_id}/prints", json={},
                              headers=key(headers))
        assert printed.status_code == 201, printed.text
    assert _actions(client, headers)["actions"] == []


def test_medicine_ready_at_its_window(client):
    headers = visit(client, cards(client)[PENDING_THYROID])
    pharmacy = next(a for a in _actions(client, headers)["actions"] if a["service"] == "pharmacy")
    assert (pharmacy["window"], pharmacy["pharmacy"]) == ("5", "门诊西药房")
    assert (pharmacy["label"], pharmacy["label_en"]) == ("到 5 号窗口取药",
                                                         "Collect medicine at window 5")
    assert len(pharmacy["prescription_ids"]) == 1


def test_actions_agree_with_each_service_for_the_demo_panel(client):
    """For each of the panel's patients: an action exactly when its service has something."""
    empty = 0
    for card in cards(client, 24):
        headers = visit(client, card)
        services = [a["service"] for a in _actions(client, headers)["actions"]]
        today = _actions(client, headers)["date"]
        expected = {
            "check_in": any(a["status"] == "booked" and a["date"] == today for a in _get(
                client, "/api/v1/patients/me/appointments", headers)["appointments"]),
            "payment": bool(_get(client, "/api/v1/patients/me/bills", headers)["bills"]),
            "reports": any(r["status"] == "ready" and r["print_count"] < r["print_limit"]
                           for r in _get(client, "/api/v1/patients/me/reports", headers)[
                               "reports"]),
            "pharmacy": any(p["status"] == "ready" for p in _get(
                client, "/api/v1/patients/me/prescriptions", headers)["prescriptions"]),
        }
        assert {s for s in services if s != "guidance"} == {k for k, v in expected.items() if v}
        order = ["check_in", "payment", "reports", "pharmacy", "guidance"]
        assert services == sorted(services, key=order.index)
        empty += not services
    assert empty  # some have nothing at all to do


def test_a_visit_card_visit_sees_no_bills_or_reports(client):
    card = cards(client)[EVERYTHING]
    person = next(p for p in generate(2026, 240) if p.health_card_id == card)
    answer = client.post("/api/v1/identify", json={"text": person.visit_card_no,
                                                   "source": "manual"})
    assert answer.status_code == 200 and answer.json()["assurance"] == "visit_card"
    body = _actions(client, {"X-Visit-Token": answer.json()["visit_token"]})
    assert body["withheld"] == ["payment", "reports"]
    assert [a["service"] for a in body["actions"]] == ["pharmacy", "guidance"]


def test_refusals_use_the_envelope(client):
    assert error_code(client.get(PATH), 401) == "visit_expired"
    assert error_code(client.get(PATH, headers={"X-Visit-Token": "made-up"}), 401) == (
        "visit_expired")
    headers = visit(client, cards(client)[EVERYTHING])
    refused = client.get(PATH, headers={**headers, "Authorization": "Bearer wrong"})
    assert error_code(refused, 401) == "unauthorized"
    ended = client.delete("/api/v1/visits/current", headers=headers)
    assert ended.status_code == 204
    assert error_code(client.get(PATH, headers=headers), 401) == "visit_expired"


def test_a_read_never_writes(app, client, tmp_path):
    headers = visit(client, cards(client)[EVERYTHING])

    def snapshot() -> dict[str, list]:
        with closing(sqlite3.connect(tmp_path / "gw.sqlite")) as conn:
            names = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'visits'")]
            return {n: conn.execute(f"SELECT * FROM {n}").fetchall() for n in names}

    before = snapshot()
    _actions(client, headers)
    assert snapshot() == before


def test_the_demo_names_elders_with_something_to_do(client):
    """The elder journeys start from these: an elder with reports to print, bills to pay, an
    appointment to check in."""
    scenarios = client.get("/demo/v1/scenarios").json()
    elders = {p["health_card_id"] for p in scenarios["elders"]}
    for kind, service in (("ready_reports", "reports"), ("unpaid_bills", "payment"),
                          ("appointment_today", "check_in"), ("ready_medicine", "pharmacy")):
        found = [p["health_card_id"] for p in scenarios[kind] if p["health_card_id"] in elders]
        assert found, kind
        card = found[0]
        code = client.post(f"/demo/v1/cards/{card}/codes", json={"kind": "dynamic"}).json()
        answer = client.post("/api/v1/identify", json={"text": code["text"], "source": "demo"})
        assert answer.json()["patient"]["age"] >= 65
        headers = {"X-Visit-Token": answer.json()["visit_token"]}
        assert service in [a["service"] for a in _actions(client, headers)["actions"]], kind
