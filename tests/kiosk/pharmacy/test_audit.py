"""The audit log's keyed chain: intact logs verify; edited, forged, rewritten and truncated
logs are found, the last against the gateway's anchor."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.audit import AuditKind, AuditLog, has_events, main, resume
from kiosk.audit_chain import GENESIS, Anchor, line_of, link_of, verify
from kiosk.credentials import audit_key
from kiosk.errors import CredentialError
from kiosk.outbox import Outbox

AT = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)
KEY = bytes.fromhex("11" * 32)


def _write(path, n=5, key=KEY):
    log = AuditLog(path, key)
    records = []
    for i in range(n):
        records.append(
            log.append(AuditKind.DISPENSE if i % 2 else AuditKind.CALL, "1001",
                       patient_ref=f"P-{i}", detail={"n": i}, at=AT)
        )
    return records


def _lines(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def _save(path, records):
    path.write_bytes(b"".join(line_of(r) + b"\n" for r in records))


def _anchor(record):
    return Anchor(record["chain"], record["seq"], record["link"])


def test_intact_log_verifies(tmp_path):
    path = tmp_path / "audit.jsonl"
    records = _write(path)
    assert records[0]["prev_link"] == GENESIS and records[0]["seq"] == 1
    assert [r["seq"] for r in records] == [1, 2, 3, 4, 5]
    verdict = verify(path, KEY)
    assert verdict.ok and verdict.lines == 5
    assert verify(path, KEY, [_anchor(records[-1])]).ok
    assert verify(path, KEY, [_anchor(records[2])]).confirmed == 3  # two not delivered yet


def test_a_restarted_workstation_continues_its_chain(tmp_path):
    path = tmp_path / "audit.jsonl"
    first = _write(path, 3)
    again = AuditLog(path, KEY).append(AuditKind.SIGN_OUT, "1001", at=AT)
    assert (again["chain"], again["seq"], again["prev_link"]) == (first[0]["chain"], 4, first[-1]["link"])
    assert verify(path, KEY).ok and verify(path, KEY).lines == 4


def test_edited_event_is_reported(tmp_path):
    path = tmp_path / "audit.jsonl"
    records = _write(path)
    records[2]["staff_no"] = "9999"
    _save(path, records)
    verdict = verify(path, KEY)
    assert verdict.broken_at == 3 and "forged" in verdict.reason


def test_removed_middle_event_with_every_hash_recomputed_is_reported(tmp_path):
    """The attack that passed before: delete an event, then renumber and relink the rest.
    Without the workstation's key the links cannot be made."""
    path = tmp_path / "audit.jsonl"
    records = _write(path)
    del records[1]
    prev = GENESIS
    for seq, record in enumerate(records, start=1):
        record["seq"], record["prev_link"] = seq, prev
        body = {k: v for k, v in record.items() if k != "link"}
        record["link"] = prev = hashlib.sha256(line_of(body)).hexdigest()  # unkeyed, as before
    _save(path, records)
    verdict = verify(path, KEY)
    assert verdict.broken_at == 1 and "key" in verdict.reason
    relinked = [dict(r) for r in records]
    prev = GENESIS
    wrong_key = secrets.token_bytes(32)  # a guessed key fares no better
    for record in relinked:
        record["prev_link"] = prev
        record["link"] = prev = link_of(wrong_key, record)
    _save(path, relinked)
    assert verify(path, KEY).broken_at == 1


def test_forged_event_appended_is_reported(tmp_path):
    path = tmp_path / "audit.jsonl"
    records = _write(path, 3)
    forged = {**records[-1], "event_id": "e" * 8, "seq": 4, "prev_link": records[-1]["link"],
              "kind": "dispense", "staff_no": "1003"}
    forged["link"] = hashlib.sha256(line_of(forged)).hexdigest()
    _save(path, [*records, forged])
    verdict = verify(path, KEY)
    assert verdict.broken_at == 4 and "forged" in verdict.reason


def test_removed_middle_event_breaks_the_next_place(tmp_path):
    path = tmp_path / "audit.jsonl"
    records = _write(path)
    _save(path, records[:1] + records[2:])
    verdict = verify(path, KEY)
    assert verdict.broken_at == 2 and "missing" in verdict.reason


def test_truncated_tail_is_found_only_against_the_gateway(tmp_path):
    path = tmp_path / "audit.jsonl"
    records = _write(path)
    _save(path, records[:3])
    assert verify(path, KEY).ok  # by itself the shorter log is a valid chain …
    verdict = verify(path, KEY, [_anchor(records[-1])])  # … but the gateway accepted five
    assert verdict.broken_at == 4 and "truncated" in verdict.reason and verdict.confirmed == 5


def test_a_tail_rewritten_with_the_key_differs_from_the_gateways_anchor(tmp_path):
    path = tmp_path / "audit.jsonl"
    records = _write(path)
    log_path = tmp_path / "rewritten.jsonl"
    _save(log_path, records[:3])
    log = AuditLog(log_path, KEY)  # someone holding the key rewrites events 4 and 5
    log.append(AuditKind.CALL, "1001", at=AT)
    log.append(AuditKind.CALL, "1001", at=AT)
    assert verify(log_path, KEY).ok
    verdict = verify(log_path, KEY, [_anchor(records[-1])])
    assert verdict.broken_at == 5 and "accepted" in verdict.reason


def test_an_emptied_log_and_other_chains_of_the_device(tmp_path):
    path = tmp_path / "audit.jsonl"
    records = _write(path, 2)
    path.write_bytes(b"")
    verdict = verify(path, KEY, [_anchor(records[-1])])
    assert verdict.ok and verdict.lines == 0 and "also holds chain" in verdict.notes[0]


