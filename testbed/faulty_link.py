"""A link to a partner platform that loses replies, resets and delays, for the fault tests.

Each call sent through :meth:`FaultyLink._through` draws one fault from a seeded generator:

- ``pass``: through untouched;
- ``reset``: the connection fails before the partner sees anything;
- ``lose_reply``: the partner acts, the reply is lost;
- ``delay``: the call is held (the caller sees a timeout) and reaches the partner
  just before the next call on this link.

Every fault raises the partner's own "unreachable" error to the caller, as a timeout does.
``testbed.provider_faults`` and ``testbed.insurer_faults`` say which calls go through it.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Callable

WEIGHTS = {"pass": 4, "reset": 1, "lose_reply": 2, "delay": 1}


class FaultyLink:
    # What a held call may raise on arrival without failing the next caller (its reply goes
    # nowhere, as a late answer would).
    refused_on_arrival: tuple[type[BaseException], ...] = ()

    def __init__(self, inner, *, seed: int, weights: dict[str, float] | None = None) -> None:
        self._inner = inner
        self._rng = random.Random(seed)
        self._weights = weights or WEIGHTS
        self._held: list[Callable[[], object]] = []
        self._lock = threading.Lock()
        self.applied: Counter[str] = Counter()

    def unreachable(self, reason: str, *, maybe_done: bool) -> Exception:
        raise NotImplementedError

    def _through(self, call: Callable[[], object]):
        with self._lock:
            self._deliver_held()
            names = list(self._weights)
            fault = self._rng.choices(names, [self._weights[n] for n in names])[0]
            self.applied[fault] += 1
            if fault == "reset":
                raise self.unreachable("connection reset", maybe_done=False)
            if fault == "delay":
                self._held.append(call)
                raise self.unreachable("timed out", maybe_done=True)
            answer = call()
            if fault == "lose_reply":
                raise self.unreachable("reply lost", maybe_done=True)
            return answer

    def _deliver_held(self) -> None:
        held, self._held = self._held, []
        for call in held:
            try:
                call()
            except self.refused_on_arrival:
                pass

    def flush(self) -> None:
        with self._lock:
            self._deliver_held()
