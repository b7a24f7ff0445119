"""An inpatient wristband opens a visit of its own level (``wristband``): the stay's services
(admissions, daily list, deposit top-up and its payment, discharge) and the low-risk ones.
Everything else, outpatient payments included, answers 403 ``stronger_id_required``."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date

import pytest

from tests.gateway.service_client import START, error_code, key, rows

START_DAY = date(2027, 1, 15)


def _wristband_visit(client, story_index: int = 0) -> tuple[dict[str, str], str]:
    admission_id, number = rows(
        client.app.state.gateway.settings.db_path,
        "SELECT admission_id, inpatient_no FROM admissions ORDER BY admission_id",
    )[story_index]
    answer = client.post("/api/v1/identify", json={"text": number, "source": "wedge"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["assurance"] == "wristband"
    return {"X-Visit-Token": answer.json()["visit_token"]}, admission_id


# One route of each family a wristband must not reach: results, record, outpatient money,
# the patient's records (cancellation refunds), bookings, insurance, family doctor.
REFUSED = (
    ("get", "/api/v1/patients/me/reports", None),
    ("get", "/api/v1/reports/RP0000000000/", None),
    ("get", "/api/v1/patients/me/health-record", None),
    ("post", "/api/v1/patients/me/consents", {}),
    ("get", "/api/v1/patients/me/bills", None),
    ("post", "/api/v1/settlements/previews", {}),
    ("post", "/api/v1/settlements", {}),
    ("get", "/api/v1/patients/me/ebills", None),
    ("get", "/api/v1/patients/me/records", None),
    ("post", "/api/v1/patients/me/records/20260101000001/cancellation", {}),
    ("post", "/api/v1/registrations/locks", {}),
    ("post", "/api/v1/registrations", {}),
    ("post", "/api/v1/insurance/lookups", {}),
    ("get", "/api/v1/patients/me/family-doctor", None),
    ("post", "/api/v1/chronic-renewals", {}),
)


@pytest.mark.parametrize(("method", "path", "body"), REFUSED, ids=[p for _m, p, _b in REFUSED])
def test_a_wristband_visit_is_refused_everything_but_the_stay(client, method, path, body):
    headers, _admission = _wristband_visit(client)
    call = getattr(client, method)
    answer = call(path, headers=key(headers), json=body) if body is not None else call(
        path.rstrip("/"), headers=headers)
    assert error_code(answer, 403) == "stronger_id_required", path
    assert "身份证" in answer.json()["error"]["message_zh"]


@pytest.mark.parametrize("purpose", ["registration", "bills"])
def test_a_wristband_visit_may_not_order_an_outpatient_payment(client, purpose):
    headers, _admission = _wristband_visit(client)
    answer = client.post("/api/v1/payments", headers=key(headers),
                         json={"purpose": purpose, "reference": "x", "amount_fen": 100})
    assert error_code(answer, 403) == "stronger_id_required"


def test_a_wristband_visit_may_not_touch_the_patients_outpatient_payment(client):
    headers, admission_id = _wristband_visit(client)
    path = client.app.state.gateway.settings.db_path
    payment_id = "PAY" + "A" * 24
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(
            "INSERT INTO payments (payment_id, patient_id, purpose, reference, amount_fen, status,"
            " created_at, expires_at) SELECT ?, patient_id, 'bills', 'B1', 100, 'processing', ?, ?"
            " FROM admissions WHERE admission_id = ?",
            (payment_id, START, START + 600, admission_id),
        )
    for answer in (
        client.get(f"/api/v1/payments/{payment_id}", headers=headers),
        client.post(f"/api/v1/payments/{payment_id}/refund", headers=key(headers), json={}),
        client.post(f"/api/v1/payments/{payment_id}/reverse", headers=key(headers), json={}),
        client.post(f"/api/v1/payments/{payment_id}/code", headers=key(headers),
                    json={"payment_code": "134567890123456789"}),
    ):
        assert error_code(answer, 403) == "stronger_id_required", answer.request.url
    assert rows(path, "SELECT status FROM payments WHERE payment_id = ?", payment_id) == [
        ("processing",)]


def test_a_wristband_visit_reaches_the_stay_and_the_low_risk_services(client):
    headers, admission_id = _wristband_visit(client)
    for path in ("/api/v1/patients/me/admissions",
                 f"/api/v1/inpatient/admissions/{admission_id}/daily-list",
                 "/api/v1/patients/me/itinerary", "/api/v1/patients/me/prescriptions",
                 "/api/v1/patients/me/appointments"):
        assert client.get(path, headers=headers).status_code == 200, path
    order = client.post(f"/api/v1/inpatient/admissions/{admission_id}/deposits",
                        headers=key(headers), json={"amount_fen": 100_000})
    assert order.status_code == 201, order.text
    deposit_id = order.json()["deposit_id"]
    payment = client.post("/api/v1/payments", headers=key(headers), json={
        "purpose": "deposit", "reference": deposit_id, "amount_fen": 100_000})
    assert payment.status_code == 201, payment.text
    payment_id = payment.json()["payment_id"]
    assert client.post(f"/demo/v1/payments/{payment_id}/confirm",
                       json={"method": "wechat"}).status_code == 200
    assert client.get(f"/api/v1/payments/{payment_id}", headers=headers).json()["status"] == (
        "success")
    receipt = client.post(f"/api/v1/inpatient/deposits/{deposit_id}/commit",
                          headers=key(headers), json={"payment_id": payment_id})
    assert receipt.status_code == 201, receipt.text
    # The next actions keep the stay and withhold bills and reports.
    actions = client.get("/api/v1/patients/me/next-actions", headers=headers).json()
    assert actions["inpatient"] is True
    assert actions["withheld"] == ["payment", "reports"]
    assert client.delete("/api/v1/visits/current", headers=headers).status_code == 204


def test_a_discharge_is_reached_by_the_wristband(client):
    headers, admission_id = _wristband_visit(client, 2)  # discharge ordered, a refund due
    preview = client.post(f"/api/v1/inpatient/admissions/{admission_id}/discharge-previews",
                          headers=key(headers), json={})
    assert preview.status_code == 201, preview.text


def test_the_wristband_pattern_is_a_validated_setting(tmp_path):
    from fastapi.testclient import TestClient

    from gateway.__main__ import parse_args
    from gateway.core.scan import classify, wristband_pattern
    from tests.gateway.service_client import TOKEN, Clock, make_app

    assert parse_args(["--db", "x"]).wristband_pattern == "ZY[0-9]{8}"
    for bad in ("ZY[0-9", "", r"\d{10}", r"[0-9]{15,18}"):
        with pytest.raises(SystemExit):
            parse_args(["--db", "x", "--wristband-pattern", bad])
    assert classify("zy12345678", START_DAY, wristband_pattern("ZY[0-9]{8}")).kind == "inpatient_no"
    assert classify("IP123456", START_DAY, wristband_pattern("IP[0-9]{6}")).kind == "inpatient_no"
    # A gateway with another shape: the demo's ZY numbers are no longer wristbands.
    app = make_app(tmp_path / "gw.sqlite", Clock(), wristband_pattern="IP[0-9]{6}")
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as other:
        ((number,),) = rows(tmp_path / "gw.sqlite", "SELECT inpatient_no FROM admissions LIMIT 1")
        answer = other.post("/api/v1/identify", json={"text": number, "source": "wedge"})
        assert error_code(answer, 400) == "malformed_code"
