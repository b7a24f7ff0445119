"""The flow rules the use cases hold, without a window: which use of the card a step
reports, what comes first in a list, what a patient is offered."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.intents import IntentStore
from kiosk.models import Gender, Visit
from kiosk.usecases.guidance import BodyArea, GuidanceAPI, Itinerary, urgent
from kiosk.usecases.health import HealthAPI
from kiosk.usecases.payment import Settlement
from kiosk.usecases.pharmacy import Prescription, by_urgency, renewable
from kiosk.usecases.registration import Registration, Schedule, Slot, bookable_first, nearest_slots
from kiosk.usecases.reports import ReportSummary, listed
from kiosk.usecases.usage import CostType, Scene
from tests.kiosk.usecases.fakes import FakeGateway, patient

TODAY = dt.date(2026, 6, 10)
VISIT = Visit("v")


def schedule(day: int, period: str = "AM", status: str = "open", remaining: int = 3) -> Schedule:
    return Schedule(
        schedule_id=f"S{day}{period}{status}", date=dt.date(2026, 6, day), period=period, status=status,
        doctor={"name": "张伟", "title": "主任医师"}, total_fen=2500, remaining=remaining,
    )


def test_registration_reports_same_day_or_appointment_by_the_hospitals_date():
    assert schedule(10).scene(TODAY) is Scene.SAME_DAY_REGISTRATION
    assert schedule(11).scene(TODAY) is Scene.APPOINTMENT_REGISTRATION


def test_bookable_sessions_come_first_soonest_first():
    full, stopped = schedule(10, remaining=0), schedule(10, "PM", status="stopped")
    later, sooner, afternoon = schedule(12), schedule(11), schedule(11, "PM")
    assert bookable_first([full, later, stopped, afternoon, sooner]) == [sooner, afternoon, later, full, stopped]


def test_the_nearest_slots_are_the_soonest_free_ones() -> None:
    def slot(seq: int, start: str, available: bool = True) -> Slot:
        return Slot(slot_id=f"S{seq}", seq=seq, start=start, end=start, available=available)

    slots = [slot(4, "09:30"), slot(1, "08:00", False), slot(3, "09:00"), slot(2, "08:30", False), slot(5, "10:00")]
    assert [s.seq for s in nearest_slots(slots)] == [3, 4, 5]
    assert [s.seq for s in nearest_slots(slots, 2)] == [3, 4]
    assert nearest_slots([slot(1, "08:00", False)]) == []


def test_what_was_paid_by_insurance_is_reported_as_insurance():
    assert Registration(queue_no=1, paid={"insurance_fen": 100}).cost_type is CostType.INSURANCE
    assert Registration(queue_no=1).cost_type is CostType.SELF_PAY
    settled = {"receipt_no": "R", "total_fen": 10, "insurance_fen": 0, "self_pay_fen": 10}
    assert Settlement(**settled).cost_type is CostType.SELF_PAY


def test_the_itinerary_puts_the_next_step_first_and_what_is_done_last():
    steps = [{"title": t, "status": s} for t, s in (("a", "done"), ("b", "waiting"), ("c", "todo"), ("d", "todo"))]
    itinerary = Itinerary(steps=steps, next=2)
    assert [s.title for s in itinerary.ordered()] == ["c", "b", "d", "a"]
    assert Itinerary(steps=steps).next_step.title == "b"  # no index sent: the first not done
    assert Itinerary(steps=[steps[0]]).next_step is None


def test_symptoms_for_one_sex_are_offered_to_that_sex_only():
    area = BodyArea(code="abdomen", symptoms=[
        {"code": "pain", "name": "腹痛"}, {"code": "period", "name": "痛经", "sex": "F"},
    ])
    assert [s.code for s in area.symptoms_for(patient(Gender.FEMALE))] == ["pain", "period"]
    assert [s.code for s in area.symptoms_for(patient(Gender.MALE))] == ["pain"]


def test_the_recommender_sends_age_and_sex_and_finds_the_urgent_advice():
    answer = {"recommendations": [
        {"department_code": "0304", "name": "心血管内科"}, {"department_code": "20", "name": "急诊", "urgent": True},
    ]}
    gateway = FakeGateway({"POST /api/v1/triage": answer})
    found = GuidanceAPI(gateway).recommend(patient(birth="1990-06-11"), "chest", ["pain"], TODAY)
    assert gateway.calls[0].json == {"body_area": "chest", "symptoms": ["pain"], "age": 35, "sex": "F"}
    assert gateway.calls[0].key is None  # a query: no idempotency key
    assert urgent(found).department_code == "20"


def report(report_id: str, status: str, reported: str | None, count: int = 0, kind: str = "lab") -> ReportSummary:
    return ReportSummary(report_id=report_id, status=status, reported_at=reported, print_count=count,
                         print_limit=1, kind=kind)


def test_reports_printable_first_then_pending_then_printed_newest_first():
    old = report("old", "ready", "2026-06-01T09:00:00+08:00")
    new = report("new", "ready", "2026-06-09T09:00:00+08:00")
    printed = report("printed", "ready", "2026-06-09T10:00:00+08:00", count=1)
    pending = report("pending", "pending", None)
    assert [r.report_id for r in listed([printed, old, pending, new])] == ["new", "old", "pending", "printed"]
    assert report("i", "ready", None, kind="imaging").scene is Scene.IMAGING_REPORT
    assert old.scene is Scene.LAB_REPORT and old.heading.en.endswith("(Lab)")


def prescription(status: str) -> Prescription:
    return Prescription(prescription_id=status, status=status, items=[{"drug": "阿司匹林", "spec": "100mg"}])


def test_pickup_lists_ready_first_and_renewal_offers_only_collected_medicine():
    listed_ = by_urgency([prescription(s) for s in ("collected", "paid", "ready", "preparing")])
    assert [p.status for p in listed_] == ["ready", "preparing", "paid", "collected"]
    assert [p.status for p in renewable(listed_)] == ["collected"]
    assert listed_[0].drugs == "阿司匹林 100mg"


@pytest.fixture
def intents(tmp_path):
    store = IntentStore(tmp_path / "intents.db")
    yield store
    store.close()


def test_the_consent_is_recorded_before_the_record_is_read_once_per_intent(intents):
    summary = {"summary": {"blood_type": "A", "recent_visits": [{"date": "2026-01-02"}, {"date": "2026-05-01"}]}}
    gateway = FakeGateway({
        "POST /api/v1/patients/me/consents": {"consent_id": "C1"},
        "GET /api/v1/patients/me/health-record": summary,
    })
    api = HealthAPI(gateway, intents)
    record = api.consent_and_read_record(VISIT, "flow")
    api.consent_and_read_record(VISIT, "flow")
    assert [c.path for c in gateway.calls][:2] == ["/api/v1/patients/me/consents", "/api/v1/patients/me/health-record"]
    first, again = gateway.keys("POST", "/api/v1/patients/me/consents")
    assert first == again and first is not None
    assert [v.date for v in record.newest_first()] == ["2026-05-01", "2026-01-02"]


def test_a_pending_signing_request_names_its_team(intents):
    answer = {"pending_request": {"request_id": "Q1", "team_id": "T2"},
              "teams": [{"team_id": "T1", "name": "一队"}, {"team_id": "T2", "name": "二队"}]}
    info = HealthAPI(FakeGateway({"GET /api/v1/patients/me/family-doctor": answer}), intents).family_doctor(VISIT)
    assert info.contract is None and info.pending_team.name == "二队"