def test_lines_hold_no_patient_name(tmp_path):
    path = tmp_path / "audit.jsonl"
    AuditLog(path, KEY).append(AuditKind.DISPENSE, "1001", patient_ref="ref-opaque", at=AT)
    assert set(json.loads(path.read_text())) == {
        "event_id", "chain", "seq", "kind", "staff_no", "at", "patient_ref", "detail",
        "prev_link", "link",
    }


def test_a_log_of_the_unkeyed_format_is_kept_aside(tmp_path):
    path = tmp_path / "audit.jsonl"
    old = '{"event_id":"x","hash":"' + "a" * 64 + '","prev_hash":"' + GENESIS + '"}\n'
    path.write_text(old)
    AuditLog(path, KEY).append(AuditKind.SIGN_IN, "1001", at=AT)
    [aside] = tmp_path.glob("audit.jsonl.unkeyed-*")
    assert aside.read_text() == old
    assert verify(path, KEY).ok and verify(path, KEY).lines == 1


@settings(max_examples=25, deadline=None)
@given(n=st.integers(2, 8), data=st.data())
def test_any_single_deletion_or_edit_is_caught(tmp_path_factory, n, data):
    path = tmp_path_factory.mktemp("audit") / "audit.jsonl"
    records = _write(path, n)
    lines = path.read_text().splitlines()
    index = data.draw(st.integers(0, n - 1))
    if data.draw(st.booleans()):
        del lines[index]
    else:
        lines[index] = lines[index].replace('"1001"', '"1003"')
    path.write_text("".join(line + "\n" for line in lines))
    verdict = verify(path, KEY, [_anchor(records[-1])])
    assert verdict.broken_at == index + 1


@pytest.mark.parametrize("junk", ["not json", "[]"])
def test_junk_line_is_broken(tmp_path, junk):
    path = tmp_path / "audit.jsonl"
    _write(path, 2)
    with path.open("a") as f:
        f.write(junk + "\n")
    assert verify(path, KEY).broken_at == 3


# -- the outbox: held until written, resumed after a crash ------------------------------------

def _held(outbox, record, session="session-1"):
    from kiosk.audit import TOPIC, message_of

    outbox.put(TOPIC, message_of(record, session), chain=record["chain"], held=True)


def test_an_event_queued_but_not_written_before_a_crash_is_written_at_start(tmp_path):
    path = tmp_path / "audit.jsonl"
    records = _write(path, 2)
    outbox = Outbox(tmp_path / "outbox.db")
    lost = {**records[-1], "event_id": "lost", "seq": 3, "prev_link": records[-1]["link"]}
    lost["link"] = link_of(KEY, lost)
    _held(outbox, lost)  # the crash came after the outbox commit, before the line
    log = AuditLog(path, KEY)
    assert resume(log, outbox) == 1
    assert verify(path, KEY).lines == 3 and _lines(path)[-1]["event_id"] == "lost"
    assert outbox.held("audit") == [] and outbox.pending() == 1
    assert log.append(AuditKind.CALL, "1001", at=AT)["seq"] == 4
    outbox.close()


def test_an_event_written_but_not_released_before_a_crash_is_released_once(tmp_path):
    path = tmp_path / "audit.jsonl"
    outbox = Outbox(tmp_path / "outbox.db")
    records = _write(path, 1)
    _held(outbox, records[0])
    assert resume(AuditLog(path, KEY), outbox) == 1
    assert verify(path, KEY).lines == 1 and outbox.pending() == 1
    outbox.close()


def test_the_key_lives_in_the_keyring_and_is_made_only_for_a_new_log(memory_keyring, tmp_path):
    with pytest.raises(CredentialError, match="audit log's key"):
        audit_key("ehc-kiosk", create=False)
    key = audit_key("ehc-kiosk", create=True)
    assert len(key) == 32 and audit_key("ehc-kiosk", create=False) == key
    assert memory_keyring.get_password("ehc-kiosk", "audit-chain-key") == key.hex()
    path = tmp_path / "audit.jsonl"
    assert not has_events(path)
    _write(path, 1, key)
    assert has_events(path)


def test_command_reports_the_first_broken_line(memory_keyring, tmp_path, capsys):
    key = audit_key("ehc-kiosk", create=True)
    path = tmp_path / "audit.jsonl"
    _write(path, 5, key)
    assert main(["verify", str(path)]) == 0
    assert "OK: 5 events, chain intact (tail not checked" in capsys.readouterr().out
    lines = path.read_text().splitlines()
    lines[3] = lines[3].replace('"1001"', '"1002"')
    path.write_text("\n".join(lines) + "\n")
    assert main(["verify", str(path)]) == 1
    assert "BROKEN at line 4" in capsys.readouterr().out
    memory_keyring.delete_password("ehc-kiosk", "audit-chain-key")
    assert main(["verify", str(path)]) == 2
    assert "key is not in this machine's keyring" in capsys.readouterr().err


def test_the_sender_speaks_in_the_events_staff_session_and_keeps_it_off_the_event():
    from kiosk.audit import STAFF_SESSION, sender

    calls = []

    class Client:
        def call(self, method, path, **kwargs):
            calls.append((method, path, kwargs))

    body = {"id": "e1", "event_id": "e1", "kind": "dispense", STAFF_SESSION: "session-token"}
    sender(Client())(body)
    ((method, path, kwargs),) = calls
    assert (method, path) == ("POST", "/api/v1/audit-events")
    assert kwargs["staff"] == "session-token" and kwargs["idempotency_key"] == "e1"
    assert STAFF_SESSION not in kwargs["json"] and "id" not in kwargs["json"]
