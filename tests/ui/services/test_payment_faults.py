"""A payment journey through a fault proxy that loses replies after the gateway committed,
resets connections, sends garbage and delays: the bills are settled exactly once and the
patient is charged exactly once, whatever the network did.

Every request opens a new connection (``Connection: close``), so every request draws a
fault. A step that still fails after the client's retries shows a notice; the patient then
does what the notice says (Back, and try again), as a real patient would.
"""

from __future__ import annotations

import pytest

from kiosk.session import EndReason
from tests.ui.flows import click
from tests.ui.helpers import wedge_scan
from tests.ui.services.faulty import pay_on_phone, rows
from ui.outbox_pump import OutboxPump
from ui.screens.generic import NoticeScreen, SummaryScreen
from ui.screens.patient import PatientScreen
from ui.screens.pay import PayScreen
from ui.services.payment_screens import BillsScreen, VoucherScreen
from ui.services.result import ResultScreen

pytestmark = pytest.mark.gateway

STEPS_ALLOWED = 80


def step(qtbot, window, session, server, card: str, paid: set[str]) -> bool:
    """One patient action on whatever screen is showing; True when the receipt is shown."""
    screen = window.stack.currentWidget()
    if screen is window.busy:
        pass
    elif isinstance(screen, ResultScreen):
        return True
    elif session.patient is None:  # home, or an identify that failed on the way
        wedge_scan(qtbot, screen, server.code(card))
    elif isinstance(screen, NoticeScreen):
        click(qtbot, screen.nav.back_button)
    elif isinstance(screen, PatientScreen):
        pay = [b for b in screen.action_buttons if b.property("service") == "payment"]
        if pay and not screen.menu_shown:
            click(qtbot, pay[0])  # 缴费 ¥…: the next step the home put first
        elif "payment" in screen.service_keys():
            if not screen.menu_shown:
                click(qtbot, screen.other_services)
            click(qtbot, screen.button_for("payment"))
    elif isinstance(screen, BillsScreen):
        click(qtbot, screen.action)
    elif isinstance(screen, VoucherScreen):
        click(qtbot, screen.self_pay_button)
    elif isinstance(screen, SummaryScreen):
        click(qtbot, screen.action)
    elif isinstance(screen, PayScreen):
        pay_on_phone(qtbot, window, server, screen, paid)
        return False
    qtbot.waitUntil(lambda: window.stack.currentWidget() is not screen, timeout=30_000)
    return False


@pytest.mark.parametrize("faulty_kiosk", [11, 12, 13], indirect=True)
def test_payment_through_faults_settles_and_charges_once(faulty_kiosk, qtbot):
    server, proxy, window, session = faulty_kiosk
    card = server.scenarios()["unpaid_bills"][0]["health_card_id"]
    pid = rows(server, "SELECT patient_id FROM patients WHERE health_card_id = ?", card)[0][0]
    bills = {r[0] for r in rows(server, "SELECT bill_id FROM bills WHERE patient_id = ? AND status = 'unpaid'", pid)}
    qtbot.waitUntil(lambda: "payment" in window._capabilities.services, timeout=60_000)

    paid: set[str] = set()
    for _ in range(STEPS_ALLOWED):
        if step(qtbot, window, session, server, card, paid):
            break
    result = window.stack.currentWidget()
    assert isinstance(result, ResultScreen), "the journey did not reach the receipt"

    settlements = rows(server, "SELECT preview_id, payment_id FROM settlements WHERE patient_id = ?", pid)
    assert len(settlements) == 1
    charges = rows(server, "SELECT payment_id FROM payments WHERE patient_id = ? AND status = 'success'", pid)
    assert charges == [(settlements[0][1],)]  # one charge, and it is the one the settlement used
    assert rows(server, "SELECT COUNT(*) FROM payments WHERE patient_id = ? AND status = 'refunded'", pid) == [(0,)]
    assert {r[0] for r in rows(server, "SELECT bill_id FROM bills WHERE patient_id = ? AND status = 'paid'", pid)} == bills
    assert proxy.applied["lose_reply"] + proxy.applied["reset"] + proxy.applied["garbage"] > 0

    qtbot.waitUntil(lambda: result.job_state is not None and not result._timer.isActive(), timeout=10_000)
    # The usage report gets through the same faults, later if need be.
    pump = window.findChild(OutboxPump)
    qtbot.waitUntil(lambda: window.services.context.outbox.pending() == 0 and not pump._busy, timeout=60_000)
    session.end(EndReason.FINISHED)
