"""The audit log's hash chain: intact logs verify, edits and deletions are found."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.audit import GENESIS, AuditKind, AuditLog, main, verify

AT = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)


def _write(path, n=5):
    log = AuditLog(path)
    records = []
    for i in range(n):
        records.append(
            log.append(AuditKind.DISPENSE if i % 2 else AuditKind.CALL, "1001",
                       patient_ref=f"P-{i}", detail={"n": i}, at=AT)
        )
    return records


def test_intact_log_verifies(tmp_path):
    path = tmp_path / "audit.jsonl"
    records = _write(path)
    assert records[0]["prev_hash"] == GENESIS
    verdict = verify(path)
    assert verdict.ok and verdict.lines == 5


def test_reopened_log_continues_the_chain(tmp_path):
    path = tmp_path / "audit.jsonl"
    _write(path, 3)
    AuditLog(path).append(AuditKind.SIGN_OUT, "1001", at=AT)
    assert verify(path).ok and verify(path).lines == 4


def test_edited_line_is_reported(tmp_path):
    path = tmp_path / "audit.jsonl"
    _write(path)
    lines = path.read_text().splitlines()
    record = json.loads(lines[2])
    record["staff_no"] = "9999"
    lines[2] = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    path.write_text("\n".join(lines) + "\n")
    verdict = verify(path)
    assert verdict.broken_at == 3 and "changed" in verdict.reason


def test_edit_with_a_recomputed_hash_breaks_the_next_line(tmp_path):
    import hashlib

    path = tmp_path / "audit.jsonl"
    _write(path)
    lines = path.read_text().splitlines()
    record = json.loads(lines[1])
    record["detail"] = {"n": 42}
    body = {k: v for k, v in record.items() if k != "hash"}
    record["hash"] = hashlib.sha256(
        json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()
    lines[1] = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    path.write_text("\n".join(lines) + "\n")
    assert verify(path).broken_at == 3


def test_deleted_line_is_reported(tmp_path):
    path = tmp_path / "audit.jsonl"
    _write(path)
    lines = path.read_text().splitlines()
    del lines[1]
    path.write_text("\n".join(lines) + "\n")
    assert verify(path).broken_at == 2


def test_command_reports_the_first_broken_line(tmp_path, capsys):
    path = tmp_path / "audit.jsonl"
    _write(path)
    assert main(["verify", str(path)]) == 0
    assert "OK: 5 lines" in capsys.readouterr().out
    lines = path.read_text().splitlines()
    lines[3] = lines[3].replace('"1001"', '"1002"')
    path.write_text("\n".join(lines) + "\n")
    assert main(["verify", str(path)]) == 1
    assert "BROKEN at line 4" in capsys.readouterr().out


def test_lines_hold_no_patient_name(tmp_path):
    path = tmp_path / "audit.jsonl"
    AuditLog(path).append(AuditKind.DISPENSE, "1001", patient_ref="ref-opaque", at=AT)
    assert set(json.loads(path.read_text())) == {
        "event_id", "kind", "staff_no", "at", "patient_ref", "detail", "prev_hash", "hash"
    }


@settings(max_examples=25, deadline=None)
@given(n=st.integers(2, 8), data=st.data())
def test_any_single_line_deletion_or_edit_is_caught(tmp_path_factory, n, data):
    path = tmp_path_factory.mktemp("audit") / "audit.jsonl"
    _write(path, n)
    lines = path.read_text().splitlines()
    index = data.draw(st.integers(0, n - 2))  # the last line's deletion is the gateway's to see
    if data.draw(st.booleans()):
        del lines[index]
    else:
        lines[index] = lines[index].replace('"1001"', '"1003"')
    path.write_text("\n".join(lines) + "\n")
    verdict = verify(path)
    assert verdict.broken_at == index + 1


@pytest.mark.parametrize("junk", ["not json", "[]"])
def test_junk_line_is_broken(tmp_path, junk):
    path = tmp_path / "audit.jsonl"
    _write(path, 2)
    with path.open("a") as f:
        f.write(junk + "\n")
    assert verify(path).broken_at == 3


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
