"""No double booking, no double charge, no lost confirmation — through a hostile network.

The kiosk's own API layer (intent keys + retrying client) talks to the real reference
gateway through a fault proxy that delays, resets, drops replies after the gateway
committed, and answers garbage. Each trial is one patient booking and paying; afterwards the
gateway's database must show exactly one registration and one payment per booking.
"""

from __future__ import annotations

import random
import sqlite3
import uuid

import pytest
import requests

from kiosk.errors import GatewayUnavailable
from kiosk.gateway_client import GatewayClient
from kiosk.intents import IntentStore
from kiosk.models import Visit
from kiosk.usecases.payment import PaymentAPI
from kiosk.usecases.registration import RegistrationAPI

pytestmark = pytest.mark.gateway

TRIALS = 12


def fresh_connection_client(url: str, token: str, retries: int) -> GatewayClient:
    # A new connection per request, so every request meets the proxy's dice.
    http = requests.Session()
    http.headers["Connection"] = "close"
    return GatewayClient(url, token, retries=retries, timeout_s=3, connect_timeout_s=1, session=http)


def visit_for(server, card_id: str) -> Visit:
    body = server.identify(server.code(card_id, kind="static")).json()
    return Visit(body["visit_token"])


def free_slot(api: RegistrationAPI, rng: random.Random) -> tuple[str, str]:
    departments = api.departments()
    rng.shuffle(departments)
    for department in departments:
        for schedule in api.schedules(department.code):
            if schedule.remaining and schedule.total_fen > 0:
                slots = [s for s in api.slots(schedule.schedule_id) if s.available]
                if slots:
                    return schedule.schedule_id, rng.choice(slots).slot_id
    raise AssertionError("no free slot left in the demo data")


def test_registration_and_payment_happen_once_under_faults(start_gateway, fault_proxy, tmp_path):
    server = start_gateway(db_path=tmp_path / "gw.sqlite")
    proxy = fault_proxy(server.port, seed=20261126)
    rng = random.Random(7)
    intents = IntentStore(tmp_path / "intents.db")
    client = fresh_connection_client(proxy.url, server.token, retries=8)
    registration, payment = RegistrationAPI(client, intents), PaymentAPI(client, intents)
    cards = [p["health_card_id"] for p in server.demo_patients(60) if p["status"] == "active"]
    booked = []
    for trial in range(TRIALS):
        visit = visit_for(server, cards[trial])
        schedule_id, slot_id = free_slot(registration, rng)
        lock = registration.lock(visit, f"trial-{trial}", schedule_id, slot_id)
        order = payment.create_order(visit, "registration", lock.lock_id, lock.total_fen)
        # The patient pays on their phone (straight to the gateway, not through the kiosk).
        assert server.post(f"/demo/v1/payments/{order.payment_id}/confirm", {}).status_code < 400
        result = registration.commit(visit, lock.lock_id, order.payment_id)
        booked.append((lock.lock_id, order.payment_id, result.registration_id))
    client.close()

    assert proxy.applied["lose_reply"] > 0 and proxy.applied["reset"] > 0, proxy.applied
    with sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True) as db:
        for lock_id, payment_id, registration_id in booked:
            rows = db.execute("SELECT registration_id, payment_id FROM registrations WHERE lock_id = ?", (lock_id,)).fetchall()
            assert rows == [(registration_id, payment_id)]  # booked once, and the kiosk got that booking
            charges = db.execute(
                "SELECT COUNT(*) FROM payments WHERE reference = ? AND status = 'success'", (lock_id,)
            ).fetchone()[0]
            assert charges == 1
        orders = db.execute("SELECT COUNT(*) FROM payments WHERE purpose = 'registration'").fetchone()[0]
        assert orders == TRIALS  # no second payment order was ever created


def test_without_intent_keys_lost_replies_double_charge(start_gateway, fault_proxy, tmp_path):
    """The control: a client that makes up a new key per attempt creates duplicate orders
    through the same faults — so the test above can fail."""
    server = start_gateway(db_path=tmp_path / "gw.sqlite")
    proxy = fault_proxy(server.port, seed=3, weights={"lose_reply": 1, "pass": 1})
    direct = RegistrationAPI(fresh_connection_client(server.url, server.token, retries=0), IntentStore(tmp_path / "a.db"))
    card = next(p["health_card_id"] for p in server.demo_patients(5) if p["status"] == "active")
    visit = visit_for(server, card)
    schedule_id, slot_id = free_slot(direct, random.Random(1))
    lock = direct.lock(visit, "control", schedule_id, slot_id)
    naive = fresh_connection_client(proxy.url, server.token, retries=0)
    body = {"purpose": "registration", "reference": lock.lock_id, "amount_fen": lock.total_fen}
    for _ in range(20):
        try:
            naive.call("POST", "/api/v1/payments", json=body, visit=visit, idempotency_key=str(uuid.uuid4()))
            break
        except GatewayUnavailable:
            continue
    naive.close()
    with sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True) as db:
        orders = db.execute("SELECT COUNT(*) FROM payments WHERE reference = ?", (lock.lock_id,)).fetchone()[0]
    assert orders > 1


def test_restarted_kiosk_releases_the_holds_it_left(start_gateway, tmp_path):
    """A kiosk killed mid-registration left a slot locked; its next start releases it."""
    server = start_gateway(db_path=tmp_path / "gw.sqlite")
    client = fresh_connection_client(server.url, server.token, retries=1)
    card = next(p["health_card_id"] for p in server.demo_patients(5) if p["status"] == "active")
    api = RegistrationAPI(client, IntentStore(tmp_path / "intents.db"))
    schedule_id, slot_id = free_slot(api, random.Random(2))
    lock = api.lock(visit_for(server, card), "crashed-flow", schedule_id, slot_id)
    client.close()
    # "Restart": a new process opens the same intent store, with no visit in memory.
    client = fresh_connection_client(server.url, server.token, retries=1)
    restarted = RegistrationAPI(client, IntentStore(tmp_path / "intents.db"))
    assert restarted.release_stale_locks() == 1
    client.close()
    with sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True) as db:
        status = db.execute("SELECT status FROM locks WHERE lock_id = ?", (lock.lock_id,)).fetchone()[0]
    assert status == "released"
