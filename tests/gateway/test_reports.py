"""Reports: list, detail, print record with its limit — over the socket and in-process."""

import pytest
from fastapi.testclient import TestClient

from gateway.demo.report_data import PANELS
from gateway.store.report_values import flag_of, is_critical, range_text
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
    rows,
    visit,
)

# -- over the real socket (read-only on the shared gateway) ---------------------------


@pytest.fixture(scope="module")
def listing(gateway_server):
    return cards(gateway_server)


def _reports(server, headers):
    response = server.get("/api/v1/patients/me/reports", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["reports"]


def _first(reports, **match):
    return next(r for r in reports if all(r[k] == v for k, v in match.items()))


@pytest.mark.gateway
def test_list_has_ready_and_pending_lab_and_imaging(gateway_server, listing):
    reports = _reports(gateway_server, visit(gateway_server, listing[EVERYTHING]))
    kinds = {(r["kind"], r["status"]) for r in reports}
    assert kinds == {("lab", "ready"), ("lab", "pending"), ("imaging", "ready"),
                     ("imaging", "pending")}
    for report in reports:
        assert report["print_limit"] == 1 and report["print_count"] == 0
        if report["status"] == "pending":
            assert report["expected_at"] and report["reported_at"] is None
        else:
            assert report["reported_at"] and report["expected_at"] is None
    ordered = [r["ordered_at"] for r in reports]
    assert ordered == sorted(ordered, reverse=True)


@pytest.mark.gateway
def test_lab_detail_has_items_ranges_and_flags(gateway_server, listing):
    headers = visit(gateway_server, listing[EVERYTHING])
    cbc = _first(_reports(gateway_server, headers), title="血常规")
    detail = gateway_server.get(f"/api/v1/reports/{cbc['report_id']}", headers=headers).json()
    assert detail["specimen"]["type"] == "全血(EDTA-K2)"
    assert len(detail["specimen"]["barcode"]) == 12
    assert detail["verifier"] and detail["author"] and detail["verified_at"]
    codes = [i["code"] for i in detail["items"]]
    assert codes == [a.code for a in PANELS["CBC"].analytes]
    wbc = detail["items"][0]
    assert (wbc["unit"], wbc["range"], wbc["flag"]) == ("10^9/L", "3.5-9.5", "H")  # infection
    assert detail["modality"] is None and detail["findings"] is None


@pytest.mark.gateway
def test_critical_potassium(gateway_server, listing):
    headers = visit(gateway_server, listing[CRITICAL])
    rft = _first(_reports(gateway_server, headers), title="肾功能+电解质", status="ready")
    items = gateway_server.get(f"/api/v1/reports/{rft['report_id']}", headers=headers).json()[
        "items"
    ]
    potassium = next(i for i in items if i["code"] == "K")
    assert potassium == {"code": "K", "name": "钾", "value": "6.80", "unit": "mmol/L",
                         "range": "3.5-5.3", "flag": "H", "critical": True}
    assert [i["code"] for i in items if i["critical"]] == ["K"]


@pytest.mark.gateway
def test_imaging_detail(gateway_server, listing):
    headers = visit(gateway_server, listing[EVERYTHING])
    ct = _first(_reports(gateway_server, headers), kind="imaging", status="ready")
    detail = gateway_server.get(f"/api/v1/reports/{ct['report_id']}", headers=headers).json()
    assert detail["modality"] == "CT" and detail["body_part"] == "胸部"
    assert "结节" in detail["findings"] and detail["impression"].startswith("1.")
    assert detail["items"] == [] and detail["specimen"] is None and detail["exam_at"]


@pytest.mark.gateway
def test_pending_detail_is_409(gateway_server, listing):
    headers = visit(gateway_server, listing[PENDING_THYROID])
    pending = _first(_reports(gateway_server, headers), status="pending")
    response = gateway_server.get(f"/api/v1/reports/{pending['report_id']}", headers=headers)
    assert error_code(response, 409) == "report_pending"


@pytest.mark.gateway
def test_another_patients_report_is_404(gateway_server, listing):
    mine = _reports(gateway_server, visit(gateway_server, listing[EVERYTHING]))[0]["report_id"]
    other = visit(gateway_server, listing[CRITICAL])
    response = gateway_server.get(f"/api/v1/reports/{mine}", headers=other)
    assert error_code(response, 404) == "unknown_report"
    response = gateway_server.post(f"/api/v1/reports/{mine}/prints", {}, headers=key(other))
    assert error_code(response, 404) == "unknown_report"


@pytest.mark.gateway
@pytest.mark.parametrize(("report_id", "status", "code"), [
    ("L999999999", 404, "unknown_report"),
    ("not-an-id", 422, "invalid_request"),
])
def test_bad_report_ids(gateway_server, listing, report_id, status, code):
    headers = visit(gateway_server, listing[EVERYTHING])
    response = gateway_server.get(f"/api/v1/reports/{report_id}", headers=headers)
    assert error_code(response, status) == code


@pytest.mark.gateway
def test_without_a_visit_token(gateway_server, listing):
    for headers in ({}, {"X-Visit-Token": "made-up"}):
        response = gateway_server.get("/api/v1/patients/me/reports", headers=headers)
        assert error_code(response, 401) == "visit_expired"


@pytest.mark.gateway
def test_empty_patient_has_no_reports(gateway_server, listing):
    assert _reports(gateway_server, visit(gateway_server, listing[EMPTY])) == []


@pytest.mark.gateway
def test_print_limit_is_configurable(start_gateway):
    server = start_gateway(extra_args=("--report-print-limit", "2"))
    headers = visit(server, cards(server)[EVERYTHING])
    ready = _first(_reports(server, headers), status="ready")
    path = f"/api/v1/reports/{ready['report_id']}/prints"
    assert server.post(path, {}, headers=key(headers)).json()["print_count"] == 1
    second = server.post(path, {}, headers=key(headers))
    assert second.status_code == 201 and second.json() == {
        "report_id": ready["report_id"], "print_count": 2, "print_limit": 2}
    assert error_code(server.post(path, {}, headers=key(headers)), 409) == "print_limit_reached"


# -- in-process: prints change state, so each module gets its own database ------------


def _count(app, report_id):
    return rows(app.state.gateway.db.path,
                "SELECT print_count, (SELECT COUNT(*) FROM report_prints WHERE report_id = ?)"
                " FROM reports WHERE report_id = ?", report_id, report_id)[0]


def test_print_is_recorded_once_per_key(app, client):
    headers = visit(client, cards(client)[EVERYTHING])
    report = _first(_reports(client, headers), title="血脂四项")
    path = f"/api/v1/reports/{report['report_id']}/prints"
    keyed = key(headers)
    first = client.post(path, json={}, headers=keyed)
    assert first.status_code == 201
    assert first.json() == {"report_id": report["report_id"], "print_count": 1, "print_limit": 1}
    again = client.post(path, json={}, headers=keyed)
    assert (again.status_code, again.json()) == (201, first.json())
    assert again.headers["Idempotent-Replayed"] == "true"
    assert _count(app, report["report_id"]) == (1, 1)
    # A second print is a new intent: refused, staff reprint it.
    assert error_code(client.post(path, json={}, headers=key(headers)), 409) == \
        "print_limit_reached"
    listed = _first(_reports(client, headers), report_id=report["report_id"])
    assert (listed["print_count"], listed["print_limit"]) == (1, 1)
    assert _count(app, report["report_id"]) == (1, 1)


def test_already_printed_report_is_at_its_limit(app, client):
    headers = visit(client, cards(client)[PRINTED])
    printed = _first(_reports(client, headers), print_count=1)
    response = client.post(f"/api/v1/reports/{printed['report_id']}/prints", json={},
                           headers=key(headers))
    assert error_code(response, 409) == "print_limit_reached"
    assert _count(app, printed["report_id"]) == (1, 0)


@pytest.mark.parametrize(("body", "headers_for", "status", "code"), [
    ({}, "no_key", 400, "idempotency_key_required"),
    ([], "key", 422, "invalid_request"),
    ("text", "key", 422, "invalid_request"),
    ({}, "pending", 409, "report_pending"),
])
def test_refused_prints_change_nothing(app, client, body, headers_for, status, code):
    headers = visit(client, cards(client)[EVERYTHING])
    reports = _reports(client, headers)
    target = _first(reports, status="pending" if headers_for == "pending" else "ready",
                    title="腹部彩超(肝胆胰脾)" if headers_for == "pending" else "肝功能")
    sent = headers if headers_for == "no_key" else key(headers)
    response = client.post(f"/api/v1/reports/{target['report_id']}/prints", json=body,
                           headers=sent)
    assert error_code(response, status) == code
    assert _count(app, target["report_id"]) == (0, 0)


def test_same_seed_same_reports(tmp_path):
    listings = []
    for name in ("a", "b"):
        with TestClient(make_app(tmp_path / f"{name}.sqlite", Clock()),
                        headers={"Authorization": f"Bearer {TOKEN}"}) as client:
            headers = visit(client, cards(client)[CRITICAL])
            reports = _reports(client, headers)
            details = [client.get(f"/api/v1/reports/{r['report_id']}", headers=headers).json()
                       for r in reports if r["status"] == "ready"]
            listings.append((reports, details))
    assert listings[0] == listings[1]


# -- the pure rules --------------------------------------------------------------------


@pytest.mark.parametrize(("value", "low", "high", "flag"), [
    ("5.30", 3.5, 5.3, None), ("5.31", 3.5, 5.3, "H"), ("3.49", 3.5, 5.3, "L"),
    ("6.0", None, 5.18, "H"), ("0.9", 1.04, None, "L"), ("阴性(-)", 0, 1, None),
])
def test_flags(value, low, high, flag):
    assert flag_of(value, low, high) == flag


def test_critical_limits_and_ranges():
    assert is_critical("6.8", 2.8, 6.2) and is_critical("2.7", 2.8, 6.2)
    assert not is_critical("6.2", 2.8, 6.2) and not is_critical("x", 2.8, 6.2)
    assert range_text(3.1, 8.0, 2) == "3.1-8.0"
    assert range_text(137, 147, 1) == "137-147"
    assert range_text(None, 5.18, 2) == "<5.18"
    assert range_text(1.04, None, 2) == "≥1.04"
