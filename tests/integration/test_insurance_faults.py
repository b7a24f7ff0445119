"""Insured settlement through both hostile networks at once: the kiosk's own API layer
(intent keys, retrying client) reaches a real gateway process through the fault proxy, and
that gateway reaches its insurer over a link that loses replies, resets and delivers late
(``testbed.gateway_faulty_insurer``). Each bill ends settled once, with its payment, or not
at all; no 2207 is left unknown."""

from __future__ import annotations

import random
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
import requests

from kiosk.errors import GatewayUnavailable
from kiosk.gateway_client import GatewayClient
from kiosk.intents import IntentStore
from kiosk.models import Visit
from kiosk.usecases.payment import PaymentAPI
from testbed.gateway_faulty_insurer import SEED_ENV
from tests.gateway.insurance.helpers import insured_cards, new_bill

pytestmark = pytest.mark.gateway

TRIALS = 15


def test_insured_settlements_happen_once_through_both_faulty_links(start_gateway, fault_proxy,
                                                                     tmp_path, monkeypatch):
    monkeypatch.setenv(SEED_ENV, "1202")
    server = start_gateway(db_path=tmp_path / "gw.sqlite", entry="testbed.gateway_faulty_insurer")
    proxy = fault_proxy(server.port, seed=20261202)
    http = requests.Session()
    http.headers["Connection"] = "close"  # every request meets the proxy's dice
    client = GatewayClient(proxy.url, server.token, retries=8, timeout_s=3, connect_timeout_s=1,
                           session=http)
    payment = PaymentAPI(client, IntentStore(tmp_path / "intents.db"))
    rng = random.Random(7)
    settled: list[str] = []
    for trial, (patient_id, card) in enumerate(insured_cards(server.db_path)[:TRIALS]):
        bill_id = new_bill(server.db_path, patient_id, 0, lines=rng.randint(1, 3))
        visit = Visit(server.identify(server.code(card, kind="static")).json()["visit_token"])
        preview = payment.preview(visit, f"trial-{trial}", [bill_id], None, insurance={
            "insurance_voucher": server.code(card, kind="insurance")}, use_account=rng.random() < 0.5)
        payment_id = None
        if preview.self_pay_fen:
            order = payment.create_order(visit, "bills", preview.preview_id, preview.self_pay_fen)
            server.confirm_payment(order.payment_id)
            payment_id = order.payment_id
        for _ in range(6):  # the kiosk keeps retrying the one intent while the outcome is unknown
            try:
                payment.settle(visit, preview.preview_id, payment_id)
                settled.append(preview.preview_id)
                break
            except GatewayUnavailable:
                continue
    client.close()

    assert proxy.applied["lose_reply"] > 0, proxy.applied
    assert len(settled) >= TRIALS - 2
    insurer = Path(server.db_path).with_name(Path(server.db_path).stem + ".insurer.sqlite")
    with closing(sqlite3.connect(server.db_path)) as gw, closing(sqlite3.connect(insurer)) as ins:
        hospital = dict(gw.execute("SELECT setl_id, settlement_id FROM insurance_settlements"
                                   " WHERE status = 'settled'"))
        at_insurer = {r[0] for r in ins.execute(
            "SELECT setl_id FROM nhsa_settlements WHERE status = 'settled'")}
        assert set(hospital) == at_insurer  # no double settlement, none unrecorded
        reversed_ = gw.execute("SELECT COUNT(*) FROM insurance_settlements WHERE status = 'reversed'")
        assert reversed_.fetchone()[0] > 0  # the insurer link did lose replies, and they were undone
        for preview_id in settled:
            assert gw.execute("SELECT COUNT(*) FROM settlements WHERE preview_id = ?",
                              (preview_id,)).fetchone() == (1,)
        unpaid = gw.execute("SELECT COUNT(*) FROM settlements s JOIN previews p USING (preview_id)"
                            " LEFT JOIN payments y ON y.payment_id = s.payment_id"
                            " WHERE p.self_pay_fen > 0 AND (y.status != 'success'"
                            " OR y.consumed_by != s.settlement_id)").fetchone()
        assert unpaid == (0,)
        marks = ",".join("?" * len(settled))
        assert gw.execute("SELECT COUNT(*) FROM insurance_settlements WHERE status = 'pending'"
                          f" AND preview_id IN ({marks})", settled).fetchone() == (0,)
