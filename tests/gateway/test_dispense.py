"""Dispensing: verified boxes once, every mismatch refused with nothing changed."""

import threading
from datetime import date

import pytest
import requests as requests_lib
from biip.gtin import Gtin
from fastapi.testclient import TestClient

from gateway.demo.drug_catalogue import CATALOGUE, demo_boxes
from gateway.store.drug_codes import gs1_hri
from gateway.store.drugs import parse_box
from tests.gateway.counter_client import (
    BRONCHITIS,
    GUT,
    LIPITOR,
    OMEPRAZOLE,
    RX_THREE,
    boxes,
    card,
    count,
    dispense,
    error,
    lookup,
    scans,
    staff,
    window_rx,
)
from tests.gateway.service_client import TOKEN, Clock, key, make_app, rows, visit

_REGISTRY = "SELECT COUNT(*) FROM dispensed_codes"


@pytest.fixture
def counter(tmp_path):
    app = make_app(tmp_path / "gw.sqlite", Clock())
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        yield client, tmp_path / "gw.sqlite", staff(client)


def _state(db):
    """Everything a refused dispense must leave untouched."""
    return (count(db, _REGISTRY), count(db, "SELECT COUNT(*) FROM dispenses"),
            rows(db, "SELECT prescription_id, status FROM prescriptions ORDER BY 1"),
            rows(db, "SELECT queue_id, dispensed_at FROM counter_queue ORDER BY 1"))


def test_dispense_imported_gs1_boxes(counter):
    client, db, headers = counter
    rx = window_rx(lookup(client, headers, LIPITOR))
    box_list = scans(client, rx)
    assert all("\x1d" in b["code"] for b in box_list)
    response = dispense(client, headers, [rx["prescription_id"]], box_list)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["staff_no"] == "1001" and body["window"] == "3"
    assert body["prescription_ids"] == [rx["prescription_id"]]
    assert [(label["drug"], label["brand"], label["qty"]) for label in body["labels"]] == [
        ("阿托伐他汀钙片", "立普妥 Lipitor", 2)]
    # The prescription is collected, for the kiosk too; the codes are in the registry.
    mine = client.get("/api/v1/patients/me/prescriptions",
                      headers=visit(client, card(client, LIPITOR))).json()["prescriptions"]
    assert next(p for p in mine if p["prescription_id"] == rx["prescription_id"])[
        "status"] == "collected"
    assert rx["prescription_id"] not in {
        p["prescription_id"] for p in lookup(client, headers, LIPITOR)["prescriptions"]}
    check = client.post("/api/v1/pharmacy/trace-codes/check",
                        json={"codes": [b["code"] for b in box_list]}, headers=headers).json()
    assert all(r["dispensed_before"] and r["drug_code"] == "YP00108" for r in check["results"])
    # The same box in parenthesised form is still the same box.
    hri = client.get("/demo/v1/boxes", params={"drug_code": "YP00108", "state": "dispensed",
                                               "limit": 100}).json()["boxes"]
    again = next(b["hri"] for b in hri if b["code"] == box_list[0]["code"])
    check = client.post("/api/v1/pharmacy/trace-codes/check", json={"codes": [again]},
                        headers=headers).json()["results"][0]
    assert check["dispensed_before"] and check["key"] == rows(
        db, "SELECT code FROM dispensed_codes WHERE dispense_id = ? ORDER BY rowid",
        body["dispense_id"])[0][0]


def test_dispense_marks_the_queue_entry(counter):
    client, db, headers = counter
    found = lookup(client, headers, GUT)
    ref = found["patient"]["patient_ref"]
    queue = client.get("/api/v1/pharmacy/queue", headers=headers).json()["entries"]
    assert next(e for e in queue if e["patient_ref"] == ref)["status"] == "ready"
    rx = window_rx(found)
    response = dispense(client, headers, [rx["prescription_id"]], scans(client, rx))
    assert response.status_code == 201, response.text
    assert response.json()["patient_ref"] == ref
    queue = client.get("/api/v1/pharmacy/queue", headers=headers).json()["entries"]
    entry = next(e for e in queue if e["patient_ref"] == ref)
    assert entry["status"] == "dispensed" and entry["prescription_count"] == 0
    assert count(db, _REGISTRY + " WHERE dispense_id = ?", response.json()["dispense_id"]) == 3


