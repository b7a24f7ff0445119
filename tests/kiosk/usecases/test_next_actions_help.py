"""The next-actions and help-request use cases on a gateway that answers from a table: the
typed answers, actions a newer gateway adds, and the help call's one-at-a-time rule."""

from __future__ import annotations

import pytest

from kiosk.errors import GatewayMalformed, GatewayRejected
from kiosk.models import Visit
from kiosk.usecases.help import HelpAPI, StaffHelpAPI, screen_code
from kiosk.usecases.next_actions import NextActionsAPI, PayAction, PrintReportsAction
from tests.kiosk.usecases.fakes import FakeGateway

VISIT = Visit("v")
PAY = {"service": "payment", "label": "缴费 ¥38.20", "label_en": "Pay ¥38.20", "bill_ids": ["B1", "B2"],
       "count": 2, "amount_fen": 3820}
PRINT = {"service": "reports", "label": "打印 2 份报告", "label_en": "Print 2 reports", "report_ids": ["R2", "R1"],
         "count": 2}
COLLECT = {"service": "pharmacy", "label": "到 3 号窗口取药", "label_en": "Collect medicine at window 3",
           "prescription_ids": ["RX1"], "window": 3, "pharmacy": "门诊西药房", "location": None}
REQUEST = {"request_id": "H0123456789ABCDEF", "status": "open", "terminal_id": "KIOSK-01", "screen": "patient",
           "waited_s": 40, "created_at": "2026-11-26T09:00:00+08:00", "waiting_s": 0, "overdue": False,
           "overdue_at": "2026-11-26T09:02:00+08:00", "acknowledged_at": None, "acknowledged_by": None,
           "closed_at": None, "closed_by": None}


def next_actions(*actions) -> NextActionsAPI:
    gateway = FakeGateway({"GET /api/v1/patients/me/next-actions": {"date": "2026-11-26", "actions": list(actions),
                                                                   "withheld": []}})
    return NextActionsAPI(gateway)


def test_actions_are_typed_with_what_performs_them():
    answer = next_actions(PAY, PRINT, COLLECT).next_actions(VISIT)
    pay, reports, collect = answer.actions
    assert isinstance(pay, PayAction) and pay.bill_ids == ["B1", "B2"] and pay.amount_fen == 3820
    assert isinstance(reports, PrintReportsAction) and reports.report_ids == ["R2", "R1"]
    assert collect.window == "3"  # a number where the contract has text reads as text
    assert pay.words.zh == "缴费 ¥38.20" and reports.words.en == "Print 2 reports"


def test_the_home_takes_the_first_two_it_offers():
    answer = next_actions(PAY, PRINT, COLLECT).next_actions(VISIT)
    assert [a.service for a in answer.first({"payment", "reports", "pharmacy"})] == ["payment", "reports"]
    assert [a.service for a in answer.first({"reports", "pharmacy"})] == ["reports", "pharmacy"]
    assert answer.first(set()) == []


def test_an_action_a_newer_gateway_added_is_skipped_not_an_error():
    answer = next_actions({"service": "parking", "label": "缴停车费"}, PRINT).next_actions(VISIT)
    assert [a.service for a in answer.actions] == ["reports"]


def test_an_action_without_what_performs_it_is_one_malformed_answer():
    with pytest.raises(GatewayMalformed):
        next_actions({**PAY, "bill_ids": []}).next_actions(VISIT)


def test_a_help_request_carries_no_more_than_terminal_screen_and_wait():
    gateway = FakeGateway({"POST /api/v1/help-requests": REQUEST})
    request = HelpAPI(gateway).ask("KIOSK-01", "payment.bills", 40.7)
    assert request.status == "open" and not request.closed
    (call,) = gateway.calls
    assert call.json == {"terminal_id": "KIOSK-01", "screen": "payment.bills", "waited_s": 40}
    assert call.key  # keyed: a lost reply is retried as the same request


def test_asking_again_while_one_is_under_way_follows_that_one():
    active = GatewayRejected(code="help_request_active")
    active.detail = {"request_id": REQUEST["request_id"]}
    acknowledged = {**REQUEST, "status": "acknowledged", "acknowledged_by": "李护士"}
    gateway = FakeGateway({"POST /api/v1/help-requests": active,
                           f"GET /api/v1/help-requests/{REQUEST['request_id']}": acknowledged})
    request = HelpAPI(gateway).ask("KIOSK-01", "patient", 5)
    assert request.acknowledged and request.acknowledged_by == "李护士"


def test_another_refusal_is_the_patients_to_hear():
    gateway = FakeGateway({"POST /api/v1/help-requests": GatewayRejected(code="too_many_help_requests")})
    with pytest.raises(GatewayRejected):
        HelpAPI(gateway).ask("KIOSK-01", "patient", 5)


def test_staff_list_and_answer_with_their_session():
    rid = REQUEST["request_id"]
    gateway = FakeGateway({
        "GET /api/v1/help-requests": {"requests": [REQUEST], "as_of": "x", "overdue_after_s": 120, "overdue_count": 0},
        f"POST /api/v1/help-requests/{rid}/acknowledge": {**REQUEST, "status": "acknowledged"},
        f"POST /api/v1/help-requests/{rid}/close": {**REQUEST, "status": "closed"},
    })
    api = StaffHelpAPI(gateway)
    assert api.open_requests("s").open_count == 1
    assert api.acknowledge("s", rid).acknowledged and api.close("s", rid).closed
    first, second = gateway.keys("POST", f"/api/v1/help-requests/{rid}/acknowledge") + \
        gateway.keys("POST", f"/api/v1/help-requests/{rid}/close")
    assert first and second and first != second


def test_screen_codes_name_the_step_never_its_content():
    assert screen_code("payment", "BillsScreen") == "payment.bills"
    assert screen_code(None, "PatientScreen") == "patient"
    assert screen_code("reports", "ReportPrintScreen") == "reports.report_print"
    assert len(screen_code("x" * 50, "Y")) <= 40
