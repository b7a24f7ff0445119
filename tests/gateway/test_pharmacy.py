"""Pharmacy pickup: prescriptions with status, window and label usage text."""

import pytest

from tests.gateway.service_client import CRITICAL, EMPTY, EVERYTHING, cards, error_code, visit


@pytest.fixture(scope="module")
def listing(gateway_server):
    return cards(gateway_server)


def _prescriptions(server, card, **params):
    response = server.get("/api/v1/patients/me/prescriptions", headers=visit(server, card),
                          params=params)
    assert response.status_code == 200, response.text
    return response.json()["prescriptions"]


@pytest.mark.gateway
def test_every_status(gateway_server, listing):
    found = _prescriptions(gateway_server, listing[EVERYTHING])
    by_status = {p["status"]: p for p in found}
    assert set(by_status) == {"paid", "preparing", "ready", "collected"}
    assert by_status["ready"]["window"] == "3" and by_status["ready"]["ready_at"]
    assert by_status["collected"]["collected_at"]
    for status in ("paid", "preparing"):
        assert by_status[status]["window"] is None and by_status[status]["ready_at"] is None
    item = by_status["ready"]["items"][0]
    assert item["drug"] == "苯磺酸氨氯地平片" and item["spec"] == "5mg×28片"
    assert item["usage"] == "口服 一次1片 一日1次"
    assert by_status["ready"]["chronic"] is True and by_status["paid"]["chronic"] is False
    assert by_status["ready"]["location_code"] == "OP1-PHARM"
    preparing = by_status["preparing"]["items"]
    assert [i["usage"] for i in preparing] == ["口服 一次2粒 一日3次", "口服 一次3片 一日3次"]


@pytest.mark.gateway
def test_chronic_filter(gateway_server, listing):
    chronic = _prescriptions(gateway_server, listing[EVERYTHING], chronic="true")
    assert len(chronic) == 2 and all(p["chronic"] for p in chronic)
    other = _prescriptions(gateway_server, listing[EVERYTHING], chronic="false")
    assert len(other) == 2 and not any(p["chronic"] for p in other)
    assert _prescriptions(gateway_server, listing[CRITICAL], chronic="true")[0]["items"][0][
        "note"
    ] == "整片吞服"


@pytest.mark.gateway
def test_empty_and_refused(gateway_server, listing):
    assert _prescriptions(gateway_server, listing[EMPTY]) == []
    response = gateway_server.get("/api/v1/patients/me/prescriptions", params={"chronic": "maybe"},
                                  headers=visit(gateway_server, listing[EVERYTHING]))
    assert error_code(response, 422) == "invalid_request"
    response = gateway_server.get("/api/v1/patients/me/prescriptions")
    assert error_code(response, 401) == "visit_expired"


@pytest.mark.gateway
def test_only_own_prescriptions(gateway_server, listing):
    mine = {p["prescription_id"] for p in _prescriptions(gateway_server, listing[EVERYTHING])}
    theirs = {p["prescription_id"] for p in _prescriptions(gateway_server, listing[CRITICAL])}
    assert mine and theirs and not mine & theirs
