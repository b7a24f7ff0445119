"""A discharge's surplus deposit is refunded at the payment provider once, even when the
provider's reply to the settlement is lost: the next read of the settlement asks by the
refund number and records it, never refunding twice."""

from __future__ import annotations

import pytest

from tests.gateway.service_client import key, rows
from tests.gateway.test_inpatient import STORIES, admission, db, wristband


def test_the_refund_reaches_the_provider_once_even_when_its_reply_is_lost(
    tmp_path, monkeypatch
):
    from fastapi.testclient import TestClient

    from tests.gateway.service_client import TOKEN, Clock, make_app

    app = make_app(tmp_path / "gw.sqlite", Clock())
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        _refund_with_a_lost_reply(client, monkeypatch)


def _refund_with_a_lost_reply(client, monkeypatch) -> None:
    from gateway.store import deposit_refunds

    found = rows(db(client), "SELECT admission_id, inpatient_no FROM admissions ORDER BY admission_id")
    visit = wristband(client, dict(zip(("admission_id", "inpatient_no"),
                                       found[STORIES.index("refund")], strict=True)))
    stay = admission(client, visit)
    preview = client.post(
        f"/api/v1/inpatient/admissions/{stay['admission_id']}/discharge-previews",
        headers=key(visit), json={},
    ).json()
    real = deposit_refunds._record
    lost = []

    def reply_lost(conn, call, answer, now):
        if not lost:
            lost.append(call["refund_no"])
            raise ConnectionError("the provider's reply was lost")
        real(conn, call, answer, now)

    monkeypatch.setattr(deposit_refunds, "_record", reply_lost)
    with pytest.raises(ConnectionError):
        client.post("/api/v1/inpatient/discharge-settlements", headers=key(visit),
                    json={"preview_id": preview["preview_id"]})
    monkeypatch.setattr(deposit_refunds, "_record", real)
    (settlement_id,) = rows(db(client), "SELECT settlement_id FROM discharge_settlements"
                            " WHERE admission_id = ?", stay["admission_id"])[0]
    assert rows(db(client), "SELECT state FROM deposit_refund_calls WHERE refund_no = ?",
                lost[0]) == [("pending",)]
    read = client.get(f"/api/v1/inpatient/discharge-settlements/{settlement_id}", headers=visit)
    assert read.status_code == 200, read.text
    assert {r["state"] for r in read.json()["refunds"]} == {"done"}
    # One provider refund per channel, their sum the surplus.
    assert rows(db(client), "SELECT COUNT(*), COUNT(DISTINCT r.out_trade_no), SUM(r.amount_fen)"
                " FROM provider_refunds r JOIN deposit_refund_calls c ON c.refund_no = r.out_refund_no"
                " WHERE c.settlement_id = ?", settlement_id) == [(len(read.json()["refunds"]),) * 2
                                              + (preview["refund_fen"],)]
