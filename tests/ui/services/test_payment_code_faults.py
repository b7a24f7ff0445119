"""Paying by payment code (付款码) through the fault proxy: lost replies, resets, garbage and
delays on the charge, its polls and its reversal never charge twice and never leave a
charge unknown — the bills are settled once, by the one charge the provider kept.

The journey is the one of ``test_payment_faults`` with the patient showing a payment code
at the pay step (some charges ask for the password first, answered on the phone, which
talks to the provider directly).
"""

from __future__ import annotations

import pytest
from pytestqt.exceptions import TimeoutError as QtTimeoutError

from kiosk.session import EndReason
from tests.ui.helpers import wedge_scan
from tests.ui.services.faulty import faulty_kiosk, rows
from tests.ui.services.test_payment_faults import STEPS_ALLOWED, step
from ui.outbox_pump import OutboxPump
from ui.screens.pay import PayScreen
from ui.services.result import ResultScreen

__all__ = ["faulty_kiosk"]  # the fixture, shared with the scan-to-pay fault run

pytestmark = pytest.mark.gateway


def code_step(qtbot, window, session, server, card: str, paid: set[str]) -> bool:
    screen = window.stack.currentWidget()
    if not isinstance(screen, PayScreen):
        return step(qtbot, window, session, server, card, paid)
    pay = window.services.flow.pay_step
    payment_id = pay.order.payment_id
    if not pay.code_reader.charged:
        wedge_scan(qtbot, screen, server.payment_code())
    waiting = rows(server, "SELECT 1 FROM provider_charges WHERE out_trade_no = ? AND state = 'USERPAYING'",
                   payment_id)
    if waiting and payment_id not in paid:
        server.answer_password(payment_id)
        paid.add(payment_id)
    pay.poll_now()
    try:
        qtbot.waitUntil(lambda: window.stack.currentWidget() is not screen, timeout=3_000)
    except QtTimeoutError:
        pass  # lost to a fault, or the phone still asks: look again
    return False


@pytest.mark.parametrize(("faulty_kiosk", "outcome"), [(21, "pass"), (22, "password"), (23, "pass"),
                                                        (24, "password")], indirect=["faulty_kiosk"])
def test_payment_code_through_faults_charges_once_and_leaves_nothing_unknown(faulty_kiosk, outcome, qtbot):
    server, proxy, window, session = faulty_kiosk
    server.next_charge(outcome)
    card = server.scenarios()["unpaid_bills"][0]["health_card_id"]
    pid = rows(server, "SELECT patient_id FROM patients WHERE health_card_id = ?", card)[0][0]
    qtbot.waitUntil(lambda: "payment" in window._capabilities.services, timeout=60_000)

    paid: set[str] = set()
    for _ in range(STEPS_ALLOWED):
        if code_step(qtbot, window, session, server, card, paid):
            break
    assert isinstance(window.stack.currentWidget(), ResultScreen), "the journey did not reach the receipt"

    settlements = rows(server, "SELECT payment_id FROM settlements WHERE patient_id = ?", pid)
    assert len(settlements) == 1
    kept = rows(server, "SELECT c.out_trade_no FROM provider_charges c JOIN payments p ON"
                " p.payment_id = c.out_trade_no WHERE p.patient_id = ? AND c.state = 'SUCCESS'", pid)
    assert kept == settlements  # one charge kept by the provider, and the settlement used it
    # Every other charge ended at the provider (refused or revoked) and its order with it.
    for state, status in rows(server, "SELECT c.state, p.status FROM provider_charges c JOIN payments p"
                              " ON p.payment_id = c.out_trade_no WHERE p.patient_id = ?"
                              " AND c.state != 'SUCCESS'", pid):
        assert state in ("PAYERROR", "REVOKED") and status in ("failed", "expired", "refunded")
    assert rows(server, "SELECT COUNT(*) FROM payments WHERE patient_id = ? AND status = 'success'", pid) == [(1,)]
    assert proxy.applied["lose_reply"] + proxy.applied["reset"] + proxy.applied["garbage"] > 0
    server.next_charge("pass")
    result = window.stack.currentWidget()
    qtbot.waitUntil(lambda: result.job_state is not None and not result._timer.isActive(), timeout=10_000)
    pump = window.findChild(OutboxPump)
    qtbot.waitUntil(lambda: window.services.context.outbox.pending() == 0 and not pump._busy, timeout=60_000)
    session.end(EndReason.FINISHED)
