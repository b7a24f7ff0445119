"""Intent keys and the outbox: durable across a reopen, ordered, and safe under outages."""

from __future__ import annotations

import pytest

from kiosk.errors import ConfigError, GatewayRejected, GatewayUnavailable, Text
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
            refusal = GatewayRejected(Text("x", "x"), code="invalid_request")
            refusal.status = 400  # a request the gateway will never accept
            raise refusal
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


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_purge_drops_old_intents_but_keeps_open_locks_and_young_ones(tmp_path):
    clock = Clock()
    store = IntentStore(tmp_path / "intents.db", clock=clock)
    store.key("register", "L1")
    store.finish("register", "L1")
    store.key("pay", "registration:L1")  # never finished: a patient walked away
    store.key("open_lock", "L2")  # still to release at the gateway
    clock.now += 8 * 86400
    store.key("pay", "registration:L3")
    assert store.purge(7 * 86400, keep_open=("open_lock",)) == 2
    assert store.open_scopes("open_lock") == ["L2"]
    assert store.open_scopes("pay") == ["registration:L3"]


def test_retention_purges_both_stores_with_the_configured_days(tmp_path):
    from kiosk.retention import purge
    from kiosk.settings import parse_settings

    clock = Clock()
    intents = IntentStore(tmp_path / "intents.db", clock=clock)
    outbox = Outbox(tmp_path / "outbox.db", clock=clock)
    intents.key("pay", "old")
    parked = outbox.put("usage", {"n": 1})
    gateway = Gateway()
    gateway.refuse.add(parked)
    outbox.drain(gateway.send)
    stores = parse_settings({"stores": {"intent_retention_days": 2, "parked_retention_days": 3}}).stores
    clock.now += 2.5 * 86400
    result = purge(intents, outbox, stores)
    assert (result.intents, result.parked, result.still_parked) == (1, 0, 1)
    clock.now += 1 * 86400
    assert purge(intents, outbox, stores).parked == 1 and outbox.dead() == 0


def test_retention_settings_have_bounds():
    from kiosk.settings import parse_settings

    with pytest.raises(ConfigError):
        parse_settings({"stores": {"parked_retention_days": 0}})
    with pytest.raises(ConfigError):
        parse_settings({"stores": {"outbox_retry_initial_s": 100, "outbox_retry_max_s": 10}})
