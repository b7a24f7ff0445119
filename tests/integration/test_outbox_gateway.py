"""The outbox against the real reference gateway: a token rotation and an unknown card.

Before, any refusal parked the message for ever; now a 401 (the kiosk's token was rotated
and it is re-enrolled) or a 404 is retried with backoff, and only a lasting refusal parks.
"""

from __future__ import annotations

import pytest

from kiosk.gateway_client import GatewayClient
from kiosk.outbox import Outbox, RetryPolicy
from kiosk.usecases import usage
from testbed import suite_time

pytestmark = pytest.mark.gateway


class Clock:
    now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def client(url: str, token: str) -> GatewayClient:
    return GatewayClient(url, token, retries=0, timeout_s=5, connect_timeout_s=1)


def test_a_report_refused_before_a_token_rotation_is_delivered_after_it(gateway_server, tmp_path):
    clock = Clock()
    outbox = Outbox(tmp_path / "outbox.db", policy=RetryPolicy(initial_s=30, max_s=60, max_attempts=3),
                    clock=clock)
    card = gateway_server.demo_patients(1)[0]["health_card_id"]
    usage.report_usage(outbox, card, usage.Scene.LAB_REPORT, now=suite_time.hospital_now())
    stale, fresh = client(gateway_server.url, "rotated-away"), client(gateway_server.url, gateway_server.token)
    try:
        assert outbox.drain(usage.sender(stale)) == 0
        assert outbox.pending() == 1 and outbox.dead() == 0  # not parked: 401 may change
        clock.now += 30
        assert outbox.drain(usage.sender(fresh)) == 1
        assert outbox.pending() == 0 and outbox.dead() == 0
    finally:
        stale.close()
        fresh.close()
        outbox.close()


def test_an_unknown_card_is_retried_a_bounded_number_of_times_then_parked(gateway_server, tmp_path):
    clock = Clock()
    outbox = Outbox(tmp_path / "outbox.db", policy=RetryPolicy(initial_s=30, max_s=60, max_attempts=3),
                    clock=clock)
    usage.report_usage(outbox, "F" * 64, usage.Scene.LAB_REPORT, now=suite_time.hospital_now())
    fresh = client(gateway_server.url, gateway_server.token)
    try:
        for _ in range(3):
            outbox.drain(usage.sender(fresh))
            clock.now += 60
        [parked] = outbox.parked()
        assert parked.reason.startswith("404 unknown_code") and parked.attempts == 3
    finally:
        fresh.close()
        outbox.close()
