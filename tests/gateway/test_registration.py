"""Hospital data and registration over the real socket: lock → pay → commit, unlock, races.

The shared gateway runs on the real clock, so these tests book later days (always open);
same-day rules and expiry are in test_registration_clock.py with a movable clock. They use
patients after the demo panel so the panel's demo stories stay intact.
"""

import datetime as dt
import threading

import pytest

from tests.gateway.service_client import cards, error_code, key, rows

pytestmark = pytest.mark.gateway

STANDARD_CODES = {"02", "0301", "0302", "0303", "0304", "0401", "0403", "07", "10", "11",
                  "12", "13", "20", "50"}


@pytest.fixture(scope="module")
def patients(gateway_server):
    """Patients 30-39 of the demo listing, one per test that changes something."""
    return cards(gateway_server, 40)[30:]


def _open_schedule(server, department="0304", skip=0):
    schedules = server.get(f"/api/v1/departments/{department}/schedules").json()["schedules"]
    today = schedules[0]["date"] if schedules else None
    later = [s for s in schedules if s["status"] == "open" and s["date"] != today]
    return later[skip]


def _free_slots(server, schedule_id):
    response = server.get(f"/api/v1/schedules/{schedule_id}/slots")
    assert response.status_code == 200, response.text
    return [s for s in response.json()["slots"] if s["available"]]


def _lock(server, headers, schedule_id, slot_id, idem=None):
    return server.post("/api/v1/registrations/locks",
                       {"schedule_id": schedule_id, "slot_id": slot_id},
                       headers=idem or key(headers))


def _registrations(server, slot_id):
    return rows(server.db_path, "SELECT patient_id, status FROM registrations WHERE slot_id = ?"
                " AND status IN ('booked', 'checked_in')", slot_id)


def test_locations_and_departments(gateway_server):
    locations = gateway_server.get("/api/v1/locations").json()["locations"]
    assert {"OP1-PHARM", "OP1-CASH", "MT1-LAB", "ER1-ER"} <= {loc["code"] for loc in locations}
    cardio = next(loc for loc in locations if loc["code"] == "OP2-CARD")
    assert cardio["text"] == "门诊楼2楼 230 心血管内科诊区" and cardio["floor"] == 2
    departments = gateway_server.get("/api/v1/departments").json()["departments"]
    by_code = {d["code"]: d for d in departments}
    assert STANDARD_CODES <= set(by_code)
    assert by_code["0304"]["name"] == "心血管内科" and by_code["0304"]["group"]["code"] == "03"
    assert {d["location_code"] for d in departments} <= {loc["code"] for loc in locations}


def _department_schedules(server, code, **params):
    return server.get(f"/api/v1/departments/{code}/schedules", params=params).json()["schedules"]


def test_schedules_cover_seven_days_with_fees_by_title(gateway_server):
    # Not every department sees patients every day (weekend clinics are mornings, in some
    # departments): the hospital as a whole and the emergency department do, for 7 days.
    departments = gateway_server.get("/api/v1/departments").json()["departments"]
    by_department = {d["code"]: _department_schedules(gateway_server, d["code"]) for d in departments}
    schedules = [s for found in by_department.values() for s in found]
    dates = sorted({s["date"] for s in schedules})
    assert len(dates) == 7
    assert [(dt.date.fromisoformat(d) - dt.date.fromisoformat(dates[0])).days for d in dates] == list(range(7))
    assert {s["date"] for s in by_department["20"]} == set(dates)
    assert {s["period"] for s in schedules} == {"AM", "PM"}
    fees = {s["doctor"]["title"]: s["total_fen"] for s in schedules}
    assert fees.get("主任医师") == 4000
    assert all(s["total_fen"] == s["reg_fee_fen"] + s["treat_fee_fen"] for s in schedules)
    assert all(0 <= s["remaining"] <= s["capacity"] for s in schedules)
    code, found = next((c, f) for c, f in by_department.items() if len({s["date"] for s in f}) > 1)
    last = found[-1]["date"]
    assert {s["date"] for s in _department_schedules(gateway_server, code, **{"from": last, "days": 1})} == {last}
    # The same seed gives the same rota: asking twice gives the same schedule ids.
    again = _department_schedules(gateway_server, code)
    assert [s["schedule_id"] for s in again] == [s["schedule_id"] for s in found]


def test_slots_are_numbered_and_timed(gateway_server):
    schedule = _open_schedule(gateway_server)
    slots = gateway_server.get(f"/api/v1/schedules/{schedule['schedule_id']}/slots").json()
    seqs = [s["seq"] for s in slots["slots"]]
    assert seqs == list(range(1, schedule["capacity"] + 1))
    assert slots["slots"][0]["start"] == schedule["start"]
    assert sum(s["available"] for s in slots["slots"]) == schedule["remaining"]


