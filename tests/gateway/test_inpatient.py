"""Inpatient services against an in-process demo gateway: admissions and balances, the daily
cost list, deposit top-up paid once, discharge pre-settlement and settlement (a refund and an
amount due), and every refusal: wrong states, bad amounts, unknown ids — nothing changed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.gateway.service_client import key, rows

STORIES = ("comfortable", "low", "refund", "due", "pending", "comfortable2")


@pytest.fixture(scope="module")
def stays(app) -> dict[str, dict[str, Any]]:
    from fastapi.testclient import TestClient

    from tests.gateway.service_client import TOKEN

    path = app.state.gateway.settings.db_path
    found = rows(path, "SELECT admission_id, inpatient_no FROM admissions"
                 " WHERE status != 'settled' ORDER BY admission_id")
    assert len(found) == len(STORIES)
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}):
        pass
    return {
        story: {"admission_id": a, "inpatient_no": n}
        for story, (a, n) in zip(STORIES, found, strict=True)
    }


def wristband(client, stay: dict) -> dict[str, str]:
    answer = client.post("/api/v1/identify", json={"text": stay["inpatient_no"], "source": "wedge"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["matched_by"] == "inpatient_no"
    return {"X-Visit-Token": answer.json()["visit_token"]}


def admission(client, visit: dict) -> dict:
    answer = client.get("/api/v1/patients/me/admissions", headers=visit)
    assert answer.status_code == 200, answer.text
    return answer.json()["admissions"][0]


def refused(answer, status: int, code: str) -> dict:
    assert answer.status_code == status, answer.text
    error = answer.json()["error"]
    assert error["code"] == code
    return error


def pay(client, visit: dict, purpose: str, reference: str, amount: int) -> str:
    order = client.post(
        "/api/v1/payments",
        headers=key(visit),
        json={"purpose": purpose, "reference": reference, "amount_fen": amount},
    )
    assert order.status_code == 201, order.text
    payment_id = order.json()["payment_id"]
    done = client.post(f"/demo/v1/payments/{payment_id}/confirm", json={"method": "alipay"})
    assert done.status_code == 200, done.text
    return payment_id


def db(client) -> Any:
    return client.app.state.gateway.settings.db_path


def test_summary_shows_ward_bed_balance_and_what_the_kiosk_may_do(client, stays):
    low = admission(client, wristband(client, stays["low"]))
    assert low["status"] == "admitted" and low["ward"] == "呼吸内科病区" and low["bed"]
    assert low["days"] == 6 and low["balance_fen"] == low["deposit_fen"] - low["charges_fen"]
    assert low["low_balance"] and low["top_up_allowed"] and not low["discharge_allowed"]
    assert low["discharge_refusal"].endswith("请到住院处办理")
    fine = admission(client, wristband(client, stays["comfortable"]))
    assert not fine["low_balance"] and fine["balance_fen"] > fine["low_balance_fen"]
    pending = admission(client, wristband(client, stays["pending"]))
    assert not pending["discharge_allowed"] and "尚未记账" in pending["discharge_refusal"]
    assert not pending["top_up_allowed"] and pending["top_up_refusal"]
    wards = {admission(client, wristband(client, stays[s]))["ward"] for s in STORIES}
    assert len(wards) >= 4


def test_next_actions_ask_for_a_top_up_and_a_discharge(client, stays):
    low = client.get(
        "/api/v1/patients/me/next-actions", headers=wristband(client, stays["low"])
    ).json()
    assert low["inpatient"] and low["actions"][0]["service"] == "inpatient"
    assert low["actions"][0]["kind"] == "top_up"
    ready = client.get(
        "/api/v1/patients/me/next-actions", headers=wristband(client, stays["refund"])
    ).json()
    assert ready["actions"][0]["kind"] == "discharge"
    fine = client.get(
        "/api/v1/patients/me/next-actions", headers=wristband(client, stays["comfortable"])
    ).json()
    assert fine["inpatient"] and all(a["service"] != "inpatient" for a in fine["actions"])


def test_daily_list_by_category_on_the_hospital_day(client, stays):
    visit = wristband(client, stays["comfortable"])
    stay = admission(client, visit)
    path = f"/api/v1/inpatient/admissions/{stay['admission_id']}/daily-list"
    first = client.get(path, params={"date": stay["admitted_at"][:10]}, headers=visit)
    assert first.status_code == 200, first.text
    body = first.json()
    cats = [c["category"] for c in body["categories"]]
    assert cats[:2] == ["bed", "nursing"] and "drug" in cats and "test" in cats
    assert body["total_fen"] == sum(c["total_fen"] for c in body["categories"])
    for group in body["categories"]:
        assert group["total_fen"] == sum(i["amount_fen"] for i in group["items"])
        for item in group["items"]:
            assert item["amount_fen"] == item["qty"] * item["price_fen"] and item["department"]
            # English mode reads every demo item and unit in English (the glossary's).
            assert item["name_en"].isascii() and item["unit_en"].isascii(), item
    every = [
        client.get(path, params={"date": d}, headers=visit).json()["total_fen"]
        for d in _days(body["first_date"], body["last_date"])
    ]
    assert sum(every) == stay["charges_fen"]
    refused(
        client.get(path, params={"date": "2001-01-01"}, headers=visit), 422, "date_outside_stay"
    )
    refused(client.get(path, params={"date": "not-a-date"}, headers=visit), 422, "invalid_request")
    other = admission(client, wristband(client, stays["low"]))["admission_id"]
    refused(
        client.get(f"/api/v1/inpatient/admissions/{other}/daily-list", headers=visit),
        404,
        "admission_not_found",
    )


def _days(first: str, last: str) -> list[str]:
    from datetime import date, timedelta

    a, b = date.fromisoformat(first), date.fromisoformat(last)
    return [(a + timedelta(days=n)).isoformat() for n in range((b - a).days + 1)]


def test_top_up_is_paid_in_once_with_a_receipt(client, stays):
    visit = wristband(client, stays["low"])
    before = admission(client, visit)
    order = client.post(
        f"/api/v1/inpatient/admissions/{before['admission_id']}/deposits",
        headers=key(visit),
        json={"amount_fen": 200_000},
    )
    assert order.status_code == 201, order.text
    deposit_id = order.json()["deposit_id"]
    refused(
        client.post(
            "/api/v1/payments",
            headers=key(visit),
            json={"purpose": "deposit", "reference": deposit_id, "amount_fen": 100_000},
        ),
        422,
        "amount_mismatch",
    )
    commit = f"/api/v1/inpatient/deposits/{deposit_id}/commit"
    refused(
        client.post(commit, headers=key(visit), json={"payment_id": "PAY" + "0" * 24}),
        404,
        "payment_not_found",
    )
    payment_id = pay(client, visit, "deposit", deposit_id, 200_000)
    keyed = key(visit)
    receipt = client.post(commit, headers=keyed, json={"payment_id": payment_id})
    assert receipt.status_code == 201, receipt.text
    again = client.post(commit, headers=keyed, json={"payment_id": payment_id})
    assert again.json() == receipt.json()  # the lost reply's retry: the same receipt
    refused(
        client.post(commit, headers=key(visit), json={"payment_id": payment_id}),
        409,
        "deposit_already_paid",
    )
    after = admission(client, visit)
    assert after["deposit_fen"] == before["deposit_fen"] + 200_000 and not after["low_balance"]
    assert (
        receipt.json()["balance_fen"] == after["balance_fen"]
        and receipt.json()["method"] == "alipay"
    )
    assert rows(
        db(client),
        "SELECT COUNT(*) FROM deposits WHERE deposit_id = ? AND status = 'paid'",
        deposit_id,
    ) == [(1,)]


@pytest.mark.parametrize("amount", [0, -100, 50, 100_50, 9_999_900, 60_000_00])
def test_bad_deposit_amounts_are_refused_and_nothing_is_ordered(client, stays, amount):
    visit = wristband(client, stays["comfortable"])
    stay = admission(client, visit)
    count = rows(db(client), "SELECT COUNT(*) FROM deposits")
    answer = client.post(
        f"/api/v1/inpatient/admissions/{stay['admission_id']}/deposits",
        headers=key(visit),
        json={"amount_fen": amount},
    )
    error = refused(answer, 422, "bad_deposit_amount")
    assert error["detail"] == {"min_fen": 10_000, "max_fen": 5_000_000}
    assert rows(db(client), "SELECT COUNT(*) FROM deposits") == count


# (path, body, status, code): a top-up refused for its stay's state, an unknown admission or
# deposit, a malformed id; ``{admission}`` is the refund story's (discharge ordered).
TOP_UP_REFUSALS = (
    ("/api/v1/inpatient/admissions/{admission}/deposits", {"amount_fen": 100_000}, 409,
     "top_up_not_allowed"),
    ("/api/v1/inpatient/admissions/AD2699999999/deposits", {"amount_fen": 100_000}, 404,
     "admission_not_found"),
    ("/api/v1/inpatient/deposits/DP0000000000000000/commit", {"payment_id": "PAY" + "0" * 24},
     404, "deposit_not_found"),
    ("/api/v1/inpatient/admissions/bad id/deposits", {"amount_fen": 100_000}, 422,
     "invalid_request"),
)


@pytest.mark.parametrize(("path", "body", "status", "code"), TOP_UP_REFUSALS,
                         ids=[c for *_p, c in TOP_UP_REFUSALS])
def test_top_up_refused_once_discharge_is_ordered_and_for_unknown_ids(
    client, stays, path, body, status, code
):
    visit = wristband(client, stays["refund"])
    stay = admission(client, visit)
    before = rows(db(client), "SELECT COUNT(*) FROM deposits")
    error = refused(
        client.post(path.format(admission=stay["admission_id"]), headers=key(visit), json=body),
        status,
        code,
    )
    if code == "top_up_not_allowed":
        assert error["detail"]["reason"] == stay["top_up_refusal"]
    assert rows(db(client), "SELECT COUNT(*) FROM deposits") == before


def test_discharge_refused_without_an_order_or_with_pending_charges(client, stays):
    for story in ("comfortable", "pending"):
        visit = wristband(client, stays[story])
        stay = admission(client, visit)
        error = refused(
            client.post(
                f"/api/v1/inpatient/admissions/{stay['admission_id']}/discharge-previews",
                headers=key(visit),
                json={},
            ),
            409,
            "discharge_not_allowed",
        )
        assert error["detail"]["reason"].endswith("请到住院处办理")
        assert admission(client, visit)["status"] == stay["status"]


def test_discharge_with_refund_gives_surplus_back_once_to_its_channels(client, stays):
    visit = wristband(client, stays["refund"])
    stay = admission(client, visit)
    preview = client.post(
        f"/api/v1/inpatient/admissions/{stay['admission_id']}/discharge-previews",
        headers=key(visit),
        json={},
    ).json()
    assert preview["due_fen"] == 0 and preview["refund_fen"] > 0
    assert preview["deposit_fen"] - preview["self_pay_fen"] == preview["refund_fen"]
    assert preview["total_fen"] == stay["charges_fen"]
    keyed = key(visit)
    settled = client.post(
        "/api/v1/inpatient/discharge-settlements",
        headers=keyed,
        json={"preview_id": preview["preview_id"]},
    )
    assert settled.status_code == 201, settled.text
    body = settled.json()
    assert sum(r["amount_fen"] for r in body["refunds"]) == preview["refund_fen"]
    assert body["refunds"][0]["method"] == "alipay"  # the newest deposit is given back first
    replay = client.post(
        "/api/v1/inpatient/discharge-settlements",
        headers=keyed,
        json={"preview_id": preview["preview_id"]},
    )
    assert replay.json() == body
    refused(
        client.post(
            "/api/v1/inpatient/discharge-settlements",
            headers=key(visit),
            json={"preview_id": preview["preview_id"]},
        ),
        409,
        "already_discharged",
    )
    refused(
        client.post(
            f"/api/v1/inpatient/admissions/{stay['admission_id']}/discharge-previews",
            headers=key(visit),
            json={},
        ),
        409,
        "already_discharged",
    )
    ours = body["settlement_id"]
    assert rows(db(client), "SELECT SUM(amount_fen) FROM deposit_refunds WHERE settlement_id = ?",
                ours) == [(preview["refund_fen"],)]
    # Told to the provider: one refund per channel, against the charge the deposit came by.
    assert rows(db(client), "SELECT COUNT(*), SUM(r.amount_fen) FROM provider_refunds r JOIN"
                " deposit_refund_calls c ON c.refund_no = r.out_refund_no WHERE c.settlement_id = ?",
                ours) == [(len(body["refunds"]), preview["refund_fen"])]
    assert admission(client, visit)["status"] == "settled"
    # A settled stay's wristband identifies nobody any more.
    gone = client.post(
        "/api/v1/identify", json={"text": stays["refund"]["inpatient_no"], "source": "wedge"}
    )
    assert gone.status_code == 404


def test_discharge_with_money_due_needs_the_payment(client, stays):
    visit = wristband(client, stays["due"])
    stay = admission(client, visit)
    preview = client.post(
        f"/api/v1/inpatient/admissions/{stay['admission_id']}/discharge-previews",
        headers=key(visit),
        json={},
    ).json()
    assert preview["due_fen"] > 0 and preview["refund_fen"] == 0
    settle = {"preview_id": preview["preview_id"]}
    refused(
        client.post("/api/v1/inpatient/discharge-settlements", headers=key(visit), json=settle),
        402,
        "payment_required",
    )
    assert admission(client, visit)["status"] == "discharge_ordered"
    payment_id = pay(client, visit, "discharge", preview["preview_id"], preview["due_fen"])
    settled = client.post(
        "/api/v1/inpatient/discharge-settlements",
        headers=key(visit),
        json={**settle, "payment_id": payment_id},
    )
    assert settled.status_code == 201, settled.text
    assert settled.json()["method"] == "alipay" and settled.json()["refunds"] == []
    refused(
        client.post(
            "/api/v1/inpatient/discharge-settlements",
            headers=key(visit),
            json={**settle, "payment_id": payment_id},
        ),
        409,
        "already_discharged",
    )
    refused(
        client.post(
            "/api/v1/inpatient/discharge-settlements",
            headers=key(visit),
            json={"preview_id": "DV0000000000000000"},
        ),
        404,
        "discharge_preview_not_found",
    )
