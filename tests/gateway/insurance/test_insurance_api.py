"""The insurance lookup, insured pre-settlement and settlement, revocation and the e-bills,
in-process on the emulated insurer: the split computed from policy, bad input refused with a
clear 4xx and nothing changed."""

from __future__ import annotations

import sqlite3
import subprocess
from contextlib import closing

import pytest

from gateway.insurance import revocation
from tests.gateway.insurance.helpers import account as _account
from tests.gateway.insurance.helpers import members as _members
from tests.gateway.insurance.helpers import new_bill, pay, voucher
from tests.gateway.service_client import error_code, key, rows, visit


def _preview(client, headers, bill_ids, **body):
    return client.post("/api/v1/settlements/previews", json={"bill_ids": bill_ids, **body},
                       headers=key(headers))


def test_lookup_by_voucher_and_by_card(app, client):
    patient_id, card, id_number = _members(app, "310", account=True)[0]
    headers = visit(client, card)
    by_voucher = client.post("/api/v1/insurance/lookups",
                             json={"insurance_voucher": voucher(client, card)}, headers=headers)
    assert by_voucher.status_code == 200, by_voucher.text
    person = by_voucher.json()
    assert person["insutype"] == "310" and person["has_account"]
    assert person["account_fen"] == _account(app, id_number) > 0
    by_card = client.post("/api/v1/insurance/lookups", json={"social_security_card": {
        "social_security_no": id_number, "card_sn": "A1B2C3"}}, headers=headers)
    assert by_card.json() == person
    other = _members(app, "390", account=False)[0]
    cases = [
        ({}, 422, "insurance_card_required"),
        ({"insurance_voucher": voucher(client, card),
          "social_security_card": {"social_security_no": id_number}}, 422,
         "insurance_card_required"),
        ({"insurance_voucher": voucher(client, other[1])}, 409, "voucher_mismatch"),
        ({"social_security_card": {"social_security_no": other[2]}}, 409, "voucher_mismatch"),
        ({"insurance_voucher": "NHSA12"}, 400, "malformed_code"),
        ({"insurance_voucher": "NHSA" + "0" * 32}, 404, "unknown_code"),
        ({"social_security_card": {"social_security_no": "12345"}}, 422, "invalid_request"),
    ]
    for body, status, code in cases:
        answer = client.post("/api/v1/insurance/lookups", json=body, headers=headers)
        assert error_code(answer, status) == code, body


def test_split_follows_the_policy_and_the_choice(app, client):
    patient_id, card, id_number = _members(app, "310", account=True)[1]
    headers = visit(client, card)
    bill = new_bill(app.state.gateway.settings.db_path, patient_id, app.state.gateway.clock(), 4)
    with_account = _preview(client, headers, [bill], insurance_voucher=voucher(client, card))
    without = _preview(client, headers, [bill], insurance_voucher=voucher(client, card),
                       use_personal_account=False)
    a, b = with_account.json(), without.json()
    for pv in (a, b):
        split = pv["insurance"]
        assert pv["total_fen"] == (split["fund_fen"] + split["account_fen"]
                                   + split["mutual_aid_fen"] + split["cash_fen"])
        assert pv["self_pay_fen"] == split["cash_fen"]
    assert a["insurance"]["fund_fen"] == b["insurance"]["fund_fen"]
    assert b["insurance"]["account_fen"] == b["insurance"]["mutual_aid_fen"] == 0
    assert a["insurance"]["account_fen"] > 0
    assert a["insurance"]["balance_after_fen"] == _account(app, id_number) - a["insurance"]["account_fen"]
    resident = _members(app, "390", account=False)[1]
    r_headers = visit(client, resident[1])
    r_bill = new_bill(app.state.gateway.settings.db_path, resident[0], app.state.gateway.clock())
    r = _preview(client, r_headers, [r_bill], insurance_voucher=voucher(client, resident[1])).json()
    assert r["insurance"]["insutype"] == "390" and r["insurance"]["account_fen"] == 0


