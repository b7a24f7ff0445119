"""A payment-provider link that loses replies, resets and delays, between the gateway and
the emulated provider (``testbed.faulty_link`` draws the faults).

Micropay, query, reverse and refund go through the faults: a ``lose_reply`` is a charge or
refund made whose answer is lost, a ``delay`` a charge arriving after its reversal. Every
fault raises ``ProviderUnreachable`` to the caller, as a timeout does. The payer's side (the
demo wallet's password, the demo controls) passes through untouched.
"""

from __future__ import annotations

from gateway.platform.payment_provider import ProviderUnreachable
from testbed.faulty_link import FaultyLink

CALLS = ("micropay", "query", "reverse", "refund")


class FaultyProvider(FaultyLink):
    def unreachable(self, reason: str, *, maybe_done: bool) -> Exception:
        return ProviderUnreachable(reason)

    def __getattr__(self, name: str):
        real = getattr(self._inner, name)
        if name not in CALLS:
            return real
        return lambda *args, **kwargs: self._through(lambda: real(*args, **kwargs))