def test_replay_returns_the_same_dispense_and_registers_nothing_twice(counter):
    client, db, headers = counter
    rx = window_rx(lookup(client, headers, GUT))
    box_list = scans(client, rx)
    idem = key()
    first = dispense(client, headers, [rx["prescription_id"]], box_list, idem)
    registered = count(db, _REGISTRY)
    replay = dispense(client, headers, [rx["prescription_id"]], box_list, idem)
    assert replay.status_code == 201 and replay.json() == first.json()
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert count(db, _REGISTRY) == registered
    assert count(db, "SELECT COUNT(*) FROM dispenses") == 1
    other = dispense(client, headers, [rx["prescription_id"]], box_list[:1], idem)
    assert error(other, 422)["code"] == "idempotency_key_reused"
    fresh_key = dispense(client, headers, [rx["prescription_id"]], box_list)
    assert error(fresh_key, 409)["code"] == "prescription_not_dispensable"


def test_a_box_dispensed_to_one_patient_is_refused_for_another(counter):
    client, db, headers = counter
    gut = window_rx(lookup(client, headers, GUT))
    gut_boxes = scans(client, gut)
    assert dispense(client, headers, [gut["prescription_id"]], gut_boxes).status_code == 201
    used = next(b["code"] for b in gut_boxes if b["item_id"].endswith("-2"))  # omeprazole
    other = next(p for p in lookup(client, headers, RX_THREE)["prescriptions"]
                 if p["items"][0]["drug_code"] == OMEPRAZOLE)
    before = _state(db)
    response = dispense(client, headers, [other["prescription_id"]],
                        [{"item_id": other["items"][0]["item_id"], "code": used}])
    body = error(response, 409)
    assert body["code"] == "code_already_dispensed" and body["detail"] == {"codes": [used]}
    assert _state(db) == before


@pytest.mark.parametrize("case", ["wrong_drug", "too_many", "too_few", "expired",
                                  "seeded_dispensed", "duplicate", "ean13", "unknown_item"])
def test_mismatches_block_the_dispense(counter, case):
    client, db, headers = counter
    rx = window_rx(lookup(client, headers, BRONCHITIS))  # amoxicillin ×2, licorice ×1
    amox, licorice = rx["items"]
    good = scans(client, rx)
    bad = {
        "wrong_drug": [*good[:2], {"item_id": licorice["item_id"],
                                   "code": boxes(client, OMEPRAZOLE, limit=1)[0]}],
        "too_many": [*good, {"item_id": licorice["item_id"],
                             "code": boxes(client, licorice["drug_code"], limit=2)[1]}],
        "too_few": good[1:],
        "expired": [*good[:2], {"item_id": licorice["item_id"],
                                "code": boxes(client, licorice["drug_code"], "expired")[0]}],
        "seeded_dispensed": [*good[:2], {"item_id": licorice["item_id"], "code": boxes(
            client, licorice["drug_code"], "dispensed")[0]}],
        "duplicate": [good[0], good[0], good[2]],
        "ean13": [*good[:2], {"item_id": licorice["item_id"], "code": "6901234567892"}],
        "unknown_item": [*good, {"item_id": "RX0-1", "code": good[0]["code"]}],
    }[case]
    expected = {
        "wrong_drug": (422, "wrong_drug"), "too_many": (422, "quantity_mismatch"),
        "too_few": (422, "quantity_mismatch"), "expired": (422, "box_expired"),
        "seeded_dispensed": (409, "code_already_dispensed"), "duplicate": (422, "duplicate_box"),
        "ean13": (422, "malformed_trace_code"), "unknown_item": (422, "unknown_item"),
    }[case]
    before = _state(db)
    body = error(dispense(client, headers, [rx["prescription_id"]], bad), expected[0])
    assert body["code"] == expected[1]
    if case == "too_few":
        assert body["detail"] == {"items": [{"item_id": amox["item_id"], "prescribed": 2,
                                             "scanned": 1}]}
    if case == "ean13":
        assert body["detail"] == {"boxes": [2]}  # a position: the text is never echoed
    if case in ("wrong_drug", "expired", "seeded_dispensed"):
        assert body["detail"] == {"codes": [bad[2]["code"]]}
    assert _state(db) == before
    # After the mistake is fixed, the same prescription dispenses.
    assert dispense(client, headers, [rx["prescription_id"]], good).status_code == 201


