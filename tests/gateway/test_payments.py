"""Outpatient payment over the real socket: bills → pre-settle → pay by scan → settle,
refunds and the demo wallet page; expiry in-process with a movable clock."""

import re

import pytest
from fastapi.testclient import TestClient

from gateway.store.billing import PREVIEW_TTL_S
from tests.gateway.service_client import (
    TOKEN,
    Clock,
    cards,
    error_code,
    key,
    make_app,
    rows,
    visit,
)


@pytest.fixture(scope="module")
def billed(gateway_server):
    """Patients with unpaid bills, leaving out the first demo-listing positions that other
    service tests rely on; insured ones first."""
    reserved = set(cards(gateway_server, 5))
    people = [p for p in gateway_server.scenarios()["unpaid_bills"]
              if p["health_card_id"] not in reserved]
    return sorted(people, key=lambda p: not p["insured"])


def _bills(server, headers, status="unpaid"):
    response = server.get("/api/v1/patients/me/bills", params={"status": status},
                          headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["bills"]


def _preview(server, headers, bill_ids, voucher=None, idem=None, use_account=True):
    body = {"bill_ids": bill_ids, "insurance_voucher": voucher}
    if not use_account:
        body["use_personal_account"] = False
    return server.post("/api/v1/settlements/previews", body, headers=idem or key(headers))


def _order(server, headers, preview, amount=None):
    return server.post("/api/v1/payments", json={"purpose": "bills", "reference":
                       preview["preview_id"], "amount_fen": amount or preview["self_pay_fen"]},
                       headers=key(headers))


@pytest.mark.gateway
def test_bills_have_items_that_add_up(gateway_server, billed):
    headers = gateway_server.visit(billed[0]["health_card_id"])
    bills = _bills(gateway_server, headers)
    assert bills
    for bill in bills:
        assert bill["status"] == "unpaid" and bill["items"]
        assert bill["total_fen"] == sum(i["amount_fen"] for i in bill["items"])
        for item in bill["items"]:
            assert item["amount_fen"] == item["price_fen"] * item["qty"]
            assert item["category"] in {"drug", "lab", "imaging", "treatment"}
    bad = gateway_server.get("/api/v1/patients/me/bills", params={"status": "x"},
                             headers=headers)
    assert error_code(bad, 422) == "invalid_request"


@pytest.mark.gateway
def test_pay_with_insurance_then_settle_once(gateway_server, billed):
    patient = billed[0]
    assert patient["insured"]
    card = patient["health_card_id"]
    headers = gateway_server.visit(card)
    bills = _bills(gateway_server, headers)
    bill_ids = [b["bill_id"] for b in bills]
    items = [i for b in bills for i in b["items"]]
    voucher = gateway_server.code(card, kind="insurance")
    # Without the personal account, what the fund leaves is paid by scan.
    preview = _preview(gateway_server, headers, bill_ids, voucher, use_account=False)
    assert preview.status_code == 201, preview.text
    preview = preview.json()
    split = preview["insurance"]
    expected = split["fund_fen"] + split["account_fen"] + split["mutual_aid_fen"]
    assert preview["insurance_fen"] == expected
    assert preview["self_pay_fen"] == preview["total_fen"] - expected == split["cash_fen"] > 0
    mismatch = _order(gateway_server, headers, preview, preview["self_pay_fen"] + 1)
    assert error_code(mismatch, 422) == "amount_mismatch"
    order = _order(gateway_server, headers, preview).json()
    settle_body = {"preview_id": preview["preview_id"], "payment_id": order["payment_id"]}
    early = gateway_server.post("/api/v1/settlements", settle_body, headers=key(headers))
    assert error_code(early, 402) == "payment_required"
    assert {b["bill_id"] for b in _bills(gateway_server, headers)} == set(bill_ids)
    # Pay on the wallet page, as a phone that scanned the QR code would.
    page = gateway_server.http.get(order["qr_url"], timeout=10)
    assert page.status_code == 200 and "确认支付" in page.text
    yuan = preview["self_pay_fen"]
    assert f"¥{yuan // 100}.{yuan % 100:02d}" in page.text
    assert "示例市第一人民医院" in page.text
    done = gateway_server.http.post(order["qr_url"] + "/confirm", data={"method": "wechat"},
                                    timeout=10)
    assert done.status_code == 200 and "支付成功" in done.text
    idem = key(headers)
    first = gateway_server.post("/api/v1/settlements", settle_body, headers=idem)
    again = gateway_server.post("/api/v1/settlements", settle_body, headers=idem)
    assert first.status_code == again.status_code == 201, first.text
    assert first.json() == again.json() and again.headers["Idempotent-Replayed"] == "true"
    settlement = first.json()
    assert re.fullmatch(r"[0-9]{14}", settlement["receipt_no"])
    assert settlement["method"] == "wechat" and settlement["self_pay_fen"] == yuan
    categories = {i["category"] for i in items}
    assert (settlement["pharmacy_window"] is not None) == ("drug" in categories)
    assert (settlement["specimen_barcode"] is not None) == ("lab" in categories)
    if settlement["specimen_barcode"]:
        assert re.fullmatch(r"[0-9]{12}", settlement["specimen_barcode"])
    assert rows(gateway_server.db_path, "SELECT COUNT(*) FROM settlements WHERE preview_id = ?",
                preview["preview_id"]) == [(1,)]
    assert _bills(gateway_server, headers) == []
    # The medicine just paid for is the pharmacy's now: 取药查询 shows it, paid, to be prepared.
    drugs = {i["name"] for i in items if i["category"] == "drug"}
    listed = gateway_server.get("/api/v1/patients/me/prescriptions", headers=headers).json()
    paid_now = {i["drug"] for p in listed["prescriptions"] if p["status"] == "paid"
                for i in p["items"]}
    assert paid_now >= drugs
    assert {b["bill_id"] for b in _bills(gateway_server, headers, "paid")} >= set(bill_ids)
    twice = gateway_server.post("/api/v1/settlements", settle_body, headers=key(headers))
    assert error_code(twice, 409) == "already_settled"
    repay = _preview(gateway_server, headers, bill_ids)
    assert error_code(repay, 409) == "bill_not_payable"
    refund = gateway_server.post(f"/api/v1/payments/{order['payment_id']}/refund", {},
                                 headers=key(headers))
    assert error_code(refund, 409) == "payment_consumed"


@pytest.mark.gateway
def test_preview_bad_input_changes_nothing(gateway_server, billed):
    insured = [p for p in billed if p["insured"]]
    card, other = insured[1]["health_card_id"], insured[2]["health_card_id"]
    headers = gateway_server.visit(card)
    bill_id = _bills(gateway_server, headers)[0]["bill_id"]
    before = rows(gateway_server.db_path, "SELECT COUNT(*) FROM previews")
    cases = [
        ({"bill_ids": [bill_id], "insurance_voucher": gateway_server.code(other, "insurance")},
         409, "voucher_mismatch"),
        ({"bill_ids": [bill_id], "insurance_voucher": "NHSA123"}, 400, "malformed_code"),
        ({"bill_ids": [bill_id], "insurance_voucher": "NHSA" + "0" * 32}, 404, "unknown_code"),
        ({"bill_ids": [bill_id, "B-none"]}, 404, "bill_not_found"),
        ({"bill_ids": [bill_id, bill_id]}, 422, "invalid_request"),
        ({"bill_ids": []}, 422, "invalid_request"),
        ({"bill_ids": "B1"}, 422, "invalid_request"),
    ]
    for body, status, code in cases:
        response = gateway_server.post("/api/v1/settlements/previews", body,
                                       headers=key(headers))
        assert error_code(response, status) == code, body
    stranger = gateway_server.visit(other)
    foreign = _preview(gateway_server, stranger, [bill_id])
    assert error_code(foreign, 404) == "bill_not_found"
    assert rows(gateway_server.db_path, "SELECT COUNT(*) FROM previews") == before
    reused = key(headers)
    assert _preview(gateway_server, headers, [bill_id], idem=reused).status_code == 201
    changed = gateway_server.post("/api/v1/settlements/previews",
                                  {"bill_ids": [bill_id], "insurance_voucher": None},
                                  headers={**reused, "X-Extra": "1"})
    assert changed.status_code == 201 and changed.headers["Idempotent-Replayed"] == "true"
    other_body = _preview(gateway_server, headers, [bill_id, "B-x"], idem=reused)
    assert error_code(other_body, 422) == "idempotency_key_reused"


@pytest.mark.gateway
def test_refunds_and_cancel_on_the_wallet(gateway_server, billed):
    card = billed[-1]["health_card_id"]
    headers = gateway_server.visit(card)
    bill_id = _bills(gateway_server, headers)[0]["bill_id"]
    preview = _preview(gateway_server, headers, [bill_id]).json()
    assert preview["insurance_fen"] == 0
    first = _order(gateway_server, headers, preview).json()
    cancelled = gateway_server.post(f"/api/v1/payments/{first['payment_id']}/refund", {},
                                    headers=key(headers))
    assert cancelled.json()["status"] == "failed"
    confirm = gateway_server.post(f"/demo/v1/payments/{first['payment_id']}/confirm")
    assert error_code(confirm, 409) == "payment_not_pending"
    second = _order(gateway_server, headers, preview).json()
    gateway_server.confirm_payment(second["payment_id"])
    path = f"/api/v1/payments/{second['payment_id']}/refund"
    refunded = gateway_server.post(path, {}, headers=key(headers))
    assert refunded.json()["status"] == "refunded"
    assert gateway_server.post(path, {}, headers=key(headers)).json()["status"] == "refunded"
    settle = gateway_server.post("/api/v1/settlements", {
        "preview_id": preview["preview_id"], "payment_id": second["payment_id"]},
        headers=key(headers))
    assert error_code(settle, 402) == "payment_required"
    third = _order(gateway_server, headers, preview).json()
    gone = gateway_server.http.post(third["qr_url"] + "/cancel", timeout=10)
    assert gone.status_code == 200 and "已取消" in gone.text
    assert gateway_server.get(f"/api/v1/payments/{third['payment_id']}",
                              headers=headers).json()["status"] == "failed"
    assert [b["bill_id"] for b in _bills(gateway_server, headers)].count(bill_id) == 1
    stranger = gateway_server.visit(billed[0]["health_card_id"])
    foreign = gateway_server.get(f"/api/v1/payments/{third['payment_id']}", headers=stranger)
    assert error_code(foreign, 404) == "payment_not_found"


@pytest.mark.gateway
@pytest.mark.parametrize(("path", "status", "code"), [
    ("/pay/PAY" + "0" * 24, 404, "payment_not_found"),
    ("/pay/nope", 422, "invalid_request"),
])
def test_wallet_unknown_payment(gateway_server, path, status, code):
    page = gateway_server.http.get(gateway_server.url + path, timeout=10)  # a page for people
    assert page.status_code == status and page.headers["content-type"].startswith("text/html")
    assert f'data-code="{code}"' in page.text
    assert error_code(gateway_server.http.post(gateway_server.url + path + "/confirm",
                                               timeout=10), status) == code
    unauthenticated = gateway_server.http.post(
        gateway_server.url + "/demo/v1/payments/PAY" + "0" * 24 + "/confirm",
        headers={"Authorization": "Bearer wrong"}, timeout=10)
    assert error_code(unauthenticated, 401) == "unauthorized"


def test_preview_expires(tmp_path):
    clock = Clock()
    app = make_app(tmp_path / "gw.sqlite", clock)
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        card = client.get("/demo/v1/scenarios").json()["unpaid_bills"][0]["health_card_id"]
        headers = visit(client, card)
        bills = client.get("/api/v1/patients/me/bills", headers=headers).json()["bills"]
        preview = client.post("/api/v1/settlements/previews", json={
            "bill_ids": [bills[0]["bill_id"]]}, headers=key(headers)).json()
        order = _order(client, headers, preview).json()
        clock.now += PREVIEW_TTL_S
        late = _order(client, headers, preview)
        assert error_code(late, 410) == "preview_expired"
        settle = client.post("/api/v1/settlements", json={
            "preview_id": preview["preview_id"], "payment_id": order["payment_id"]},
            headers=key(headers))
        assert error_code(settle, 410) == "preview_expired"
        assert client.get("/api/v1/patients/me/bills",
                          headers=headers).json()["bills"][0]["status"] == "unpaid"
