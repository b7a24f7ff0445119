"""The daily reconciliation (对账): the demo's seeded differences are all found, by receipt
number, on the CLI and on the staff page (signed-in staff only); a clean day has none; the
money trail of one receipt follows it through journal, provider and hospital."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from gateway.core.timeline import local_midnight
from tests.gateway.service_client import START, TOKEN, Clock, key, make_app, visit

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]


@pytest.fixture
def world(tmp_path):
    path = tmp_path / "gw.sqlite"
    app = make_app(path, Clock())
    with TestClient(app, base_url="https://testserver", headers={"Origin": "https://testserver", "Authorization": f"Bearer {TOKEN}"}) as client:
        yield client, path


def day_before() -> str:
    return (local_midnight(START) - timedelta(days=1)).date().isoformat()


def cli(path, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gateway", *args, "--db", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_the_seeded_differences_are_found_by_receipt(world):
    _, path = world
    done = cli(path, "reconcile", "--date", day_before(), "--json")
    assert done.returncode == 1, done.stderr
    found = {(d["kind"], d["receipt_no"] or d["payment_id"]) for d in json.loads(done.stdout)["differences"]}
    stamp = day_before().replace("-", "")
    assert found == {
        ("settled_not_paid", f"{stamp}900001"),
        ("journal_not_provider", f"{stamp}900001"),
        ("amount_mismatch", f"{stamp}900002"),
        ("paid_not_settled", "PAY" + "D" * 20 + "0003"),
        ("refund_pending", "PAY" + "D" * 20 + "0004"),
        ("refund_pending", f"{stamp}900101"),  # a discharge's deposit refund, not yet made
    }
    text = cli(path, "reconcile", "--date", day_before())
    assert f"{stamp}900002" in text.stdout and "6 difference(s)" in text.stdout


def test_a_clean_day_with_kiosk_payments_has_no_differences(world):
    client, path = world
    card = client.get("/demo/v1/scenarios").json()["unpaid_bills"][0]["health_card_id"]
    headers = visit(client, card)
    bills = client.get("/api/v1/patients/me/bills", params={"status": "unpaid"}, headers=headers).json()["bills"]
    preview = client.post("/api/v1/settlements/previews", json={"bill_ids": [bills[0]["bill_id"]],
                          "insurance_voucher": None}, headers=key(headers)).json()
    order = client.post("/api/v1/payments", json={"purpose": "bills", "reference": preview["preview_id"],
                        "amount_fen": preview["self_pay_fen"]}, headers=key(headers)).json()
    assert client.post(f"/demo/v1/payments/{order['payment_id']}/confirm").status_code == 200
    settled = client.post("/api/v1/settlements", json={"preview_id": preview["preview_id"],
                          "payment_id": order["payment_id"]}, headers=key(headers))
    assert settled.status_code == 201, settled.text
    today = local_midnight(START).date().isoformat()
    done = cli(path, "reconcile", "--date", today, "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["differences"] == [], done.stdout
    trail = cli(path, "trail", settled.json()["receipt_no"], "--json")
    sources = [s["source"] for s in json.loads(trail.stdout)]
    assert {"journal", "provider", "hospital"} <= set(sources)


def test_the_staff_page_shows_them_to_signed_in_staff_only(world):
    client, _ = world
    stamp = day_before().replace("-", "")
    anonymous = client.get("/staff/money", params={"date": day_before()})
    assert anonymous.status_code == 200 and f"{stamp}900002" not in anonymous.text
    assert "/staff/help" in anonymous.text
    assert anonymous.headers["X-Frame-Options"] == "DENY"
    signed = client.post("/staff/help/session", json={"staff_no": "1001", "password": "demo-1001"})
    assert signed.status_code == 201, signed.text
    page = client.get("/staff/money", params={"date": day_before()})
    assert page.text.count('class="difference"') == 6 and f"{stamp}900002" in page.text
    trail = client.get("/staff/money/trail", params={"ref": f"{stamp}900002"})
    assert trail.text.count('class="step"') >= 3
    bad = client.get("/staff/money", params={"date": "yesterday"})
    assert bad.status_code == 422
    client.delete("/staff/help/session")


def _insured_settlement(client, path, index: int) -> dict:
    from tests.gateway.insurance.helpers import insured_cards, new_bill, pay, voucher

    patient_id, card = insured_cards(path)[index]
    headers = visit(client, card)
    bill = new_bill(path, patient_id, START, 2)
    pv = client.post("/api/v1/settlements/previews", json={
        "bill_ids": [bill], "insurance_voucher": voucher(client, card)}, headers=key(headers)).json()
    payment_id = pay(client, headers, pv) if pv["self_pay_fen"] else None
    settled = client.post("/api/v1/settlements", json={"preview_id": pv["preview_id"],
                          "payment_id": payment_id}, headers=key(headers))
    assert settled.status_code == 201, settled.text
    return settled.json()


def test_insurance_is_read_from_what_the_insurer_acknowledged_and_compared_with_it(world):
    import sqlite3
    from contextlib import closing

    client, path = world
    kept, lost, unknown = (_insured_settlement(client, path, n) for n in (2, 3, 4))
    insurer = path.with_name(path.stem + ".insurer.sqlite")
    today = local_midnight(START).date().isoformat()
    clean = json.loads(cli(path, "reconcile", "--date", today, "--json").stdout)
    assert clean["differences"] == []
    parts = [s["insurance"] for s in (kept, lost, unknown)]
    assert clean["insurance_fen"] == sum(p["fund_fen"] + p["account_fen"] + p["mutual_aid_fen"]
                                         for p in parts)
    with closing(sqlite3.connect(path)) as gw, gw, closing(sqlite3.connect(insurer)) as ins, ins:
        # The hospital thinks this 2207 was reversed; the insurer still holds it.
        gw.execute("UPDATE insurance_settlements SET status = 'reversed' WHERE receipt_no = ?",
                   (lost["receipt_no"],))
        # The insurer reversed this one; the hospital still counts it settled.
        msgid = gw.execute("SELECT msgid FROM insurance_settlements WHERE receipt_no = ?",
                           (unknown["receipt_no"],)).fetchone()[0]
        ins.execute("UPDATE nhsa_settlements SET status = 'reversed' WHERE msgid = ?", (msgid,))
    done = cli(path, "reconcile", "--date", today, "--json")
    assert done.returncode == 1, done.stdout
    found = {(d["kind"], d["receipt_no"]) for d in json.loads(done.stdout)["differences"]}
    assert found == {("insurer_not_journal", lost["receipt_no"]),
                     ("journal_not_insurer", unknown["receipt_no"])}


def test_inpatient_money_reconciles_and_the_seeded_refund_pending_is_found(world):
    client, path = world
    stamp = day_before().replace("-", "")
    done = json.loads(cli(path, "reconcile", "--date", day_before(), "--json").stdout)
    inpatient = [d for d in done["differences"] if d["receipt_no"] == f"{stamp}900101"]
    assert [(d["kind"], d["payment_id"], d["hospital_fen"]) for d in inpatient] == [
        ("refund_pending", "DO2799000001", 120_000)]
    # The demo stays' deposits paid by wallet (kiosk or office POS) are receipts: none is
    # paid-not-settled on any day of their stays.
    for back in range(8):
        day = (local_midnight(START) - timedelta(days=back)).date().isoformat()
        found = json.loads(cli(path, "reconcile", "--date", day, "--json").stdout)["differences"]
        assert not [d for d in found if (d["payment_id"] or "").startswith("DO26")], (day, found)
    trail = json.loads(cli(path, "trail", "Y2799000001", "--json").stdout)
    assert {s["source"] for s in trail} == {"provider", "hospital"}
    assert any("deposit refund claimed (now pending)" in s["what"] for s in trail)
    # Read by the patient's side, the pending refund is made once and the difference goes.
    from gateway.store import deposit_refunds

    gateway = client.app.state.gateway
    deposit_refunds.resolve_pending(gateway.db, gateway.provider, START)
    after = json.loads(cli(path, "reconcile", "--date", day_before(), "--json").stdout)
    assert not [d for d in after["differences"] if d["receipt_no"] == f"{stamp}900101"]
    trail = json.loads(cli(path, "trail", "Y2799000001", "--json").stdout)
    assert any(s["what"] == "refund of DO2799000001" for s in trail)
