"""Messages of one chain (audit events) leave the outbox in order, each after the one before
it was confirmed; a waiting message holds back its own chain only, and chains are never
purged."""

from __future__ import annotations

import pytest

from tests.kiosk.outbox_fakes import Gateway, refusal


def _chain(box, chain, n, start=0):
    return [box.put("audit", {"id": f"{chain}-{start + i}"}, chain=chain) for i in range(n)]


def test_a_chain_goes_in_order_and_waits_behind_a_refused_event(outbox, clock):
    gateway = Gateway()
    a = _chain(outbox, "A", 3)
    b = _chain(outbox, "B", 2)
    plain = outbox.put("usage", {"id": "u1"})
    gateway.script[a[0]] = [refusal(401, "staff_session_expired")]
    assert outbox.drain(gateway.send) == 3
    # A's first is retried later; A's others wait behind it; B and the plain one go.
    assert gateway.received == [*b, plain]
    clock.now += 30
    assert outbox.drain(gateway.send) == 3
    assert gateway.received[-3:] == a
    assert outbox.pending() == 0


def test_a_parked_event_holds_its_chain_until_redriven(outbox):
    gateway = Gateway()
    a = _chain(outbox, "A", 2)
    gateway.script[a[0]] = [refusal(409, "audit_chain_gap")]
    assert outbox.drain(gateway.send) == 0
    assert [p.id for p in outbox.parked()] == [a[0]] and outbox.pending() == 1
    assert outbox.drain(gateway.send) == 0  # the second never overtakes the first
    assert outbox.redrive([a[0]]) == 1
    assert outbox.drain(gateway.send) == 2 and gateway.received == a


def test_a_held_event_is_not_sent_and_holds_back_its_chain(outbox):
    gateway = Gateway()
    first = outbox.put("audit", {"id": "A-0"}, chain="A", held=True)
    _chain(outbox, "A", 1, start=1)
    assert outbox.drain(gateway.send) == 0
    assert [body["id"] for body in outbox.held("audit")] == [first]
    outbox.release(first)
    assert outbox.drain(gateway.send) == 2 and gateway.received == ["A-0", "A-1"]


def test_an_outage_stops_the_pass_with_the_chain_intact(outbox):
    gateway = Gateway()
    a = _chain(outbox, "A", 3)
    gateway.down = True
    assert outbox.drain(gateway.send) == 0
    gateway.down = False
    assert outbox.drain(gateway.send) == 3 and gateway.received == a


def test_the_limit_counts_attempts(outbox):
    gateway = Gateway()
    a = _chain(outbox, "A", 4)
    assert outbox.drain(gateway.send, limit=2) == 2 and gateway.received == a[:2]
    assert outbox.drain(gateway.send, limit=2) == 2 and gateway.received == a


@pytest.mark.parametrize("days", [31, 365])
def test_parked_events_of_a_chain_are_kept_past_the_retention(outbox, clock, days):
    gateway = Gateway()
    [event] = _chain(outbox, "A", 1)
    plain = outbox.put("usage", {"id": "u1"})
    gateway.script[event] = [refusal(409, "audit_link_mismatch")]
    gateway.script[plain] = [refusal(422, "invalid_request")]
    outbox.drain(gateway.send)
    clock.now += days * 86400
    assert outbox.purge_parked(30 * 86400) == 1
    assert [p.id for p in outbox.parked()] == [event]