def test_bad_requests_change_nothing(counter):
    client, db, headers = counter
    rx = window_rx(lookup(client, headers, BRONCHITIS))
    good = scans(client, rx)
    gut = window_rx(lookup(client, headers, GUT))
    before = _state(db)
    cases = [
        ({"prescription_ids": [], "boxes": good}, 422, "invalid_request"),
        ({"prescription_ids": [rx["prescription_id"]], "boxes": []}, 422, "invalid_request"),
        ({"prescription_ids": [rx["prescription_id"]] * 2, "boxes": good}, 422,
         "invalid_request"),
        ({"prescription_ids": ["RX0"], "boxes": good}, 404, "unknown_prescription"),
        ({"prescription_ids": [rx["prescription_id"], gut["prescription_id"]], "boxes": good},
         422, "mixed_patients"),
        ({"prescription_ids": [rx["prescription_id"]], "boxes": [{"item_id": "x"}]}, 422,
         "invalid_request"),
    ]
    for payload, status, code in cases:
        response = client.post("/api/v1/pharmacy/dispenses", json=payload, headers=key(headers))
        assert error(response, status)["code"] == code, payload
    collected = [p for p in client.get(
        "/api/v1/patients/me/prescriptions", headers=visit(client, card(client, RX_THREE))
    ).json()["prescriptions"] if p["status"] == "collected"][0]
    response = dispense(client, headers, [collected["prescription_id"]], good)
    assert error(response, 409)["code"] == "prescription_not_dispensable"
    payload = {"prescription_ids": [rx["prescription_id"]], "boxes": good}
    assert error(client.post("/api/v1/pharmacy/dispenses", json=payload, headers=headers),
                 400)["code"] == "idempotency_key_required"
    assert error(client.post("/api/v1/pharmacy/dispenses", json=payload, headers=key()),
                 401)["code"] == "staff_session_expired"
    assert _state(db) == before


@pytest.mark.gateway
def test_concurrent_double_dispense_of_one_code(start_gateway):
    server = start_gateway()
    headers = server.staff_headers("1001")
    gut = window_rx(lookup(server, headers, GUT))
    other = next(p for p in lookup(server, headers, RX_THREE)["prescriptions"]
                 if p["items"][0]["drug_code"] == OMEPRAZOLE)
    shared = server.demo_boxes(OMEPRAZOLE, limit=1)[0]["code"]
    smecta = server.demo_boxes(gut["items"][0]["drug_code"], limit=2)
    requests = [
        ([gut["prescription_id"]],
         [*({"item_id": gut["items"][0]["item_id"], "code": b["code"]} for b in smecta),
          {"item_id": gut["items"][1]["item_id"], "code": shared}]),
        ([other["prescription_id"]], [{"item_id": other["items"][0]["item_id"], "code": shared}]),
    ]
    barrier = threading.Barrier(len(requests))
    results: list[int] = []

    def send(ids, box_list):
        # One HTTP session per thread: a requests.Session is not meant to be shared.
        with requests_lib.Session() as http:
            http.headers.update({"Authorization": f"Bearer {server.token}", **headers, **key()})
            barrier.wait(timeout=10)
            response = http.post(server.url + "/api/v1/pharmacy/dispenses", timeout=30,
                                 json={"prescription_ids": ids, "boxes": box_list})
        results.append(response.status_code)

    threads = [threading.Thread(target=send, args=r) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == [201, 409]
    assert count(server.db_path, _REGISTRY + " WHERE code = ?", shared) == 1


def test_catalogue_codes_are_valid():
    prefixes = [p for d in CATALOGUE for p in d.trace_prefixes]
    assert len(prefixes) == len(set(prefixes)) and all(
        len(p) == 7 and p.isdigit() for p in prefixes)
    for drug in CATALOGUE:
        if drug.gtin:
            assert Gtin.parse(drug.gtin).value == drug.gtin and len(drug.gtin) == 14
    by_code = {d.drug_code: d for d in CATALOGUE}
    for box in demo_boxes(2026, date(2027, 1, 15)):
        parsed = parse_box(box.text)
        assert parsed is not None and parsed.key == box.key
        if box.kind == "gs1":
            assert parsed.gtin == by_code[box.drug_code].gtin and parsed.expiry == box.expiry
            assert parse_box(gs1_hri(box.text)) == parsed
            assert parse_box("]d2" + box.text) == parsed
        else:
            assert len(box.text) == 20 and box.text[:7] in by_code[box.drug_code].trace_prefixes
            broken = box.text[:-1] + str((int(box.text[-1]) + 1) % 10)
            assert parse_box(broken) is None
    assert parse_box("6901234567892") is None


def test_only_a_pharmacist_may_dispense(counter):
    """Assistants prepare and call; the final check and dispense is the pharmacist's."""
    client, db, headers = counter
    assistant = staff(client, "1002")
    before = count(db, _REGISTRY)
    found = lookup(client, assistant, GUT)
    rx = window_rx(found)
    body = error(dispense(client, assistant, [rx["prescription_id"]], scans(client, rx)), 403)
    assert body["code"] == "role_not_allowed"
    assert count(db, _REGISTRY) == before
    assert dispense(client, headers, [rx["prescription_id"]], scans(client, rx)).status_code == 201
