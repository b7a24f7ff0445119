"""Payment codes through a provider link that loses replies, resets and delays requests
(``testbed.provider_faults``): kiosks charge, poll, and reverse what stays unknown, as the
kiosk's pay step does. Afterwards, against the provider's own records: an order the journal
counts paid is the one charge the provider kept for it, every other order's money is back
or was never taken, and no reversal or refund is left untold."""

from __future__ import annotations

import os
import random

import pytest
from fastapi.testclient import TestClient

from gateway.store import provider_calls
from testbed.provider_faults import FaultyProvider
from tests.gateway.insurance.helpers import new_bill
from tests.gateway.service_client import TOKEN, Clock, cards, key, make_app, rows, visit

TRIALS = int(os.environ.get("PROVIDER_TRIALS", "200"))
WECHAT_CODE = "134567890123456789"


@pytest.fixture
def world(tmp_path):
    clock = Clock()
    app = make_app(tmp_path / "gw.sqlite", clock)
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        yield client, app.state.gateway, clock


def _order(client, state, headers, patient_id) -> str:
    preview = client.post("/api/v1/settlements/previews", json={"bill_ids": [
        new_bill(state.settings.db_path, patient_id, state.clock(), 1)]},
        headers=key(headers)).json()
    made = client.post("/api/v1/payments", json={"purpose": "bills", "reference":
                       preview["preview_id"], "amount_fen": preview["self_pay_fen"]},
                       headers=key(headers))
    assert made.status_code == 201, made.text
    return made.json()["payment_id"]


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_payment_codes_through_a_faulty_provider_keep_the_books_straight(world):
    client, state, clock = world
    db_path = state.settings.db_path
    real = state.provider
    faulty = FaultyProvider(real, seed=20261202)
    rng = random.Random(1202)
    people = []
    for card in cards(client, 12):
        pid = rows(db_path, "SELECT patient_id FROM patients WHERE health_card_id = ?", card)[0][0]
        people.append((visit(client, card), pid))
    state.provider = faulty
    orders = []
    try:
        for trial in range(TRIALS):
            headers, patient_id = people[trial % len(people)]
            real.set_next_outcome(rng.choice(["pass", "pass", "password", "fail"]))
            payment_id = _order(client, state, headers, patient_id)
            orders.append(payment_id)
            charge_key = key(headers)
            status = None
            for _ in range(3):  # the kiosk retries one key while the gateway is unreachable
                answer = client.post(f"/api/v1/payments/{payment_id}/code",
                                     json={"payment_code": WECHAT_CODE}, headers=charge_key)
                if answer.status_code == 200:
                    status = answer.json()["status"]
                    break
            if status == "processing" and rng.random() < 0.6:
                real.answer_password(payment_id, rng.random() < 0.8, clock.now)
            for _ in range(3):
                if status != "processing":
                    break
                status = client.get(f"/api/v1/payments/{payment_id}",
                                    headers=headers).json()["status"]
            if status != "success" or rng.random() < 0.1:
                # Unknown, refused, or the patient walked away: the kiosk reverses.
                client.post(f"/api/v1/payments/{payment_id}/reverse", json={},
                            headers=key(headers))
    finally:
        state.provider = real
    faulty.flush()  # requests still held on the link arrive now
    assert provider_calls.send_pending(state)
    for payment_id in orders:  # a last read of each order, as the kiosk's poll would
        client.get(f"/api/v1/payments/{payment_id}", headers=people[0][0])
    clock.now += 600  # every order has run out
    for n, payment_id in enumerate(orders):
        client.get(f"/api/v1/payments/{payment_id}", headers=people[n % len(people)][0])
    assert provider_calls.send_pending(state)

    assert faulty.applied["lose_reply"] > TRIALS // 5 and faulty.applied["delay"] > TRIALS // 10
    journal = dict(rows(db_path, "SELECT payment_id, status FROM payments WHERE payment_id IN"
                        f" ({','.join('?' * len(orders))})", *orders))
    kept = {pid: real.query(pid).state for pid in orders}
    assert rows(db_path, "SELECT COUNT(*) FROM provider_calls") == [(0,)]
    for pid in orders:
        if journal[pid] == "success":
            assert kept[pid] == "SUCCESS", pid  # paid in the journal: the provider kept it
        else:
            # Refunded, failed, expired: the provider holds no money for it.
            assert kept[pid] in ("NOTPAY", "PAYERROR", "REVOKED", "REFUND"), (pid, journal[pid])
        assert journal[pid] != "processing", pid
    assert sum(1 for s in journal.values() if s == "success") > TRIALS * 0.3, journal
