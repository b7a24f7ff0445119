"""Help requests (叫工作人员): a kiosk asks, staff acknowledge and close, the kiosk follows;
who may do what, overdue marking on the hospital clock, keyed replays and bounded bodies."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gateway.__main__ import parse_args
from gateway.app import create_app
from gateway.core.help_errors import HELP_ERRORS
from gateway.core.settings import Settings
from gateway.pages.staff_help import FOREIGN_ORIGIN
from gateway.store.help_requests import ACTIVE_PER_DEVICE
from tests.gateway.service_client import TOKEN, Clock, error_code, key, rows

OTHER = "second-kiosk-token"
BODY = {"terminal_id": "KIOSK-OP1-03", "screen": "payment.qr", "waited_s": 95}
PATH = "/api/v1/help-requests"


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "gw.sqlite"


@pytest.fixture
def app(db_path, clock):
    return create_app(Settings(db_path=db_path, device_tokens=(TOKEN, OTHER), demo=True), clock)


@pytest.fixture
def client(app):
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as test_client:
        yield test_client


def _staff(client, staff_no: str = "1001", token: str = TOKEN) -> dict[str, str]:
    signed_in = client.post("/api/v1/staff/sessions", headers={"Authorization": f"Bearer {token}"},
                            json={"staff_no": staff_no, "password": f"demo-{staff_no}"})
    assert signed_in.status_code == 201, signed_in.text
    return {"X-Staff-Session": signed_in.json()["staff_session"]}


def _ask(client, body=None, headers=None) -> dict:
    response = client.post(PATH, json=body or BODY, headers=key(headers))
    assert response.status_code == 201, response.text
    return response.json()


def _ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.text
    return response.json()


def test_a_request_from_call_to_close(client, clock, caplog):
    caplog.set_level(logging.INFO)
    asked = _ask(client)
    assert asked["status"] == "open" and asked["request_id"].startswith("H")
    assert {k: asked[k] for k in BODY} == BODY
    assert (asked["waiting_s"], asked["overdue"], asked["acknowledged_by"]) == (0, False, None)
    follow = f"{PATH}/{asked['request_id']}"
    assert _ok(client.get(follow)) == asked

    staff = _staff(client)
    listed = _ok(client.get(PATH, headers=staff))
    assert [r["request_id"] for r in listed["requests"]] == [asked["request_id"]]
    clock.now += 30
    taken = _ok(client.post(f"{follow}/acknowledge", headers=key(staff)))
    assert (taken["status"], taken["acknowledged_by"], taken["waiting_s"]) == (
        "acknowledged", "陈静", 30)
    seen = client.get(follow)
    assert _ok(seen)["acknowledged_by"] == "陈静" and "1001" not in seen.text  # name only
    clock.now += 60
    closed = _ok(client.post(f"{follow}/close", headers=key(staff)))
    assert (closed["status"], closed["closed_by"], closed["waiting_s"]) == ("closed", "staff", 30)
    assert _ok(client.get(follow))["status"] == "closed"
    assert _ok(client.get(PATH, headers=staff))["requests"] == []
    done = _ok(client.get(PATH, params={"status": "closed"}, headers=staff))["requests"]
    assert [r["request_id"] for r in done] == [asked["request_id"]]
    assert "陈静" not in caplog.text and "KIOSK-OP1-03" not in caplog.text


def test_a_device_token_alone_cannot_list_or_answer(client):
    request_id = _ask(client)["request_id"]
    for method, path in (("GET", PATH), ("POST", f"{PATH}/{request_id}/acknowledge"),
                         ("POST", f"{PATH}/{request_id}/close")):
        response = client.request(method, path, headers=key())
        assert error_code(response, 401) == "staff_session_expired", path
        anonymous = client.request(method, path, headers=key({"Authorization": ""}))
        assert error_code(anonymous, 401) == "unauthorized", path
    # A staff session works only on the workstation that opened it.
    elsewhere = _staff(client, token=OTHER)
    assert error_code(client.get(PATH, headers=elsewhere), 401) == "staff_session_expired"
    assert error_code(client.post(PATH, json=BODY, headers=key({"Authorization": ""})),
                      401) == "unauthorized"


def test_a_kiosk_follows_and_cancels_only_its_own(client):
    request_id = _ask(client)["request_id"]
    other = {"Authorization": f"Bearer {OTHER}"}
    assert error_code(client.get(f"{PATH}/{request_id}", headers=other), 404) == (
        "unknown_help_request")
    cancel = f"{PATH}/{request_id}/cancel"
    assert error_code(client.post(cancel, headers=key(other)), 404) == "unknown_help_request"
    cancelled = _ok(client.post(cancel, headers=key()))
    assert (cancelled["status"], cancelled["closed_by"]) == ("closed", "kiosk")
    # Cancelling again (the patient left twice) answers it as it is.
    assert _ok(client.post(cancel, headers=key())) == cancelled
    staff = _staff(client)
    for verb in ("acknowledge", "close"):
        refused = client.post(f"{PATH}/{request_id}/{verb}", headers=key(staff))
        assert error_code(refused, 409) == "help_request_closed"
    assert error_code(client.get(f"{PATH}/HFFFFFFFFFFFFFFFF"), 404) == "unknown_help_request"
    assert error_code(client.get(f"{PATH}/not-an-id"), 422) == "invalid_request"


def test_unanswered_requests_become_overdue_on_the_hospital_clock(client, clock, db_path):
    first = _ask(client)
    clock.now += 60
    second = _ask(client, {**BODY, "terminal_id": "KIOSK-OP1-04"})
    staff = _staff(client)
    clock.now += 59
    listed = _ok(client.get(PATH, headers=staff))
    assert [r["overdue"] for r in listed["requests"]] == [False, False]
    before = rows(db_path, "SELECT * FROM help_requests ORDER BY request_id")
    clock.now += 1  # 120 s after the first request
    listed = _ok(client.get(PATH, headers=staff))
    assert [(r["request_id"], r["overdue"]) for r in listed["requests"]] == [
        (first["request_id"], True), (second["request_id"], False)]
    assert (listed["overdue_count"], listed["overdue_after_s"]) == (1, 120)
    assert listed["requests"][0]["waiting_s"] == 120
    assert listed["requests"][0]["overdue_at"] == listed["as_of"]
    assert _ok(client.get(f"{PATH}/{first['request_id']}"))["overdue"] is True
    # Marking is computed when read: nothing was written.
    assert rows(db_path, "SELECT * FROM help_requests ORDER BY request_id") == before
    taken = _ok(client.post(f"{PATH}/{first['request_id']}/acknowledge", headers=key(staff)))
    assert taken["overdue"] is False and taken["waiting_s"] == 120


def test_the_overdue_time_is_configured(db_path, clock):
    app = create_app(Settings(db_path=db_path, device_tokens=(TOKEN,), help_overdue_s=30), clock)
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        request_id = _ask(client)["request_id"]
        clock.now += 30
        assert _ok(client.get(f"{PATH}/{request_id}"))["overdue"] is True


def test_keyed_changes_replay_their_first_answer(client, clock):
    idem = key()
    first = client.post(PATH, json=BODY, headers=idem)
    clock.now += 5
    again = client.post(PATH, json=BODY, headers=idem)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    reused = client.post(PATH, json={**BODY, "waited_s": 1}, headers=idem)
    assert error_code(reused, 422) == "idempotency_key_reused"
    assert error_code(client.post(PATH, json=BODY), 400) == "idempotency_key_required"
    staff = _staff(client)
    acknowledge = f"{PATH}/{first.json()['request_id']}/acknowledge"
    idem = key(staff)
    taken = client.post(acknowledge, headers=idem)
    assert client.post(acknowledge, headers=idem).json() == _ok(taken)
    assert error_code(client.post(acknowledge, headers=staff), 400) == "idempotency_key_required"


def test_one_request_per_terminal_and_a_few_per_device(client):
    request_id = _ask(client)["request_id"]
    twice = client.post(PATH, json=BODY, headers=key())
    assert twice.status_code == 409, twice.text
    error = twice.json()["error"]
    assert (error["code"], error["detail"]) == ("help_request_active", {"request_id": request_id})
    _ok(client.post(f"{PATH}/{request_id}/cancel", headers=key()))
    _ask(client)  # the terminal may ask again once its request is closed
    for n in range(1, ACTIVE_PER_DEVICE):
        _ask(client, {**BODY, "terminal_id": f"KIOSK-{n}"})
    flood = client.post(PATH, json={**BODY, "terminal_id": "KIOSK-X"}, headers=key())
    assert error_code(flood, 429) == "too_many_help_requests"


def test_acknowledged_by_another_is_taken_but_anyone_may_close(client):
    request_id = _ask(client)["request_id"]
    chen, wang = _staff(client, "1001"), _staff(client, "1003")
    acknowledge = f"{PATH}/{request_id}/acknowledge"
    first = _ok(client.post(acknowledge, headers=key(chen)))
    assert _ok(client.post(acknowledge, headers=key(chen))) == first  # one's own again
    assert error_code(client.post(acknowledge, headers=key(wang)), 409) == "help_request_taken"
    closed = _ok(client.post(f"{PATH}/{request_id}/close", headers=key(wang)))
    assert (closed["status"], closed["acknowledged_by"]) == ("closed", "陈静")
    # Closing an open request records who answered it.
    other = _ask(client, {**BODY, "terminal_id": "KIOSK-2"})["request_id"]
    direct = _ok(client.post(f"{PATH}/{other}/close", headers=key(wang)))
    assert direct["acknowledged_by"] == "王海燕" and direct["acknowledged_at"] == direct[
        "closed_at"]


@pytest.mark.parametrize("body", [
    {**BODY, "name": "张三"},  # no personal data travels with a request
    {**BODY, "id_number": "110101199003071234"},
    {**BODY, "visit_token": "x" * 43},
    {**BODY, "patient_id": "P00010001"},
    {k: v for k, v in BODY.items() if k != "screen"},
    {**BODY, "terminal_id": ""},
    {**BODY, "terminal_id": "K" * 65},
    {**BODY, "terminal_id": "KIOSK 3"},
    {**BODY, "terminal_id": "自助机3"},
    {**BODY, "screen": "Payment"},
    {**BODY, "screen": "s" * 41},
    {**BODY, "screen": "110101199003071234"},
    {**BODY, "screen": "payment qr"},
    {**BODY, "waited_s": -1},
    {**BODY, "waited_s": 86_401},
    {**BODY, "waited_s": "soon"},
    {**BODY, "waited_s": 1.5},
])
def test_bounded_bodies_without_personal_data(client, db_path, body):
    assert error_code(client.post(PATH, json=body, headers=key()), 422) == "invalid_request"
    assert rows(db_path, "SELECT COUNT(*) FROM help_requests") == [(0,)]


def test_listing_is_bounded(client):
    staff = _staff(client)
    for params in ({"status": "lost"}, {"limit": 0}, {"limit": 201},
                   {"status": ["open", "closed", "acknowledged", "open"]}):
        response = client.get(PATH, params=params, headers=staff)
        assert error_code(response, 422) == "invalid_request", params


def test_every_error_code_is_in_the_docs():
    docs = (Path(__file__).resolve().parents[2] / "docs/api/records-and-services.md").read_text(
        encoding="utf-8")
    for kind in (*HELP_ERRORS, FOREIGN_ORIGIN):
        assert f"| `{kind.code}` | {kind.status} | {kind.message_zh} |" in docs, kind.code


@pytest.mark.parametrize("value", ["9", "3601", "soon"])
def test_the_overdue_option_is_bounded(value, capsys):
    with pytest.raises(SystemExit):
        parse_args(["--db", "gw.sqlite", "--help-overdue-s", value])
    assert "--help-overdue-s" in capsys.readouterr().err


def test_the_overdue_option_reaches_the_settings():
    assert parse_args(["--db", "gw.sqlite"]).help_overdue_s == 120
    assert parse_args(["--db", "gw.sqlite", "--help-overdue-s", "300"]).help_overdue_s == 300
