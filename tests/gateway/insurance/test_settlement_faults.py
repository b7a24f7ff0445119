"""Never twice: 1,000 insured settlements through an insurer link that loses replies, resets
and delays requests (``testbed.insurer_faults``), with kiosks that lose the gateway's reply
and retry with the same key, or give up.

Afterwards, against the insurer's own records and the hospital's: no visit is settled twice,
every insurer settlement has its hospital settlement (which consumed its payment), no 2207 is
left with an unknown outcome, and each member's account moved exactly by what was settled.
"""

from __future__ import annotations

import os
import random
import sqlite3
from collections import Counter
from contextlib import closing

import pytest
from fastapi.testclient import TestClient

from gateway.insurance.settlement import SWEEP_AFTER_S, sweep
from testbed.insurer_faults import FaultyInsurer
from tests.gateway.insurance.helpers import insured_cards, new_bill, pay, voucher
from tests.gateway.service_client import TOKEN, Clock, key, make_app, visit

# SETTLE_TRIALS=50 for a quick look while changing settlement; the suite runs 1,000.
TRIALS = int(os.environ.get("SETTLE_TRIALS", "1000"))


@pytest.fixture
def world(tmp_path):
    clock = Clock()
    path = tmp_path / "gw.sqlite"
    app = make_app(path, clock)
    state = app.state.gateway
    faulty = FaultyInsurer(state.insurer, seed=20261202)
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        yield client, state, faulty, clock, path


def _settle(client, headers, body, rng) -> tuple[str, dict | None]:
    """A kiosk: retries one key while the outcome is unknown; may give up."""
    idem = key(headers)
    for _ in range(8):
        answer = client.post("/api/v1/settlements", json=body, headers=idem)
        if answer.status_code == 201:
            if rng.random() < 0.2:
                continue  # the reply was lost on the way back: the same key again
            return "settled", answer.json()
        if answer.status_code != 503:
            return answer.json()["error"]["code"], None
        if rng.random() < 0.05:
            return "abandoned", None
    return "abandoned", None


@pytest.mark.slow
@pytest.mark.timeout(1200)  # ~2-4 min on two busy cores: a thousand patients paying
def test_a_thousand_faulty_settlements_settle_once_each(world):
    client, state, faulty, clock, path = world
    real = state.insurer
    state.insurer = faulty
    rng = random.Random(1202)
    cards = insured_cards(path)
    outcomes: Counter[str] = Counter()
    trials = []
    # One visit and e-voucher per patient: the clock stands still, so neither expires.
    visits = {card: (visit(client, card), voucher(client, card)) for _pid, card in cards}
    try:
        for trial in range(TRIALS):
            patient_id, card = cards[trial % len(cards)]
            bill_id = new_bill(path, patient_id, clock.now, lines=rng.randint(1, 4))
            headers, shown = visits[card]
            preview = client.post("/api/v1/settlements/previews", json={
                "bill_ids": [bill_id], "insurance_voucher": shown,
                "use_personal_account": rng.random() < 0.7}, headers=key(headers))
            assert preview.status_code == 201, preview.text
            preview = preview.json()
            payment_id = pay(client, headers, preview) if preview["self_pay_fen"] else None
            body = {"preview_id": preview["preview_id"], "payment_id": payment_id}
            outcome, settled = _settle(client, headers, body, rng)
            outcomes[outcome] += 1
            if outcome not in ("settled", "abandoned") and payment_id:
                # A definite refusal: the kiosk gives the money back at once.
                refund = client.post(f"/api/v1/payments/{payment_id}/refund", json={},
                                     headers=key(headers))
                assert refund.status_code == 200, refund.text
            trials.append((preview, payment_id, outcome, settled))
    finally:
        state.insurer = real
    faulty.flush()  # requests still held on the link arrive now
    clock.now += SWEEP_AFTER_S + 1
    assert sweep(state, clock.now)  # what no kiosk came back for is reversed

    assert faulty.applied["lose_reply"] > TRIALS // 5 and faulty.applied["delay"] > TRIALS // 10, faulty.applied
    assert outcomes["settled"] > TRIALS * 0.8, outcomes
    with closing(sqlite3.connect(path)) as gw, closing(sqlite3.connect(real.path)) as ins:
        assert gw.execute("SELECT COUNT(*) FROM insurance_settlements WHERE status = 'pending'"
                          ).fetchone() == (0,)
        insurer_settled = dict(ins.execute(
            "SELECT setl_id, mdtrt_id FROM nhsa_settlements WHERE status = 'settled'"))
        hospital = gw.execute(
            "SELECT i.setl_id, i.mdtrt_id, s.settlement_id, s.payment_id, i.cash_fen,"
            " p.status, p.consumed_by FROM insurance_settlements i"
            " JOIN settlements s USING (settlement_id)"
            " LEFT JOIN payments p ON p.payment_id = s.payment_id"
            " WHERE i.status = 'settled'").fetchall()
        # Each insurer settlement is exactly one hospital settlement, and the other way round.
        assert {row[0]: row[1] for row in hospital} == insurer_settled
        assert len(hospital) == len(insurer_settled) == outcomes["settled"]
        for _setl, _md, settlement_id, payment_id, cash, status, consumed_by in hospital:
            if cash:  # and its cash part was paid, by the payment it consumed
                assert (status, consumed_by) == ("success", settlement_id)
            else:
                assert payment_id is None
        # One settlement per pre-settlement, and what each kiosk was told is what happened.
        for preview, _payment_id, outcome, settled in trials:
            count = gw.execute("SELECT COUNT(*) FROM settlements WHERE preview_id = ?",
                               (preview["preview_id"],)).fetchone()[0]
            assert count == (1 if outcome == "settled" else 0) or outcome == "abandoned"
            if settled is not None:
                assert settled["insurance"]["cash_fen"] == preview["self_pay_fen"]
        # The accounts moved by exactly what was settled.
        moved = dict(ins.execute(
            "SELECT psn_no, SUM(json_extract(body, '$.account_fen')) FROM nhsa_settlements"
            " WHERE status = 'settled' GROUP BY psn_no"))
        assert ins.execute("SELECT MIN(account_fen) FROM nhsa_persons").fetchone()[0] >= 0
        spent = dict(gw.execute("SELECT psn_no, SUM(account_fen) FROM insurance_settlements"
                                " WHERE status = 'settled' GROUP BY psn_no"))
        assert spent == moved
