"""No outside system is called under the gateway's write lock: while the payment provider
or the insurer is answering, another connection can commit a write to the gateway's
database at once (a slow outside system stalls nobody else), and a repeat of the request
still gets the first answer.

Each outside call is wrapped: before answering, the wrapper commits a write through a second
connection with no busy wait (``timeout=0``), so a write lock held by the request would fail
it with "database is locked" instead of waiting."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from gateway.platform.payment_provider import ProviderUnreachable
from tests.gateway.insurance.helpers import new_bill, pay, voucher
from tests.gateway.service_client import cards, key, rows, visit

WECHAT_CODE = "134567890123456789"  # a WeChat payment code's shape: 18 digits, 10-15 first



class WritesWhileCalled:
    """An outside system whose every call first proves the gateway's write lock is free."""

    def __init__(self, inner, db_path) -> None:
        self._inner = inner
        self._db_path = db_path
        self.calls: list[str] = []

    def __getattr__(self, name: str):
        real = getattr(self._inner, name)
        if not callable(real) or name.startswith("_"):
            return real

        def call(*args, **kwargs):
            with closing(sqlite3.connect(self._db_path, timeout=0, isolation_level=None)) as c:
                c.execute("BEGIN IMMEDIATE")  # raises at once if a request holds the lock
                c.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key)"
                          " DO UPDATE SET value = excluded.value", ("outside_call", name))
                c.execute("COMMIT")
            self.calls.append(name)
            return real(*args, **kwargs)

        return call


@pytest.fixture
def watched(app):
    state = app.state.gateway
    real_provider, real_insurer = state.provider, state.insurer
    state.provider = WritesWhileCalled(real_provider, state.settings.db_path)
    state.insurer = WritesWhileCalled(real_insurer, state.settings.db_path)
    yield state
    state.provider, state.insurer = real_provider, real_insurer


def _order(client, state, index: int) -> tuple[dict, str]:
    """A self-paid order for a fresh bill of the ``index``-th demo patient: (headers, id)."""
    db_path = state.settings.db_path
    card = cards(client, 30)[index]
    headers = visit(client, card)
    patient_id = rows(db_path, "SELECT patient_id FROM patients WHERE health_card_id = ?",
                      card)[0][0]
    preview = client.post("/api/v1/settlements/previews", json={"bill_ids": [
        new_bill(db_path, patient_id, state.clock(), 2)]}, headers=key(headers)).json()
    made = client.post("/api/v1/payments", json={"purpose": "bills", "reference":
                       preview["preview_id"], "amount_fen": preview["self_pay_fen"]},
                       headers=key(headers))
    assert made.status_code == 201, made.text
    return headers, made.json()["payment_id"]


def test_payment_code_charge_poll_and_reverse_leave_the_lock_free(app, client, watched):
    db_path = watched.settings.db_path
    headers, payment_id = _order(client, watched, 21)
    client.post("/demo/v1/payment-code/next", json={"outcome": "password"})
    charge_key = key(headers)
    first = client.post(f"/api/v1/payments/{payment_id}/code",
                        json={"payment_code": WECHAT_CODE}, headers=charge_key)
    assert first.status_code == 200 and first.json()["status"] == "processing", first.text
    assert "micropay" in watched.provider.calls
    polled = client.get(f"/api/v1/payments/{payment_id}", headers=headers)
    assert polled.json()["status"] == "processing" and "query" in watched.provider.calls
    again = client.post(f"/api/v1/payments/{payment_id}/code",
                        json={"payment_code": WECHAT_CODE}, headers=charge_key)
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    reversed_ = client.post(f"/api/v1/payments/{payment_id}/reverse", json={}, headers=key(headers))
    assert reversed_.json()["status"] == "failed" and "reverse" in watched.provider.calls
    assert rows(db_path, "SELECT state FROM provider.provider_charges WHERE out_trade_no = ?",
                payment_id) == [("REVOKED",)]
    assert rows(db_path, "SELECT COUNT(*) FROM provider_calls") == [(0,)]
    client.post("/demo/v1/payment-code/next", json={"outcome": "pass"})


