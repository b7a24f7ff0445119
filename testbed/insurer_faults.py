"""An insurer link that loses replies, resets and delays, between the gateway and the
emulated insurer (``testbed.faulty_link`` draws the faults).

The changing calls (2207, 2208, 2601) go through the faults: a ``lose_reply`` is a
settlement committed whose answer is lost, a ``delay`` one that arrives later (the case 2601
must also catch). Every fault raises ``InsurerUnreachable`` to the caller, as a timeout does;
the reads (1101, 2201/2204, 2206) pass through.
"""

from __future__ import annotations

from gateway.core.errors import GatewayError
from gateway.insurance.interface import InsurerUnreachable
from testbed.faulty_link import FaultyLink


class FaultyInsurer(FaultyLink):
    refused_on_arrival = (GatewayError,)  # e.g. reversed already

    def __init__(self, inner, *, seed: int, weights: dict[str, float] | None = None) -> None:
        super().__init__(inner, seed=seed, weights=weights)
        self.name = f"faulty-{inner.name}"

    def unreachable(self, reason: str, *, maybe_done: bool) -> Exception:
        return InsurerUnreachable(reason, maybe_done=maybe_done)

    def __getattr__(self, name: str):
        return getattr(self._inner, name)  # 1101, 2201/2204, 2206: reads, passed through

    def settle(self, psn_no, mdtrt_id, use_account, msgid):
        return self._through(lambda: self._inner.settle(psn_no, mdtrt_id, use_account, msgid))

    def revoke(self, setl_id, mdtrt_id, psn_no, msgid):
        return self._through(lambda: self._inner.revoke(setl_id, mdtrt_id, psn_no, msgid))

    def reverse(self, omsgid, msgid):
        return self._through(lambda: self._inner.reverse(omsgid, msgid))
