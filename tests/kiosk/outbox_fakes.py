"""A scripted gateway and a settable clock for outbox tests, and the fixtures using them."""

from __future__ import annotations

import pytest

from kiosk.errors import GatewayRejected, GatewayUnavailable, Text
from kiosk.outbox import Outbox, RetryPolicy


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def refusal(status: int, code: str) -> GatewayRejected:
    exc = GatewayRejected(Text("x", "x"), code=code)
    exc.status = status
    return exc


class Gateway:
    """Answers each message id with the next scripted outcome, then accepts it."""

    def __init__(self) -> None:
        self.script: dict[str, list[BaseException]] = {}
        self.received: list[str] = []
        self.down = False

    def send(self, topic: str, body: dict) -> None:
        if self.down:
            raise GatewayUnavailable()
        outcomes = self.script.get(body["id"])
        if outcomes:
            raise outcomes.pop(0)
        self.received.append(body["id"])


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def outbox(tmp_path, clock):
    box = Outbox(tmp_path / "outbox.db", policy=RetryPolicy(initial_s=30, max_s=600, max_attempts=5),
                 clock=clock)
    yield box
    box.close()
