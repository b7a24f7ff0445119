"""What to do when the step after a payment fails: the one rule for registration and bills.

The patient paid (scan-to-pay), then the commit that the payment was for — a registration,
a settlement of bills — failed. Two cases must never be confused:

- the gateway *refused* the commit (a definite answer: the slot was taken meanwhile, the
  bills were paid at a window): nothing was bought, so the money goes back now;
- the outcome is *unknown* (the gateway did not answer, or answered nonsense): the commit
  may have happened, so refunding could leave a patient registered for free or refunded
  twice. The intent's idempotency key makes retrying the same commit safe; the gateway's
  reversal of paid-but-unconsumed payments resolves it if the kiosk never comes back.
"""

from __future__ import annotations

import enum

from kiosk.errors import KioskError

# Refusals that are not answers about the commit: the request never got a verdict.
_NO_VERDICT = {"gateway_unavailable", "gateway_malformed"}


class AfterFailure(enum.StrEnum):
    NOTHING_PAID = "nothing_paid"  # say what happened; nothing to undo
    REFUND = "refund"  # definitely not committed: give the money back now
    RETRY = "retry"  # outcome unknown: retry with the same key, never refund


def after_commit_failed(exc: BaseException, paid: bool) -> AfterFailure:
    if not paid:
        return AfterFailure.NOTHING_PAID
    if isinstance(exc, KioskError) and exc.code not in _NO_VERDICT:
        return AfterFailure.REFUND
    return AfterFailure.RETRY
