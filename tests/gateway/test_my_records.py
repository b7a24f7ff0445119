"""The patient's records over the real socket: a kiosk registration and a bill settlement
listed with receipt numbers; reprints counted up to the limit; a booked appointment
cancelled with one refund to the original channel; bad input a clear 4xx, nothing changed."""

import pytest

from tests.gateway.service_client import cards, error_code, key, rows

pytestmark = pytest.mark.gateway


@pytest.fixture(scope="module")
def server(private_gateway):
    return private_gateway


def book(server, headers, skip=0):
    """A kiosk registration for a later day, paid by scan; its answer."""
    schedules = server.get("/api/v1/departments/0304/schedules").json()["schedules"]
    later = [s for s in schedules if s["status"] == "open" and s["date"] != schedules[0]["date"]]
    schedule = later[skip]
    slots = server.get(f"/api/v1/schedules/{schedule['schedule_id']}/slots").json()["slots"]
    slot = next(s for s in slots if s["available"])
    lock = server.post("/api/v1/registrations/locks", {"schedule_id": schedule["schedule_id"],
                       "slot_id": slot["slot_id"]}, headers=key(headers)).json()
    order = server.post("/api/v1/payments", {"purpose": "registration", "reference": lock["lock_id"],
                        "amount_fen": lock["fee"]["total_fen"]}, headers=key(headers)).json()
    server.confirm_payment(order["payment_id"], "alipay")
    made = server.post("/api/v1/registrations", {"lock_id": lock["lock_id"],
                       "payment_id": order["payment_id"]}, headers=key(headers))
    assert made.status_code == 201, made.text
    return made.json(), order["payment_id"]


def records(server, headers):
    answer = server.get("/api/v1/patients/me/records", headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()["records"]


def test_records_list_reprints_and_their_limit(server):
    headers = server.visit(cards(server, 20)[12])
    booked, _ = book(server, headers)
    mine = [r for r in records(server, headers) if r["receipt_no"] == booked["receipt_no"]]
    assert len(mine) == 1 and mine[0]["kind"] == "registration" and mine[0]["cancellable"]
    assert mine[0]["reprints"] == 0 and mine[0]["reprints_left"] == 2
    path = f"/api/v1/patients/me/records/{booked['receipt_no']}/reprints"
    idem = key(headers)
    first = server.post(path, {}, headers=idem)
    again = server.post(path, {}, headers=idem)  # a lost reply retried: counted once
    assert first.status_code == 201 and again.json() == first.json()
    assert first.json()["reprint_no"] == 1 and first.json()["reprints_left"] == 1
    assert server.post(path, {}, headers=key(headers)).json()["reprint_no"] == 2
    over = server.post(path, {}, headers=key(headers))
    assert error_code(over, 409) == "reprint_limit_reached"
    assert rows(server.db_path, "SELECT count FROM slip_reprints WHERE receipt_no = ?",
                booked["receipt_no"]) == [(2,)]


def test_a_cancellation_refunds_once_to_the_original_channel(server):
    headers = server.visit(cards(server, 20)[13])
    booked, payment_id = book(server, headers, skip=1)
    path = f"/api/v1/patients/me/records/{booked['receipt_no']}/cancellation"
    idem = key(headers)
    first = server.post(path, {}, headers=idem)
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["refund_fen"] == booked["paid"]["self_fen"] and body["method"] == "alipay"
    assert "工作日" in body["arrives"]
    assert server.post(path, {}, headers=idem).json() == body  # replayed, not refunded again
    second = server.post(path, {}, headers=key(headers))
    assert error_code(second, 409) == "already_cancelled"
    assert rows(server.db_path, "SELECT status FROM payments WHERE payment_id = ?", payment_id) == [("refunded",)]
    assert rows(server.db_path, "SELECT state FROM provider_charges WHERE out_trade_no = ?",
                payment_id) == [("REFUND",)]
    assert rows(server.db_path, "SELECT status FROM registrations WHERE receipt_no = ?",
                booked["receipt_no"]) == [("cancelled",)]
    listed = [r for r in records(server, headers) if r["receipt_no"] == booked["receipt_no"]]
    assert listed[0]["status"] == "cancelled" and not listed[0]["cancellable"]
    # The fee's e-bill is reversed with the refund (冲红): the patient cannot claim it.
    bill = server.get(f"/api/v1/ebills/{booked['ebill']['ebill_id']}", headers=headers).json()
    assert bill["status"] == "reversed"


def test_a_self_paid_fee_is_billed_like_a_settlement(server):
    headers = server.visit(cards(server, 20)[17])
    booked, _ = book(server, headers, skip=4)
    fee = booked["fee"]["total_fen"]
    assert booked["ebill"]["bill_number"] and booked["insurance"] is None
    bill = server.get(f"/api/v1/ebills/{booked['ebill']['ebill_id']}", headers=headers).json()
    assert (bill["total_fen"], bill["cash_fen"], bill["fund_fen"]) == (fee, fee, 0)
    assert bill["status"] == "issued" and bill["receipt_no"] == booked["receipt_no"]
    mine = server.get("/api/v1/patients/me/ebills", headers=headers).json()["ebills"]
    assert [b["ebill_id"] for b in mine].count(booked["ebill"]["ebill_id"]) == 1


def test_bad_input_is_refused_and_changes_nothing(server):
    headers = server.visit(cards(server, 20)[14])
    booked, _ = book(server, headers, skip=2)
    other = server.visit(cards(server, 20)[15])
    before = rows(server.db_path, "SELECT COUNT(*) FROM slip_reprints")
    cases = [
        (other, f"{booked['receipt_no']}/reprints", 404, "receipt_not_found"),  # someone else's
        (other, f"{booked['receipt_no']}/cancellation", 404, "receipt_not_found"),
        (headers, "99999999999999/reprints", 404, "receipt_not_found"),
        (headers, "not-a-receipt/reprints", 422, "invalid_request"),
    ]
    for who, tail, status, code in cases:
        assert error_code(server.post(f"/api/v1/patients/me/records/{tail}", {}, headers=key(who)),
                          status) == code
    assert error_code(server.post(f"/api/v1/patients/me/records/{booked['receipt_no']}/reprints",
                                  {}, headers=headers), 400) == "idempotency_key_required"
    assert error_code(server.get("/api/v1/patients/me/records", params={"days": 500}, headers=headers),
                      422) == "invalid_request"
    assert rows(server.db_path, "SELECT COUNT(*) FROM slip_reprints") == before
    assert rows(server.db_path, "SELECT status FROM registrations WHERE receipt_no = ?",
                booked["receipt_no"]) == [("booked",)]


def test_a_checked_in_or_started_appointment_is_not_cancellable(server):
    headers = server.visit(cards(server, 20)[16])
    booked, _ = book(server, headers, skip=3)
    server.advance(8 * 86_400)  # past its session
    late = server.post(f"/api/v1/patients/me/records/{booked['receipt_no']}/cancellation", {},
                       headers=key(server.visit(cards(server, 20)[16])))
    assert error_code(late, 409) == "not_cancellable"
    assert rows(server.db_path, "SELECT status FROM registrations WHERE receipt_no = ?",
                booked["receipt_no"]) == [("booked",)]