@pytest.mark.parametrize(("path", "status", "code"), [
    ("/api/v1/departments/9999/schedules", 404, "department_not_found"),
    ("/api/v1/departments/x1/schedules", 422, "invalid_request"),
    ("/api/v1/departments/0301/schedules?days=8", 422, "invalid_request"),
    ("/api/v1/departments/0301/schedules?from=tomorrow", 422, "invalid_request"),
    ("/api/v1/schedules/S-nope/slots", 404, "schedule_not_found"),
])
def test_hospital_data_bad_input(gateway_server, path, status, code):
    assert error_code(gateway_server.get(path), status) == code


def test_lock_pay_commit_and_replay(gateway_server, patients):
    headers = gateway_server.visit(patients[0])
    schedule = _open_schedule(gateway_server)
    slot = _free_slots(gateway_server, schedule["schedule_id"])[0]
    lock = _lock(gateway_server, headers, schedule["schedule_id"], slot["slot_id"])
    assert lock.status_code == 201, lock.text
    lock = lock.json()
    assert lock["fee"]["total_fen"] == schedule["total_fen"]
    assert slot["slot_id"] not in {s["slot_id"] for s in
                                   _free_slots(gateway_server, schedule["schedule_id"])}
    commit_body = {"lock_id": lock["lock_id"], "payment_id": None}
    unpaid = gateway_server.post("/api/v1/registrations", commit_body, headers=key(headers))
    assert error_code(unpaid, 402) == "payment_required"
    order = gateway_server.post("/api/v1/payments", {
        "purpose": "registration", "reference": lock["lock_id"],
        "amount_fen": lock["fee"]["total_fen"]}, headers=key(headers)).json()
    assert order["status"] == "processing" and order["qr_url"].endswith(
        f"/pay/{order['payment_id']}")
    commit_body["payment_id"] = order["payment_id"]
    not_yet = gateway_server.post("/api/v1/registrations", commit_body, headers=key(headers))
    assert error_code(not_yet, 402) == "payment_required"
    assert _registrations(gateway_server, slot["slot_id"]) == []
    paid = gateway_server.confirm_payment(order["payment_id"], "alipay")
    assert paid["status"] == "success" and len(paid["trade_no"]) == 28
    idem = key(headers)
    first = gateway_server.post("/api/v1/registrations", commit_body, headers=idem)
    again = gateway_server.post("/api/v1/registrations", commit_body, headers=idem)
    assert first.status_code == again.status_code == 201, first.text
    assert first.json() == again.json() and again.headers["Idempotent-Replayed"] == "true"
    registration = first.json()
    assert registration["appointment_status"] == "booked"
    assert registration["queue_no"] == slot["seq"]
    assert registration["time"] == f"{slot['start']}-{slot['end']}"
    assert registration["paid"] == {"self_fen": schedule["total_fen"], "insurance_fen": 0,
                                    "method": "alipay"}
    assert registration["location"]["code"] == schedule["location_code"]
    assert len(registration["receipt_no"]) == 14
    assert len(_registrations(gateway_server, slot["slot_id"])) == 1
    twice = gateway_server.post("/api/v1/registrations", commit_body, headers=key(headers))
    assert error_code(twice, 409) == "already_registered"
    appointments = gateway_server.get("/api/v1/patients/me/appointments",
                                      headers=headers).json()["appointments"]
    mine = [a for a in appointments if a["appointment_id"] == registration["registration_id"]]
    assert mine and mine[0]["status"] == "booked"
    # Same patient, same session, another slot: already registered.
    other = _free_slots(gateway_server, schedule["schedule_id"])[0]
    again_lock = _lock(gateway_server, headers, schedule["schedule_id"], other["slot_id"])
    assert error_code(again_lock, 409) == "already_registered"
    refund = gateway_server.post(f"/api/v1/payments/{order['payment_id']}/refund", {},
                                 headers=key(headers))
    assert error_code(refund, 409) == "payment_consumed"


def test_unlock_frees_the_slot_and_is_idempotent(gateway_server, patients):
    headers = gateway_server.visit(patients[1])
    schedule = _open_schedule(gateway_server, "0401")
    slot = _free_slots(gateway_server, schedule["schedule_id"])[0]
    lock = _lock(gateway_server, headers, schedule["schedule_id"], slot["slot_id"]).json()
    path = f"/api/v1/registrations/locks/{lock['lock_id']}"
    released = gateway_server.http.delete(gateway_server.url + path, headers=key(headers),
                                          timeout=10)
    assert released.status_code == 200
    assert released.json() == {"lock_id": lock["lock_id"], "status": "released"}
    assert slot["slot_id"] in {s["slot_id"] for s in
                               _free_slots(gateway_server, schedule["schedule_id"])}
    again = gateway_server.http.delete(gateway_server.url + path, headers=key(headers),
                                       timeout=10)
    assert again.json()["status"] == "released"
    commit = gateway_server.post("/api/v1/registrations", {"lock_id": lock["lock_id"]},
                                 headers=key(headers))
    assert error_code(commit, 410) == "lock_expired"
    pay = gateway_server.post("/api/v1/payments", {"purpose": "registration",
                              "reference": lock["lock_id"], "amount_fen": 1},
                              headers=key(headers))
    assert error_code(pay, 410) == "lock_expired"
    # Another patient cannot see or release someone's lock.
    stranger = gateway_server.visit(patients[2])
    foreign = gateway_server.http.delete(gateway_server.url + path, headers=key(stranger),
                                         timeout=10)
    assert error_code(foreign, 404) == "lock_not_found"
    missing_key = gateway_server.http.delete(gateway_server.url + path, headers=headers,
                                             timeout=10)
    assert error_code(missing_key, 400) == "idempotency_key_required"


