"""The counter's use cases without the network: one key per dispense intent, audit and usage
reports queued for the gateway, nothing without a staff session."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kiosk.audit import AuditLog
from kiosk.audit_chain import verify
from kiosk.clock import HospitalClock
from kiosk.errors import GatewayUnavailable
from kiosk.intents import IntentStore
from kiosk.outbox import Outbox
from kiosk.pharmacy.counter import Counter, NotSignedIn, NotVerified, dispense_scope
from kiosk.pharmacy.models import CounterPatient, Dispense, Drug, Item, Lookup, Prescription, Staff
from kiosk.pharmacy.staff import SignedIn, StaffSession
from kiosk.pharmacy.trace import parse_trace
from kiosk.pharmacy.verify import BoxVerifier

DRUG = Drug("D1", "阿莫西林胶囊", "0.25g", "盒", None, ("8123456",))
ITEM = Item("I1", "D1", DRUG.name, DRUG.spec, 1, "盒", "口服", "一次2粒", "一日3次", 5)
FOUND = Lookup(
    CounterPatient("PR-1", "张三", "男", "40岁"),
    (Prescription("RX1", "paid", "医生", "内科", "诊断", (ITEM,)),),
    health_card_id="A" * 64,
)
KEY = bytes(32)
STAFF = Staff("1001", "陈静", "pharmacist", "3")


class FakeAPI:
    def __init__(self, failures: int = 0) -> None:
        self.keys: list[str] = []
        self.failures = failures

    def queue(self, token, window):
        return []

    def sign_in(self, staff_no, password):
        return SignedIn(STAFF, "token-1")

    def dispense(self, token, prescription_ids, boxes, key):
        self.keys.append(key)
        if self.failures:
            self.failures -= 1
            raise GatewayUnavailable()
        return Dispense("DSP1", dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC), "1001", "3", ("RX1",), ())


# 26 November 2026, 10:00 in the hospital.
CLOCK = HospitalClock("Asia/Shanghai", lambda: dt.datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")).timestamp())


@pytest.fixture
def make(tmp_path):
    def build(api):
        session = StaffSession(300)
        counter = Counter(api, session, intents=IntentStore(tmp_path / "i.db"),
                          outbox=Outbox(tmp_path / "o.db"), audit=AuditLog(tmp_path / "a.jsonl", KEY),
                          window="3", clock=CLOCK)
        return counter, session

    return build


def _verified():
    verifier = BoxVerifier((ITEM,), {"D1": DRUG})
    assert verifier.scan(parse_trace("81234560000000000001"), None, CLOCK).accepted
    return verifier


def test_retry_after_an_outage_reuses_the_key(make, tmp_path):
    api = FakeAPI(failures=1)
    counter, session = make(api)
    session.signed_in(counter.sign_in("1001", "pw"), 0.0)
    verifier = _verified()
    with pytest.raises(GatewayUnavailable):
        counter.dispense(FOUND, verifier)
    assert counter.dispense(FOUND, verifier).dispense_id == "DSP1"
    assert len(api.keys) == 2 and api.keys[0] == api.keys[1]
    # sign-in + dispense audit events, plus the 0100 usage report, all queued
    assert counter.undelivered() == 3
    assert verify(tmp_path / "a.jsonl", KEY).lines == 2


def test_another_box_set_is_another_intent():
    boxes_a = [{"item_id": "I1", "code": "81234560000000000001"}]
    boxes_b = [{"item_id": "I1", "code": "81234560000000000002"}]
    assert dispense_scope(["RX1"], boxes_a) == dispense_scope(["RX1"], list(boxes_a))
    assert dispense_scope(["RX1"], boxes_a) != dispense_scope(["RX1"], boxes_b)


def test_nothing_without_staff_or_verification(make):
    counter, session = make(FakeAPI())
    with pytest.raises(NotSignedIn):
        counter.queue()
    session.signed_in(SignedIn(STAFF, "t"), 0.0)
    with pytest.raises(NotVerified):
        counter.dispense(FOUND, BoxVerifier((ITEM,), {"D1": DRUG}))


def test_inactivity_locks_and_the_token_is_forgotten():
    session = StaffSession(300)
    session.signed_in(SignedIn(STAFF, "secret-token"), 100.0)
    assert "secret-token" not in repr(session.current)
    session.touch(350.0)
    assert not session.due_to_lock(649.0)
    assert session.due_to_lock(650.0)
    session.end()
    assert session.token is None and not session.due_to_lock(10_000.0)