def test_settle_with_the_account_issue_print_and_reverse_the_ebill(app, client, tmp_path):
    state = app.state.gateway
    patient_id, card, id_number = _members(app, "310", account=True)[2]
    headers = visit(client, card)
    before = _account(app, id_number)
    bill = new_bill(state.settings.db_path, patient_id, state.clock(), 2)
    pv = _preview(client, headers, [bill], insurance_voucher=voucher(client, card)).json()
    payment_id = pay(client, headers, pv) if pv["self_pay_fen"] else None
    settled = client.post("/api/v1/settlements", json={
        "preview_id": pv["preview_id"], "payment_id": payment_id}, headers=key(headers))
    assert settled.status_code == 201, settled.text
    settlement = settled.json()
    assert settlement["insurance"] == pv["insurance"]
    assert _account(app, id_number) == before - pv["insurance"]["account_fen"]
    assert rows(state.settings.db_path, "SELECT status, receipt_no FROM insurance_settlements"
                " WHERE preview_id = ?", pv["preview_id"]) == [("settled", settlement["receipt_no"])]
    ref = settlement["ebill"]
    listed = client.get("/api/v1/patients/me/ebills", headers=headers).json()["ebills"]
    bill_doc = next(b for b in listed if b["ebill_id"] == ref["ebill_id"])
    assert bill_doc["status"] == "issued" and bill_doc["status_zh"] == "已开具"
    assert bill_doc["account_fen"] == pv["insurance"]["account_fen"]
    assert "*" in bill_doc["payer_masked"] and ref["check_code"] in bill_doc["verify_url"]
    one = client.get(f"/api/v1/ebills/{ref['ebill_id']}", headers=headers)
    assert one.json() == bill_doc
    pdf = client.get(f"/api/v1/ebills/{ref['ebill_id']}/document", headers=headers)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    (tmp_path / "bill.pdf").write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "bill.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "医疗收费电子票据" in text and ref["bill_number"] in text and "个人账户支付" in text
    fonts = subprocess.run(["pdffonts", str(tmp_path / "bill.pdf")], capture_output=True,
                           text=True, check=True).stdout
    assert "yes" in fonts.splitlines()[-1]  # embedded
    assert "预览 · 不作报销凭证" in text  # not a counted print: a preview
    doc = f"/api/v1/ebills/{ref['ebill_id']}/document"
    uncounted = client.get(doc, params={"print_no": 1}, headers=headers)
    assert error_code(uncounted, 409) == "ebill_print_not_counted"
    for n in range(bill_doc["print_limit"]):
        counted = client.post(f"/api/v1/ebills/{ref['ebill_id']}/prints", json={},
                              headers=key(headers))
        assert counted.json()["print_count"] == n + 1
    (tmp_path / "print.pdf").write_bytes(
        client.get(doc, params={"print_no": 1}, headers=headers).content)
    printed = subprocess.run(["pdftotext", str(tmp_path / "print.pdf"), "-"], capture_output=True,
                             text=True, check=True).stdout
    assert "预览" not in printed and f"第 1/{bill_doc['print_limit']} 次打印" in printed
    beyond = client.get(doc, params={"print_no": bill_doc["print_limit"] + 1}, headers=headers)
    assert error_code(beyond, 409) == "ebill_print_not_counted"
    limit = client.post(f"/api/v1/ebills/{ref['ebill_id']}/prints", json={}, headers=key(headers))
    assert error_code(limit, 409) == "ebill_print_limit"
    # Revoked (the cancellation's 2208): the bill is reversed, 已红冲, and never printable.
    assert revocation.revoke(state, settlement["settlement_id"]) is True
    assert revocation.revoke(state, settlement["settlement_id"]) is False
    assert _account(app, id_number) == before
    reversed_bill = client.get(f"/api/v1/ebills/{ref['ebill_id']}", headers=headers).json()
    assert reversed_bill["status"] == "reversed" and reversed_bill["status_zh"] == "已红冲"
    refused = client.post(f"/api/v1/ebills/{ref['ebill_id']}/prints", json={}, headers=key(headers))
    assert error_code(refused, 409) == "ebill_reversed"
    (tmp_path / "red.pdf").write_bytes(
        client.get(f"/api/v1/ebills/{ref['ebill_id']}/document", headers=headers).content)
    red = subprocess.run(["pdftotext", str(tmp_path / "red.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    assert "已红冲" in red and "作废" in red
    assert error_code(client.get(doc, params={"print_no": 1}, headers=headers), 409) == "ebill_reversed"
    assert rows(state.settings.db_path, "SELECT status FROM insurance_settlements WHERE"
                " preview_id = ?", pv["preview_id"]) == [("revoked",)]


def test_ebill_bad_input(app, client):
    _pid, card, _ = _members(app, "310", account=False)[0]
    headers = visit(client, card)
    unknown = "EB" + "0" * 16
    assert error_code(client.get(f"/api/v1/ebills/{unknown}", headers=headers), 404) == "ebill_not_found"
    assert error_code(client.get("/api/v1/ebills/nonsense", headers=headers), 422) == "invalid_request"
    assert error_code(client.post(f"/api/v1/ebills/{unknown}/prints", json={},
                                  headers=key(headers)), 404) == "ebill_not_found"
    assert error_code(client.post(f"/api/v1/ebills/{unknown}/prints", json={}, headers=headers),
                      400) == "idempotency_key_required"
    # Without a visit (the device is authorised): the patient's bills are nobody's.
    assert error_code(client.get("/api/v1/patients/me/ebills"), 401) == "visit_expired"


def test_a_split_that_changed_refuses_and_changes_nothing(app, client):
    state = app.state.gateway
    patient_id, card, id_number = _members(app, "310", account=True)[3]
    headers = visit(client, card)
    first = new_bill(state.settings.db_path, patient_id, state.clock(), 3)
    second = new_bill(state.settings.db_path, patient_id, state.clock(), 3)
    pv1 = _preview(client, headers, [first], insurance_voucher=voucher(client, card)).json()
    pv2 = _preview(client, headers, [second], insurance_voucher=voucher(client, card)).json()
    assert pv1["insurance"]["account_fen"] > 0
    # The first settles and spends the account the second pre-settlement counted on.
    pay1 = pay(client, headers, pv1) if pv1["self_pay_fen"] else None
    assert client.post("/api/v1/settlements", json={"preview_id": pv1["preview_id"],
                       "payment_id": pay1}, headers=key(headers)).status_code == 201
    with closing(sqlite3.connect(state.insurer.path)) as ins, ins:
        ins.execute("UPDATE nhsa_persons SET account_fen = 0 WHERE id_number = ?", (id_number,))
    pay2 = pay(client, headers, pv2) if pv2["self_pay_fen"] else None
    before = rows(state.settings.db_path, "SELECT COUNT(*) FROM settlements")
    refused = client.post("/api/v1/settlements", json={"preview_id": pv2["preview_id"],
                          "payment_id": pay2}, headers=key(headers))
    assert error_code(refused, 409) == "insurance_split_changed"
    assert rows(state.settings.db_path, "SELECT COUNT(*) FROM settlements") == before
    assert rows(state.settings.db_path, "SELECT status FROM bills WHERE bill_id = ?",
                second) == [("unpaid",)]
    assert rows(state.settings.db_path, "SELECT status FROM insurance_settlements"
                " WHERE preview_id = ?", pv2["preview_id"]) == [("reversed",)]
    (mdtrt_id,), = rows(state.settings.db_path, "SELECT mdtrt_id FROM insurance_previews"
                        " WHERE preview_id = ?", pv2["preview_id"])
    with closing(sqlite3.connect(state.insurer.path)) as ins:
        assert ins.execute("SELECT status FROM nhsa_settlements WHERE mdtrt_id = ?",
                           (mdtrt_id,)).fetchall() == [("reversed",)]
    if pay2:  # the kiosk refunds at once: the payment bought nothing
        refund = client.post(f"/api/v1/payments/{pay2}/refund", json={}, headers=key(headers))
        assert refund.json()["status"] == "refunded"


@pytest.mark.parametrize("voucher_text", ["NHSA" + "G" * 32, "x" * 513])
def test_preview_refuses_bad_vouchers(app, client, voucher_text):
    _pid, card, _ = _members(app, "310", account=True)[4]
    headers = visit(client, card)
    bill = new_bill(app.state.gateway.settings.db_path, _pid, app.state.gateway.clock())
    before = rows(app.state.gateway.settings.db_path, "SELECT COUNT(*) FROM insurance_previews")
    answer = _preview(client, headers, [bill], insurance_voucher=voucher_text)
    assert answer.status_code in (400, 422)
    assert rows(app.state.gateway.settings.db_path,
                "SELECT COUNT(*) FROM insurance_previews") == before


def test_every_insurance_error_code_is_in_the_docs():
    from pathlib import Path

    from gateway.insurance.errors import ALL_INSURANCE_KINDS

    docs = (Path(__file__).parents[3] / "docs/api/insurance-ebills.md").read_text(encoding="utf-8")
    for kind in ALL_INSURANCE_KINDS:
        assert f"| `{kind.code}` | {kind.status} | {kind.message_zh} |" in docs, kind.code