def test_slot_taken_by_another_patient(gateway_server, patients):
    first, second = (gateway_server.visit(c) for c in patients[3:5])
    schedule = _open_schedule(gateway_server, "0302")
    slot = _free_slots(gateway_server, schedule["schedule_id"])[0]
    assert _lock(gateway_server, first, schedule["schedule_id"], slot["slot_id"]).status_code == 201
    taken = _lock(gateway_server, second, schedule["schedule_id"], slot["slot_id"])
    assert error_code(taken, 409) == "slot_taken"
    held = rows(gateway_server.db_path, "SELECT COUNT(*) FROM locks WHERE slot_id = ?"
                " AND status = 'held'", slot["slot_id"])
    assert held == [(1,)]
    booked = gateway_server.get(f"/api/v1/schedules/{schedule['schedule_id']}/slots").json()
    unavailable = [s for s in booked["slots"] if not s["available"] and s["seq"] != slot["seq"]]
    if unavailable:  # a slot the crowd booked earlier
        response = _lock(gateway_server, second, schedule["schedule_id"],
                         unavailable[0]["slot_id"])
        assert error_code(response, 409) == "slot_taken"


def test_two_kiosks_race_for_one_slot(gateway_server, patients):
    racers = [gateway_server.visit(c) for c in patients[5:9]]
    schedule = _open_schedule(gateway_server, "0303")
    slot = _free_slots(gateway_server, schedule["schedule_id"])[0]
    barrier = threading.Barrier(len(racers))
    results = []

    def race(headers):
        barrier.wait(timeout=10)
        results.append(_lock(gateway_server, headers, schedule["schedule_id"], slot["slot_id"]))

    threads = [threading.Thread(target=race, args=(h,)) for h in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    statuses = sorted(r.status_code for r in results)
    assert statuses == [201, 409, 409, 409], [r.text for r in results]
    assert {r.json()["error"]["code"] for r in results if r.status_code == 409} == {"slot_taken"}


@pytest.mark.parametrize("body", [{}, {"schedule_id": "x"}, {"schedule_id": 1, "slot_id": []},
                                  {"schedule_id": "a" * 65, "slot_id": "b"}])
def test_malformed_lock_bodies(gateway_server, patients, body):
    headers = gateway_server.visit(patients[9])
    before = rows(gateway_server.db_path, "SELECT COUNT(*) FROM locks")
    response = gateway_server.post("/api/v1/registrations/locks", body, headers=key(headers))
    assert error_code(response, 422) == "invalid_request"
    assert rows(gateway_server.db_path, "SELECT COUNT(*) FROM locks") == before


def test_lock_unknown_ids_and_mismatched_slot(gateway_server, patients):
    headers = gateway_server.visit(patients[9])
    schedule = _open_schedule(gateway_server, "0304")
    other = _open_schedule(gateway_server, "0304", skip=1)
    slot = _free_slots(gateway_server, other["schedule_id"])[0]
    cases = [("S-none", slot["slot_id"], 404, "schedule_not_found"),
             (schedule["schedule_id"], "nope", 404, "slot_not_found"),
             (schedule["schedule_id"], slot["slot_id"], 404, "slot_not_found")]
    for schedule_id, slot_id, status, code in cases:
        assert error_code(_lock(gateway_server, headers, schedule_id, slot_id), status) == code
    no_visit = gateway_server.post("/api/v1/registrations/locks",
                                   {"schedule_id": schedule["schedule_id"],
                                    "slot_id": slot["slot_id"]}, headers=key())
    assert error_code(no_visit, 401) == "visit_expired"
    commit = gateway_server.post("/api/v1/registrations", {"lock_id": "LK-none"},
                                 headers=key(headers))
    assert error_code(commit, 404) == "lock_not_found"


def test_capabilities_list_the_services(gateway_server):
    services = gateway_server.get("/api/v1/capabilities").json()["services"]
    assert {"identify", "registration", "check_in", "payment"} <= set(services)
