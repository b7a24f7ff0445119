"""The one rule for a commit that failed after the patient paid (registration and bills)."""

from __future__ import annotations

from kiosk.errors import GatewayRejected, GatewayUnavailable
from kiosk.usecases.after_payment import AfterFailure, after_commit_failed


def test_a_refusal_after_paying_is_refunded():
    refused = GatewayRejected(code="slot_taken")
    assert after_commit_failed(refused, paid=True) is AfterFailure.REFUND


def test_no_answer_after_paying_is_retried_never_refunded():
    assert after_commit_failed(GatewayUnavailable(), paid=True) is AfterFailure.RETRY
    # Nonsense from the gateway is no verdict either: the commit may have happened.
    assert after_commit_failed(ValueError("bad body"), paid=True) is AfterFailure.RETRY


def test_nothing_paid_means_nothing_to_undo():
    assert after_commit_failed(GatewayRejected(code="slot_taken"), paid=False) is AfterFailure.NOTHING_PAID
    assert after_commit_failed(GatewayUnavailable(), paid=False) is AfterFailure.NOTHING_PAID
