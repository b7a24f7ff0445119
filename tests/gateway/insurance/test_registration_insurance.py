"""Insured registration fees, in-process on the emulated insurer: the lock's split computed
from policy, only its cash part paid, one settlement however often the commit is retried,
bad input a clear 4xx with nothing changed, and a cancellation revoking the insurance once
(its e-bill 已红冲), a lost 2208 reply resolved later."""

from __future__ import annotations

from gateway.insurance import revocation
from gateway.insurance.interface import InsurerUnreachable
from tests.gateway.insurance.helpers import account, members, voucher
from tests.gateway.service_client import error_code, key, rows, visit


def _lock(client, headers, skip: int = 0) -> dict:
    """A held slot on a later day (so it can be cancelled)."""
    schedules = client.get("/api/v1/departments/0304/schedules").json()["schedules"]
    later = [s for s in schedules if s["status"] == "open" and s["date"] != schedules[0]["date"]]
    schedule = later[skip]
    slots = client.get(f"/api/v1/schedules/{schedule['schedule_id']}/slots").json()["slots"]
    slot = next(s for s in slots if s["available"])
    lock = client.post("/api/v1/registrations/locks", json={
        "schedule_id": schedule["schedule_id"], "slot_id": slot["slot_id"]},
        headers=key(headers))
    assert lock.status_code == 201, lock.text
    return lock.json()


def _insure(client, headers, lock_id: str, **body):
    return client.post(f"/api/v1/registrations/locks/{lock_id}/insurance", json=body,
                       headers=key(headers))


def _pay(client, headers, lock_id: str, amount: int) -> str:
    order = client.post("/api/v1/payments", json={"purpose": "registration",
                        "reference": lock_id, "amount_fen": amount}, headers=key(headers))
    assert order.status_code == 201, order.text
    done = client.post(f"/demo/v1/payments/{order.json()['payment_id']}/confirm",
                       json={"method": "wechat"})
    assert done.status_code == 200, done.text
    return order.json()["payment_id"]


def _book(client, headers, card: str, *, use_account: bool, skip: int = 0) -> tuple[dict, dict]:
    lock = _lock(client, headers, skip)
    insured = _insure(client, headers, lock["lock_id"], insurance_voucher=voucher(client, card),
                      use_personal_account=use_account)
    assert insured.status_code == 201, insured.text
    split = insured.json()
    payment_id = (_pay(client, headers, lock["lock_id"], split["self_pay_fen"])
                  if split["self_pay_fen"] else None)
    made = client.post("/api/v1/registrations", json={"lock_id": lock["lock_id"],
                       "payment_id": payment_id}, headers=key(headers))
    assert made.status_code == 201, made.text
    return made.json(), split


def test_the_fee_splits_by_policy_and_only_the_cash_is_paid(app, client):
    state = app.state.gateway
    db = state.settings.db_path
    patient_id, card, id_number = members(app, "310", account=True)[0]
    headers = visit(client, card)
    before = account(app, id_number)
    lock = _lock(client, headers)
    total = lock["fee"]["total_fen"]
    without = _insure(client, headers, lock["lock_id"], insurance_voucher=voucher(client, card),
                      use_personal_account=False).json()
    assert without["insurance"]["account_fen"] == without["insurance"]["mutual_aid_fen"] == 0
    assert without["self_pay_fen"] == total - without["insurance"]["fund_fen"]
    # The patient changes their mind: with the account, which pays what the fund does not.
    with_account = _insure(client, headers, lock["lock_id"],
                           insurance_voucher=voucher(client, card)).json()
    split = with_account["insurance"]
    assert total == split["fund_fen"] + split["account_fen"] + split["mutual_aid_fen"] \
        + split["cash_fen"]
    assert split["account_fen"] > 0 and split["balance_after_fen"] == before - split["account_fen"]
    assert with_account["insurance_fen"] == total - split["cash_fen"]
    assert split["cash_fen"] == 0  # the account holds more than a registration costs
    # The payment step pays the cash part: none here, so the commit has no payment.
    idem = key(headers)
    made = client.post("/api/v1/registrations", json={"lock_id": lock["lock_id"]}, headers=idem)
    assert made.status_code == 201, made.text
    again = client.post("/api/v1/registrations", json={"lock_id": lock["lock_id"]}, headers=idem)
    assert again.json() == made.json()  # a lost reply retried: the same answer
    reg = made.json()
    assert reg["paid"] == {"self_fen": 0, "insurance_fen": total, "method": None}
    assert reg["insurance"] == split and reg["ebill"]["bill_number"]
    assert account(app, id_number) == before - split["account_fen"]
    # One settlement at the hospital and one at the insurer, however often it is asked.
    fresh = client.post("/api/v1/registrations", json={"lock_id": lock["lock_id"]},
                        headers=key(headers))
    assert error_code(fresh, 409) == "already_registered"
    assert rows(db, "SELECT status, receipt_no FROM insurance_settlements WHERE lock_id = ?",
                lock["lock_id"]) == [("settled", reg["receipt_no"])]
    assert rows(db, "SELECT COUNT(*) FROM insurer.nhsa_settlements s JOIN registration_insurance r"
                " USING (mdtrt_id) WHERE r.lock_id = ? AND s.status = 'settled'",
                lock["lock_id"]) == [(1,)]
    assert rows(db, "SELECT self_fen, insurance_fen FROM registrations WHERE receipt_no = ?",
                reg["receipt_no"]) == [(0, total)]
    bills = client.get("/api/v1/patients/me/ebills", headers=headers).json()["ebills"]
    bill = next(b for b in bills if b["ebill_id"] == reg["ebill"]["ebill_id"])
    assert bill["status_zh"] == "已开具" and bill["account_fen"] == split["account_fen"]


