"""A payment-provider link that loses replies, resets and delays, between the gateway and
the emulated provider (as ``testbed.insurer_faults`` is for the insurer).

Each call (micropay, query, reverse, refund) draws one fault from a seeded generator:

- ``pass``: the call goes through;
- ``reset``: the request never reaches the provider;
- ``lose_reply``: the provider acts (charges, refunds), the reply is lost;
- ``delay``: the request is held past the caller's timeout and reaches the provider later,
  just before the next call on this link (a charge arriving after its reversal).

Every fault raises ``ProviderUnreachable`` to the caller, as a timeout does. The payer's side
(the demo wallet's password, the demo controls) passes through untouched.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Callable

from gateway.platform.payment_provider import ProviderUnreachable

CALLS = ("micropay", "query", "reverse", "refund")


class FaultyProvider:
    def __init__(self, inner, *, seed: int, weights: dict[str, float] | None = None) -> None:
        self._inner = inner
        self._rng = random.Random(seed)
        self._weights = weights or {"pass": 4, "reset": 1, "lose_reply": 2, "delay": 1}
        self._held: list[Callable[[], object]] = []
        self._lock = threading.Lock()
        self.applied: Counter[str] = Counter()

    def __getattr__(self, name: str):
        real = getattr(self._inner, name)
        if name not in CALLS:
            return real
        return lambda *args, **kwargs: self._through(lambda: real(*args, **kwargs))

    def _through(self, call: Callable[[], object]):
        with self._lock:
            self._deliver_held()
            names = list(self._weights)
            fault = self._rng.choices(names, [self._weights[n] for n in names])[0]
            self.applied[fault] += 1
            if fault == "reset":
                raise ProviderUnreachable("connection reset")
            if fault == "delay":
                self._held.append(call)
                raise ProviderUnreachable("timed out")
            answer = call()
            if fault == "lose_reply":
                raise ProviderUnreachable("reply lost")
            return answer

    def _deliver_held(self) -> None:
        held, self._held = self._held, []
        for call in held:
            call()

    def flush(self) -> None:
        with self._lock:
            self._deliver_held()
