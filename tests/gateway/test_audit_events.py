"""Counter audit events (append-only, idempotent by event_id) and the counter's contract."""

import hashlib
import secrets
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

import pytest

from gateway.core.counter_errors import ALL_COUNTER_KINDS
from testbed.gateway_process import token_file
from tests.gateway.counter_client import count, error
from tests.gateway.service_client import operations

ROOT = Path(__file__).resolve().parents[2]


GENESIS = "0" * 64


def _link(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()  # any 64-hex: the key is the workstation's


def _event(**overrides):
    """The first event of a fresh chain, unless ``overrides`` place it elsewhere."""
    body = {"event_id": str(uuid.uuid4()), "chain": str(uuid.uuid4()), "seq": 1,
            "kind": "dispense", "staff_no": "1001",
            "at": "2027-01-15T16:05:00+08:00", "patient_ref": "PR0123456789abcdef0123",
            "detail": {"dispense_id": "DS0001", "boxes": 3},
            "prev_link": GENESIS, "link": _link(str(uuid.uuid4()))}
    return {**body, **overrides}


def _next(event, **overrides):
    place = {"chain": event["chain"], "seq": event["seq"] + 1, "prev_link": event["link"]}
    return _event(**{**place, **overrides})


_SESSIONS: dict[int, dict[str, str]] = {}


def _post(gateway_server, event):
    """Post as the staff member 1001 (a pharmacist) signed in at this workstation."""
    headers = _SESSIONS.get(id(gateway_server))
    if headers is None:
        headers = _SESSIONS[id(gateway_server)] = gateway_server.staff_headers("1001")
    return gateway_server.post("/api/v1/audit-events", event, headers=headers)


@pytest.mark.gateway
def test_record_replay_and_reuse(gateway_server):
    event = _event()
    first = _post(gateway_server, event)
    assert first.status_code == 201, first.text
    assert first.json()["event_id"] == event["event_id"] and first.json()["status"] == "recorded"
    replay = _post(gateway_server, event)
    assert replay.status_code == 202 and replay.json() == first.json()
    assert replay.headers["Idempotent-Replayed"] == "true"
    changed = _post(gateway_server, {**event, "kind": "reprint"})
    assert error(changed, 422)["code"] == "idempotency_key_reused"
    assert count(gateway_server.db_path, "SELECT COUNT(*) FROM audit_events WHERE event_id = ?",
                 event["event_id"]) == 1


@pytest.mark.gateway
def test_a_chain_of_events_and_its_anchor(gateway_server):
    event = _event(kind="sign_in")
    assert _post(gateway_server, event).status_code == 201
    for kind in ("call", "dispense", "reprint", "lock", "sign_out"):
        event = _next(event, kind=kind)
        response = _post(gateway_server, event)
        assert response.status_code == 201, response.text
    chains = {a["chain"]: a for a in gateway_server.get("/api/v1/audit-chains").json()["chains"]}
    anchor = chains[event["chain"]]
    assert (anchor["seq"], anchor["link"]) == (6, event["link"])


@pytest.mark.gateway
def test_an_event_out_of_its_place_is_refused(gateway_server):
    first = _event()
    second = _next(first)
    assert _post(gateway_server, first).status_code == 201
    # A later place while the one before is missing: deliver in order.
    third = _next(second)
    gap = error(_post(gateway_server, third), 409)
    assert gap["code"] == "audit_chain_gap" and gap["detail"] == {"expected_seq": 2}
    # A forged link: the right place, but not after the last accepted link.
    forged = _next(first, prev_link=_link("forged"))
    assert error(_post(gateway_server, forged), 409)["code"] == "audit_link_mismatch"
    # A rewrite of a place already taken, and a second first event of the chain.
    rewrite = _event(chain=first["chain"])
    assert error(_post(gateway_server, rewrite), 409)["code"] == "audit_link_mismatch"
    assert _post(gateway_server, second).status_code == 201
    assert _post(gateway_server, third).status_code == 201  # in order now
    for refused in (forged, rewrite):
        assert count(gateway_server.db_path, "SELECT COUNT(*) FROM audit_events WHERE event_id = ?",
                     refused["event_id"]) == 0


@pytest.mark.gateway
def test_a_retry_of_an_accepted_event_is_a_replay_not_a_gap(gateway_server):
    first = _event()
    second = _next(first)
    assert _post(gateway_server, first).status_code == 201
    assert _post(gateway_server, second).status_code == 201
    again = _post(gateway_server, first)  # its reply was lost; the chain has moved on since
    assert again.status_code == 202 and again.headers["Idempotent-Replayed"] == "true"
    assert _post(gateway_server, _next(second)).status_code == 201


@pytest.mark.gateway
def test_chains_are_kept_per_device(start_gateway, tmp_path):
    """Another device cannot extend, or read the anchor of, this device's chain."""
    other = secrets.token_hex(16)
    server = start_gateway(extra_args=("--device-token-file", str(token_file(tmp_path / "b", other))))
    first = _event()
    assert _post(server, first).status_code == 201
    as_other = {"Authorization": f"Bearer {other}"}
    signed = server.post("/api/v1/staff/sessions", {"staff_no": "1001", "password": "demo-1001"},
                         headers=as_other)
    assert signed.status_code == 201, signed.text
    headers = {**as_other, "X-Staff-Session": signed.json()["staff_session"]}
    assert error(server.post("/api/v1/audit-events", _next(first), headers=headers),
                 409)["code"] == "audit_chain_gap"
    theirs = server.get("/api/v1/audit-chains", headers=as_other).json()["chains"]
    assert theirs == []
    [mine] = server.get("/api/v1/audit-chains").json()["chains"]
    assert (mine["chain"], mine["seq"], mine["link"]) == (first["chain"], 1, first["link"])


@pytest.mark.gateway
@pytest.mark.parametrize(("change", "status", "code"), [
    ({"staff_no": "9999"}, 422, "unknown_staff"),
    ({"staff_no": "1003"}, 401, "staff_session_expired"),  # another pharmacist's name
    ({"kind": "delete_everything"}, 422, "invalid_request"),
    ({"event_id": "not-a-uuid"}, 422, "invalid_request"),
    ({"link": "abc"}, 422, "invalid_request"),
    ({"prev_link": None}, 422, "invalid_request"),
    ({"seq": 0}, 422, "invalid_request"),
    ({"chain": "not-a-uuid"}, 422, "invalid_request"),
    ({"at": "2027-01-15T16:05:00"}, 422, "invalid_request"),
    ({"detail": {"text": "x" * 5000}}, 422, "invalid_request"),
])
def test_bad_events_are_refused(gateway_server, change, status, code):
    event = _event(**change)
    assert error(_post(gateway_server, event), status)["code"] == code
    assert count(gateway_server.db_path, "SELECT COUNT(*) FROM audit_events WHERE event_id = ?",
                 event["event_id"]) == 0


@pytest.mark.gateway
def test_events_cannot_be_edited_or_deleted(gateway_server):
    assert _post(gateway_server, _event()).status_code == 201
    with closing(sqlite3.connect(gateway_server.db_path)) as conn:
        for sql in ("UPDATE audit_events SET kind = 'call'", "DELETE FROM audit_events"):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                conn.execute(sql)


@pytest.mark.gateway
def test_capabilities_and_device_token(gateway_server):
    services = gateway_server.get("/api/v1/capabilities").json()["services"]
    assert "pharmacy_counter" in services
    anonymous = gateway_server.http.post(gateway_server.url + "/api/v1/audit-events",
                                         json=_event(), headers={"Authorization": ""},
                                         timeout=10)
    assert error(anonymous, 401)["code"] == "unauthorized"


@pytest.mark.gateway
def test_only_a_staff_session_of_the_right_role_posts_events(gateway_server):
    # A patient kiosk has a device token but no staff session: no dispense in anyone's name.
    kiosk = gateway_server.post("/api/v1/audit-events", _event())
    assert error(kiosk, 401)["code"] == "staff_session_expired"
    made_up = gateway_server.post("/api/v1/audit-events", _event(),
                                  headers={"X-Staff-Session": "made-up"})
    assert error(made_up, 401)["code"] == "staff_session_expired"
    # An assistant records their own calls, but not a dispense.
    assistant = gateway_server.staff_headers("1002")
    call = gateway_server.post("/api/v1/audit-events", _event(kind="call", staff_no="1002"),
                               headers=assistant)
    assert call.status_code == 201, call.text
    dispense = gateway_server.post("/api/v1/audit-events", _event(staff_no="1002"),
                                   headers=assistant)
    assert error(dispense, 403)["code"] == "role_not_allowed"
    # Events of a session arrive after its sign-out through the outbox: still accepted.
    pharmacist = gateway_server.staff_headers("1001")
    assert gateway_server.http.delete(gateway_server.url + "/api/v1/staff/sessions/current",
                                      headers=pharmacist, timeout=10).status_code == 204
    late = gateway_server.post("/api/v1/audit-events", _event(kind="sign_out"),
                               headers=pharmacist)
    assert late.status_code == 201, late.text


# -- the served contract -----------------------------------------------------------------------
OURS = ("/api/v1/staff", "/api/v1/pharmacy", "/api/v1/audit-events", "/api/v1/audit-chains",
        "/demo/v1/boxes")
KEYED = {"/api/v1/pharmacy/queue/call-next", "/api/v1/pharmacy/queue/{queue_id}/call",
         "/api/v1/pharmacy/dispenses"}


def test_every_counter_operation_documents_errors_and_keys(spec):
    documented = operations(spec, OURS)
    assert len(documented) == 14
    for path, method, operation in documented:
        codes = operation["responses"]
        assert len([c for c in codes if c.startswith("2")]) == 1, (path, method)
        for code in (c for c in codes if c.startswith("4")):
            schema = codes[code]["content"]["application/json"]["schema"]
            assert schema["$ref"].endswith("/ErrorEnvelope"), (path, method, code)
        headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        assert ("Idempotency-Key" in headers) == (path in KEYED), path
        if path.startswith("/api/v1/pharmacy"):
            assert {"StaffSession": []} in operation["security"], path


def test_every_counter_error_code_is_in_the_docs():
    docs = (ROOT / "docs/api/pharmacy-counter.md").read_text(encoding="utf-8")
    for kind in ALL_COUNTER_KINDS:
        assert f"| `{kind.code}` | {kind.status} | {kind.message_zh} |" in docs, kind.code
    assert "pharmacy-counter.md" in (ROOT / "docs/gateway-api.md").read_text(encoding="utf-8")
