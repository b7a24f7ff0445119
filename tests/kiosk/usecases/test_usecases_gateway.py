"""The kiosk's use cases against the reference gateway, without a window: the rules of the
core (keys stored before sending, a retry is the same request, a refusal is final, stale
locks released at start) are the core's, so they are tested here and not only through Qt.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.errors import GatewayRejected
from kiosk.gateway_client import GatewayClient
from kiosk.intents import IntentStore
from kiosk.usecases.check_in import CheckInAPI
from kiosk.usecases.registration import OPEN_LOCK, RegistrationAPI, new_flow_id
from kiosk.usecases.reports import ReportsAPI, listed
from testbed.gateway_process import GatewayProcess
from testbed.suite_time import on_suite_day

pytestmark = pytest.mark.gateway


@pytest.fixture
def client(gateway_server):
    c = GatewayClient(gateway_server.url, gateway_server.token, retries=0, timeout_s=5)
    yield c
    c.close()


@pytest.fixture
def intents_path(tmp_path):
    return tmp_path / "intents.db"


@pytest.fixture
def intents(intents_path):
    return IntentStore(intents_path)


def visit_of(client: GatewayClient, server: GatewayProcess, index: int):
    card = [p for p in server.demo_patients(60) if p["status"] == "active"][index]
    return client.identify(server.code(card["health_card_id"]), "demo").visit


def later_slot(api: RegistrationAPI) -> tuple[str, str]:
    for department in api.departments():
        schedules = [s for s in api.schedules(department.code) if s.status == "open"]
        for schedule in schedules[1:]:
            free = [s for s in api.slots(schedule.schedule_id) if s.available]
            if free:
                return schedule.schedule_id, free[-1].slot_id
    raise AssertionError("no free slot in the week")


def test_a_retried_lock_is_the_same_lock_and_a_crash_leaves_it_to_be_released(
    client, intents, intents_path, gateway_server
):
    api = RegistrationAPI(client, intents)
    visit = visit_of(client, gateway_server, 40)
    flow = new_flow_id()
    schedule_id, slot_id = later_slot(api)
    first = api.lock(visit, flow, schedule_id, slot_id)
    again = api.lock(visit, flow, schedule_id, slot_id)  # a retry after a lost reply
    assert again.lock_id == first.lock_id
    # The kiosk "dies" here: the open lock is on record, and the next start releases it.
    assert intents.open_scopes(OPEN_LOCK) == [first.lock_id]
    restarted = RegistrationAPI(client, IntentStore(intents_path))  # the store is on disk
    assert restarted.release_stale_locks() == 1
    assert intents.open_scopes(OPEN_LOCK) == []
    freed = {s.slot_id: s.available for s in api.slots(schedule_id)}
    assert freed[slot_id]


def test_a_refused_commit_raises_and_keeps_no_open_lock_for_ever(client, intents, gateway_server):
    api = RegistrationAPI(client, intents)
    visit = visit_of(client, gateway_server, 41)
    schedule_id, slot_id = later_slot(api)
    lock = api.lock(visit, new_flow_id(), schedule_id, slot_id)
    with pytest.raises(GatewayRejected):
        api.commit(visit, lock.lock_id, "PAY-NEVER-MADE")  # a payment the gateway never saw
    api.unlock(lock.lock_id, visit)
    assert intents.open_scopes(OPEN_LOCK) == []


def test_checking_in_twice_gives_the_same_queue_number(start_gateway, tmp_path):
    server = start_gateway(start_time=on_suite_day(dt.time(9, 0)))
    client = GatewayClient(server.url, server.token, retries=0, timeout_s=5)
    try:
        api = CheckInAPI(client, IntentStore(tmp_path / "i.db"))
        card = server.scenarios()["appointment_today"][0]["health_card_id"]
        visit = client.identify(server.code(card), "demo").visit
        (booked,) = [a for a in api.appointments(visit) if a.status == "booked"]
        first = api.check_in(visit, new_flow_id(), booked.appointment_id)
        second = api.check_in(visit, new_flow_id(), booked.appointment_id)  # another visit to check-in
        assert not first.already and second.already
        assert second.queue_no == first.queue_no == booked.queue_no
    finally:
        client.close()


def test_the_reports_list_puts_what_can_be_printed_first(client, intents, gateway_server):
    api = ReportsAPI(client, intents)
    visit = visit_of(client, gateway_server, 0)
    reports = api.reports(visit)
    ordered = listed(reports)
    assert sorted(r.report_id for r in ordered) == sorted(r.report_id for r in reports)
    flags = [r.printable for r in ordered]
    assert flags == sorted(flags, reverse=True)  # every printable one before any other


def test_a_lock_is_released_even_after_the_visit_has_ended(client, intents, gateway_server):
    """Session over (idle timeout): the kiosk ends the visit and abandons the flow at once;
    whichever reaches the gateway first, the slot is freed."""
    api = RegistrationAPI(client, intents)
    visit = visit_of(client, gateway_server, 42)
    schedule_id, slot_id = later_slot(api)
    lock = api.lock(visit, new_flow_id(), schedule_id, slot_id)
    client.end_visit(visit)
    api.unlock(lock.lock_id, visit)
    assert intents.open_scopes(OPEN_LOCK) == []
    assert {s.slot_id: s.available for s in api.slots(schedule_id)}[slot_id]
