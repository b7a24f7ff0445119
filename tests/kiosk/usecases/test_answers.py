"""The boundary: a gateway answer becomes typed models or one clear error, and a time
without an offset is the hospital's wall time — the same rule as the hospital clock's."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kiosk.clock import HospitalClock
from kiosk.errors import GatewayMalformed, GatewayRejected
from kiosk.gateway_client import GatewayClient
from kiosk.intents import IntentStore
from kiosk.models import Visit
from kiosk.usecases.after_payment import AfterFailure, after_commit_failed
from kiosk.usecases.payment import PaymentAPI
from kiosk.usecases.registration import OPEN_LOCK, RegistrationAPI
from kiosk.usecases.reports import ReportsAPI
from tests.kiosk.usecases.fakes import FakeGateway, InTurn

URUMQI = ZoneInfo("Asia/Urumqi")
VISIT = Visit("v")
DEPARTMENT = {"code": "0304", "name": "心血管内科", "location_code": "OP2-CARD"}
LOCK = {"lock_id": "L1", "expires_at": "2026-06-10T09:35:00", "fee": {"total_fen": 2500}}


@pytest.fixture
def intents(tmp_path):
    store = IntentStore(tmp_path / "intents.db")
    yield store
    store.close()


def test_an_answer_that_fits_is_models_with_defaults_for_what_a_hospital_may_leave_out():
    gateway = FakeGateway({"GET /api/v1/departments": {"departments": [DEPARTMENT], "more": 1}})
    (department,) = RegistrationAPI(gateway).departments()
    assert (department.code, department.location_code) == ("0304", "OP2-CARD")
    assert department.words.en == "心血管内科"  # no English sent: the Chinese, not a blank


@pytest.mark.parametrize(
    "body",
    [
        {},  # the list itself missing
        {"departments": [{"name": "心血管内科"}]},  # a department without its code
        {"departments": "none"},
        None,
    ],
)
def test_an_answer_that_does_not_fit_is_one_clear_error(body, caplog):
    gateway = FakeGateway({"GET /api/v1/departments": body})
    with pytest.raises(GatewayMalformed) as error:
        RegistrationAPI(gateway).departments()
    assert error.value.code == "gateway_malformed" and error.value.next_step.zh
    assert "心血管内科" not in caplog.text  # the log names fields, never their values


def test_a_time_without_an_offset_is_hospital_wall_time(intents):
    gateway = FakeGateway({"POST /api/v1/registrations/locks": LOCK})
    lock = RegistrationAPI(gateway, intents, zone=URUMQI).lock(VISIT, "flow", "S1", "slot")
    assert lock.expires_at == dt.datetime(2026, 6, 10, 9, 35, tzinfo=URUMQI)
    clock = HospitalClock(URUMQI)
    assert lock.expires_at == clock.parse(LOCK["expires_at"])  # one rule for both


def test_a_lock_without_a_readable_expiry_is_malformed_and_no_lock_is_recorded(intents):
    gateway = FakeGateway({"POST /api/v1/registrations/locks": {**LOCK, "expires_at": "soon"}})
    with pytest.raises(GatewayMalformed):
        RegistrationAPI(gateway, intents).lock(VISIT, "flow", "S1", "slot")
    assert intents.open_scopes(OPEN_LOCK) == []


def test_a_time_only_shown_is_none_when_unreadable():
    report = {"report_id": "R1", "status": "ready", "reported_at": "yesterday", "ordered_at": None}
    gateway = FakeGateway({"GET /api/v1/patients/me/reports": {"reports": [report]}})
    (summary,) = ReportsAPI(gateway).reports(VISIT)
    assert summary.reported_at is None and summary.ordered_at is None


def test_a_malformed_commit_answer_is_retried_with_the_same_key_never_refunded(intents):
    committed = {"receipt_no": "R", "queue_no": 3, "paid": {"method": "wechat", "insurance_fen": 0}}
    gateway = FakeGateway({"POST /api/v1/registrations": InTurn([{"queue_no": "three"}, committed])})
    api = RegistrationAPI(gateway, intents)
    with pytest.raises(GatewayMalformed) as error:
        api.commit(VISIT, "L1", "PAY1")
    assert after_commit_failed(error.value, paid=True) is AfterFailure.RETRY
    registration = api.commit(VISIT, "L1", "PAY1")  # the retry: the same intent, the same key
    first, second = gateway.keys("POST", "/api/v1/registrations")
    assert first == second and registration.queue_no == 3


def test_a_refused_commit_is_refunded(intents):
    gateway = FakeGateway({"POST /api/v1/registrations": GatewayRejected(code="lock_expired")})
    with pytest.raises(GatewayRejected) as error:
        RegistrationAPI(gateway, intents).commit(VISIT, "L1", "PAY1")
    assert after_commit_failed(error.value, paid=True) is AfterFailure.REFUND
    assert after_commit_failed(error.value, paid=False) is AfterFailure.NOTHING_PAID


def test_a_payment_status_the_contract_does_not_know_is_malformed(intents):
    gateway = FakeGateway({"GET /api/v1/payments/PAY1": {"status": "pending"}})
    with pytest.raises(GatewayMalformed):
        PaymentAPI(gateway, intents).status(VISIT, "PAY1")


def test_identify_with_an_unexpected_shape_is_malformed(monkeypatch):
    client = GatewayClient("https://gateway.invalid", "token", retries=0)
    monkeypatch.setattr(client, "_request", lambda *a, **k: {"patient": {"name": "张*三"}, "matched_by": "x"})
    try:
        with pytest.raises(GatewayMalformed):
            client.identify("code", "demo")
    finally:
        client.close()
