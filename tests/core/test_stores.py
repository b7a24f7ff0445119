"""Intent keys and the outbox: durable across a reopen, ordered, and safe under outages."""

from __future__ import annotations

import pytest

from kiosk.errors import GatewayRejected, GatewayUnavailable, Text
from kiosk.intents import IntentState, IntentStore
from kiosk.outbox import Outbox


def test_intent_key_is_stable_and_survives_a_restart(tmp_path):
    store = IntentStore(tmp_path / "intents.db")
    key = store.key("pay", "registration:L1")
    assert store.key("pay", "registration:L1") == key
    assert store.key("pay", "registration:L2") != key
    store.close()
    reopened = IntentStore(tmp_path / "intents.db")
    assert reopened.key("pay", "registration:L1") == key


def test_open_scopes_and_finish(tmp_path):
    store = IntentStore(tmp_path / "intents.db")
    store.key("open_lock", "A")
    store.key("open_lock", "B")
    store.finish("open_lock", "A", IntentState.ABANDONED)
    assert store.open_scopes("open_lock") == ["B"]


class Gateway:
    def __init__(self) -> None:
        self.received: list[dict] = []
        self.down = False
        self.refuse: set[str] = set()

    def send(self, topic: str, body: dict) -> None:
        if self.down:
            raise GatewayUnavailable()
        if body["id"] in self.refuse:
            raise GatewayRejected(Text("x", "x"), code="invalid_request")
        self.received.append(body)


def test_outbox_delivers_in_order_and_keeps_messages_through_outage_and_restart(tmp_path):
    outbox = Outbox(tmp_path / "outbox.db")
    gateway = Gateway()
    gateway.down = True
    ids = [outbox.put("usage", {"n": i}) for i in range(3)]
    assert outbox.drain(gateway.send) == 0
    outbox.close()
    outbox = Outbox(tmp_path / "outbox.db")  # the kiosk restarted
    gateway.down = False
    assert outbox.drain(gateway.send) == 3
    assert [m["id"] for m in gateway.received] == ids
    assert outbox.pending() == 0


def test_refused_message_is_parked_not_blocking(tmp_path):
    outbox = Outbox(tmp_path / "outbox.db")
    gateway = Gateway()
    bad = outbox.put("usage", {"n": 1})
    outbox.put("usage", {"n": 2})
    gateway.refuse.add(bad)
    assert outbox.drain(gateway.send) == 1
    assert outbox.dead() == 1 and outbox.pending() == 0


@pytest.mark.parametrize("message_id", ["fixed-id"])
def test_put_is_idempotent_by_id(tmp_path, message_id):
    outbox = Outbox(tmp_path / "outbox.db")
    outbox.put("usage", {"id": message_id})
    outbox.put("usage", {"id": message_id})
    assert outbox.pending() == 1
