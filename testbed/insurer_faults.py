"""An insurer link that loses replies, resets and delays, between the gateway and the
emulated insurer (the network the fault proxy stands for between kiosk and gateway).

Each changing call (2207, 2208, 2601) draws one fault from a seeded generator:

- ``pass``: the call goes through;
- ``reset``: the request never reaches the insurer;
- ``lose_reply``: the insurer commits, the reply is lost;
- ``delay``: the request is held past the caller's timeout and reaches the insurer later,
  just before the next call on this link (the case 2601 must also catch).

Every fault raises ``InsurerUnreachable`` to the caller, as a timeout does.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Callable

from gateway.core.errors import GatewayError
from gateway.insurance.interface import InsurerUnreachable

FAULTS = ("pass", "reset", "lose_reply", "delay")


class FaultyInsurer:
    def __init__(self, inner, *, seed: int, weights: dict[str, float] | None = None) -> None:
        self._inner = inner
        self.name = f"faulty-{inner.name}"
        self._rng = random.Random(seed)
        self._weights = weights or {"pass": 4, "reset": 1, "lose_reply": 2, "delay": 1}
        self._held: list[Callable[[], object]] = []
        self._lock = threading.Lock()
        self.applied: Counter[str] = Counter()

    def __getattr__(self, name: str):
        return getattr(self._inner, name)  # 1101, 2201/2204, 2206: reads, passed through

    def _deliver_held(self) -> None:
        held, self._held = self._held, []
        for call in held:
            try:
                call()
            except GatewayError:
                pass  # refused on arrival (e.g. reversed already); its reply goes nowhere

    def _through(self, call: Callable[[], object]):
        with self._lock:
            self._deliver_held()
            names = list(self._weights)
            fault = self._rng.choices(names, [self._weights[n] for n in names])[0]
            self.applied[fault] += 1
            if fault == "reset":
                raise InsurerUnreachable("connection reset", maybe_done=False)
            if fault == "delay":
                self._held.append(call)
                raise InsurerUnreachable("timed out", maybe_done=True)
            answer = call()
            if fault == "lose_reply":
                raise InsurerUnreachable("reply lost", maybe_done=True)
            return answer

    def flush(self) -> None:
        with self._lock:
            self._deliver_held()

    def settle(self, psn_no, mdtrt_id, use_account, msgid):
        return self._through(lambda: self._inner.settle(psn_no, mdtrt_id, use_account, msgid))

    def revoke(self, setl_id, mdtrt_id, psn_no, msgid):
        return self._through(lambda: self._inner.revoke(setl_id, mdtrt_id, psn_no, msgid))

    def reverse(self, omsgid, msgid):
        return self._through(lambda: self._inner.reverse(omsgid, msgid))