def test_refund_of_a_paid_order_tells_the_provider_outside_the_lock(app, client, watched):
    db_path = watched.settings.db_path
    headers, payment_id = _order(client, watched, 22)
    assert client.post(f"/demo/v1/payments/{payment_id}/confirm",
                       json={"method": "wechat"}).status_code == 200
    refund_key = key(headers)
    refunded = client.post(f"/api/v1/payments/{payment_id}/refund", json={}, headers=refund_key)
    assert refunded.json()["status"] == "refunded", refunded.text
    assert "refund" in watched.provider.calls
    assert rows(db_path, "SELECT state FROM provider.provider_charges WHERE out_trade_no = ?",
                payment_id) == [("REFUND",)]
    calls = len(watched.provider.calls)
    again = client.post(f"/api/v1/payments/{payment_id}/refund", json={}, headers=refund_key)
    assert again.json() == refunded.json() and len(watched.provider.calls) == calls


def test_insurance_lookup_preview_and_settlement_leave_the_lock_free(app, client, watched):
    from tests.gateway.insurance.helpers import insured_cards

    db_path = watched.settings.db_path
    patient_id, card = insured_cards(db_path)[5]
    headers = visit(client, card)
    looked = client.post("/api/v1/insurance/lookups",
                         json={"insurance_voucher": voucher(client, card)}, headers=headers)
    assert looked.status_code == 200, looked.text
    assert "person" in watched.insurer.calls
    bill = new_bill(db_path, patient_id, watched.clock(), 3)
    preview_key = key(headers)
    body = {"bill_ids": [bill], "insurance_voucher": voucher(client, card)}
    preview = client.post("/api/v1/settlements/previews", json=body, headers=preview_key)
    assert preview.status_code == 201, preview.text
    assert {"register_visit", "pre_settle"} <= set(watched.insurer.calls)
    calls = len(watched.insurer.calls)
    again = client.post("/api/v1/settlements/previews", json=body, headers=preview_key)
    assert again.json() == preview.json() and len(watched.insurer.calls) == calls
    pv = preview.json()
    payment_id = pay(client, headers, pv) if pv["self_pay_fen"] else None
    settled = client.post("/api/v1/settlements", json={"preview_id": pv["preview_id"],
                          "payment_id": payment_id}, headers=key(headers))
    assert settled.status_code == 201, settled.text
    assert "settle" in watched.insurer.calls


class LosesReplies:
    """A provider whose next answers to ``names`` are lost after it acted (it charged or
    refunded; the gateway never hears)."""

    def __init__(self, inner, *names: str) -> None:
        self._inner, self.lose = inner, set(names)

    def __getattr__(self, name: str):
        real = getattr(self._inner, name)
        if name not in self.lose:
            return real

        def call(*args, **kwargs):
            real(*args, **kwargs)
            raise ProviderUnreachable

        return call


def test_a_charge_and_a_refund_whose_replies_were_lost_are_not_forgotten(app, client):
    state = app.state.gateway
    db_path = state.settings.db_path
    real = state.provider
    state.provider = LosesReplies(real, "micropay", "query", "refund")
    try:
        headers, payment_id = _order(client, state, 23)
        charged = client.post(f"/api/v1/payments/{payment_id}/code",
                              json={"payment_code": WECHAT_CODE}, headers=key(headers))
        # The provider charged; its reply and the query after it were lost: the order stays
        # processing, and the next read asks again and learns it.
        assert charged.json()["status"] == "processing", charged.text
        state.provider.lose -= {"micropay", "query"}
        polled = client.get(f"/api/v1/payments/{payment_id}", headers=headers)
        assert polled.json()["status"] == "success"
        assert polled.json()["trade_no"] == real.query(payment_id).trade_no
        refunded = client.post(f"/api/v1/payments/{payment_id}/refund", json={},
                               headers=key(headers))
        assert refunded.json()["status"] == "refunded"
        # Charged by code, so the refund is a reversal: it was answered and is not pending.
        assert real.query(payment_id).state == "REVOKED"
        headers, paid_qr = _order(client, state, 24)
        assert client.post(f"/demo/v1/payments/{paid_qr}/confirm",
                           json={"method": "wechat"}).status_code == 200
        client.post(f"/api/v1/payments/{paid_qr}/refund", json={}, headers=key(headers))
        # The provider refunded, the reply was lost: the claim stays until it is answered.
        assert rows(db_path, "SELECT action FROM provider_calls WHERE payment_id = ?",
                    paid_qr) == [("refund",)]
        state.provider.lose.clear()
        _order(client, state, 25)  # the next order sends what is still claimed
        assert rows(db_path, "SELECT COUNT(*) FROM provider_calls") == [(0,)]
        assert real.query(paid_qr).state == "REFUND"
    finally:
        state.provider = real