def test_without_the_account_the_cash_part_is_paid_by_scan(app, client):
    patient_id, card, _ = members(app, "310", account=True)[1]
    headers = visit(client, card)
    reg, split = _book(client, headers, card, use_account=False)
    cash = split["insurance"]["cash_fen"]
    assert cash > 0 and reg["paid"]["self_fen"] == cash and reg["paid"]["method"] == "wechat"
    assert reg["paid"]["insurance_fen"] == split["insurance"]["fund_fen"]


def _unchanged(db) -> tuple:
    return (rows(db, "SELECT COUNT(*) FROM registration_insurance"),
            rows(db, "SELECT COUNT(*), status FROM insurance_settlements GROUP BY status"),
            rows(db, "SELECT COUNT(*) FROM registrations"))


def test_bad_input_is_a_clear_4xx_and_changes_nothing(app, client):
    db = app.state.gateway.settings.db_path
    _, card, id_number = members(app, "310", account=True)[2]
    other = members(app, "390", account=False)[0]
    headers = visit(client, card)
    lock = _lock(client, headers)
    before = _unchanged(db)
    path = lock["lock_id"]
    cases = [
        (_insure(client, headers, "LK0000", insurance_voucher=voucher(client, card)), 404,
         "lock_not_found"),
        (_insure(client, headers, path), 422, "insurance_card_required"),
        (_insure(client, headers, path, insurance_voucher=voucher(client, other[1])), 409,
         "voucher_mismatch"),
        (_insure(client, headers, path, insurance_voucher="NHSA12"), 400, "malformed_code"),
    ]
    for answer, status, code in cases:
        assert error_code(answer, status) == code
    assert _unchanged(db) == before
    # Pre-settled without the account: a commit without paying the cash part is refused,
    # and an order of another amount than the cash part is refused.
    insured = _insure(client, headers, path, insurance_voucher=voucher(client, card),
                      use_personal_account=False)
    assert insured.status_code == 201
    before = _unchanged(db)
    unpaid = client.post("/api/v1/registrations", json={"lock_id": path}, headers=key(headers))
    assert error_code(unpaid, 402) == "payment_required"
    assert _unchanged(db) == before
    order = client.post("/api/v1/payments", json={"purpose": "registration", "reference": path,
                        "amount_fen": insured.json()["self_pay_fen"] + 1}, headers=key(headers))
    assert error_code(order, 422) == "amount_mismatch"
    assert _unchanged(db) == before


def test_a_cancellation_revokes_the_insurance_once(app, client, monkeypatch):
    state = app.state.gateway
    db = state.settings.db_path
    _, card, id_number = members(app, "310", account=True)[3]
    headers = visit(client, card)
    before = account(app, id_number)
    reg, split = _book(client, headers, card, use_account=True)
    assert account(app, id_number) == before - split["insurance"]["account_fen"]
    path = f"/api/v1/patients/me/records/{reg['receipt_no']}/cancellation"
    done = client.post(path, json={}, headers=key(headers))
    assert done.status_code == 200, done.text
    assert done.json()["insurance_revoked_fen"] == split["insurance_fen"]
    assert done.json()["refund_fen"] == split["self_pay_fen"]
    again = client.post(path, json={}, headers=key(headers))
    assert error_code(again, 409) == "already_cancelled"
    assert account(app, id_number) == before  # given back once
    assert rows(db, "SELECT status FROM insurance_settlements WHERE registration_id = ?",
                reg["registration_id"]) == [("revoked",)]
    bill = client.get(f"/api/v1/ebills/{reg['ebill']['ebill_id']}", headers=headers).json()
    assert bill["status"] == "reversed" and bill["status_zh"] == "已红冲"

    # A 2208 whose reply is lost: the insurer revoked, the gateway does not know yet. The
    # cancellation stands; the claim is sent again later, the same message answered once.
    reg2, split2 = _book(client, headers, card, use_account=True, skip=1)
    real = state.insurer.revoke

    def lost(*args):
        real(*args)
        raise InsurerUnreachable("reply lost", maybe_done=True)

    monkeypatch.setattr(state.insurer, "revoke", lost)
    cancelled = client.post(f"/api/v1/patients/me/records/{reg2['receipt_no']}/cancellation",
                            json={}, headers=key(headers))
    assert cancelled.status_code == 200, cancelled.text
    assert rows(db, "SELECT status, revoke_msgid IS NOT NULL FROM insurance_settlements"
                " WHERE registration_id = ?", reg2["registration_id"]) == [("settled", 1)]
    monkeypatch.setattr(state.insurer, "revoke", real)
    assert revocation.send_claimed(state) is True
    assert rows(db, "SELECT status FROM insurance_settlements WHERE registration_id = ?",
                reg2["registration_id"]) == [("revoked",)]
    assert rows(db, "SELECT COUNT(*) FROM insurer.nhsa_settlements WHERE status = 'revoked'"
                " AND revoke_msgid IN (SELECT revoke_msgid FROM insurance_settlements"
                " WHERE registration_id IN (?, ?))",
                reg["registration_id"], reg2["registration_id"]) == [(2,)]
    assert account(app, id_number) == before
    bill2 = client.get(f"/api/v1/ebills/{reg2['ebill']['ebill_id']}", headers=headers).json()
    assert bill2["status_zh"] == "已红冲"
