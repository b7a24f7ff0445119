"""The outbox retries what can succeed later, parks only what never can, and one bad
message never holds up the others; staff list and re-drive parked messages."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.outbox import Outbox, RetryPolicy
from tests.kiosk.outbox_fakes import Gateway, refusal

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("status,code", [(401, "unauthorized"), (404, "not_found"), (429, "too_many")])
def test_a_refusal_that_can_change_is_retried_after_a_backoff(outbox, clock, status, code):
    gateway = Gateway()
    message = outbox.put("usage", {"n": 1})
    gateway.script[message] = [refusal(status, code)]
    assert outbox.drain(gateway.send) == 0
    assert outbox.dead() == 0 and outbox.pending() == 1
    clock.now += 29
    assert outbox.drain(gateway.send) == 0  # not due yet: the backoff holds
    clock.now += 1
    assert outbox.drain(gateway.send) == 1
    assert gateway.received == [message] and outbox.pending() == 0


def test_backoff_doubles_up_to_its_cap_and_parks_after_the_limit(outbox, clock):
    calls: list[float] = []

    def send(topic: str, body: dict) -> None:
        calls.append(clock.now)
        raise refusal(401, "unauthorized")

    message = outbox.put("usage", {"n": 1})
    for _ in range(2000):  # a pump pass every second
        outbox.drain(send)
        clock.now += 1
    assert [b - a for a, b in zip(calls, calls[1:], strict=False)] == [30, 60, 120, 240]
    assert outbox.dead() == 1 and outbox.pending() == 0
    [parked] = outbox.parked()
    assert parked.id == message and parked.attempts == 5 and "401 unauthorized" in parked.reason


def test_backoff_is_capped():
    policy = RetryPolicy(initial_s=30, max_s=600, max_attempts=50)
    assert [policy.delay(n) for n in (1, 2, 5, 6, 40)] == [30, 60, 480, 600, 600]


def test_a_refusal_that_cannot_change_is_parked_at_once(outbox):
    gateway = Gateway()
    bad = outbox.put("usage", {"n": 1})
    good = outbox.put("usage", {"n": 2})
    gateway.script[bad] = [refusal(422, "invalid_request")]
    assert outbox.drain(gateway.send) == 1
    assert gateway.received == [good]
    assert [p.reason for p in outbox.parked()] == ["422 invalid_request"]


def test_a_sender_that_raises_does_not_block_the_queue(outbox):
    def send(topic: str, body: dict) -> None:
        if topic != "usage":
            raise ValueError(f"unknown outbox topic {topic} {body}")
        delivered.append(body["id"])

    delivered: list[str] = []
    first = outbox.put("usage", {"n": 1})
    outbox.put("mystery", {"n": 2})
    third = outbox.put("usage", {"n": 3})
    assert outbox.drain(send) == 2
    assert delivered == [first, third]
    [parked] = outbox.parked()
    assert parked.topic == "mystery" and parked.reason == "ValueError"  # the type, not the text


def test_outages_delay_but_never_park(outbox, clock):
    gateway = Gateway()
    gateway.down = True
    outbox.put("usage", {"n": 1})
    for _ in range(50):
        assert outbox.drain(gateway.send) == 0
        clock.now += 60
    assert outbox.dead() == 0
    gateway.down = False
    assert outbox.drain(gateway.send) == 1


def test_redrive_puts_parked_messages_back_due_now(outbox):
    gateway = Gateway()
    a = outbox.put("usage", {"n": 1})
    b = outbox.put("usage", {"n": 2})
    gateway.script[a] = [refusal(400, "invalid_request")]
    gateway.script[b] = [refusal(409, "idempotency_key_reused")]
    outbox.drain(gateway.send)
    assert outbox.dead() == 2
    assert outbox.redrive([a, "no-such-id"]) == 1
    assert outbox.drain(gateway.send) == 1 and gateway.received == [a]
    assert outbox.redrive() == 1
    assert outbox.drain(gateway.send) == 1 and outbox.dead() == 0


def test_parked_messages_are_purged_after_the_retention(outbox, clock):
    gateway = Gateway()
    old = outbox.put("usage", {"n": 1})
    gateway.script[old] = [refusal(400, "invalid_request")]
    outbox.drain(gateway.send)
    clock.now += 10 * 86400
    young = outbox.put("usage", {"n": 2})
    gateway.script[young] = [refusal(400, "invalid_request")]
    outbox.drain(gateway.send)
    assert outbox.purge_parked(older_than_s=7 * 86400) == 1
    assert [p.id for p in outbox.parked()] == [young]


def test_an_outbox_of_the_first_release_is_upgraded(tmp_path, clock):
    path = tmp_path / "outbox.db"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,"
        " topic TEXT NOT NULL, body TEXT NOT NULL, created_at REAL NOT NULL,"
        " attempts INTEGER NOT NULL DEFAULT 0, dead INTEGER NOT NULL DEFAULT 0);"
        "INSERT INTO outbox (id, topic, body, created_at, dead) VALUES ('m1', 'usage', '{\"id\": \"m1\"}', 1, 1);"
        "INSERT INTO outbox (id, topic, body, created_at) VALUES ('m2', 'usage', '{\"id\": \"m2\"}', 2);"
    )
    db.commit()
    db.close()
    outbox = Outbox(path, clock=clock)
    gateway = Gateway()
    assert outbox.drain(gateway.send) == 1 and gateway.received == ["m2"]
    assert [p.id for p in outbox.parked()] == ["m1"]
    clock.now += 31 * 86400
    assert outbox.purge_parked(30 * 86400) == 1
    outbox.close()


def run_cli(command: str, *args: str, data_dir: Path) -> subprocess.CompletedProcess:
    # The folder after the command, as the self-test prints it.
    return subprocess.run(
        [sys.executable, "-m", "kiosk.outbox", command, "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )


def test_staff_list_and_redrive_from_the_command_line(tmp_path):
    outbox = Outbox(tmp_path / "outbox.db")
    gateway = Gateway()
    a = outbox.put("usage", {"n": 1, "health_card_id": "A" * 64})
    b = outbox.put("audit", {"n": 2})
    gateway.script[a] = [refusal(400, "invalid_request")]
    gateway.script[b] = [refusal(422, "invalid_request")]
    outbox.drain(gateway.send)
    listed = run_cli("list", data_dir=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert a in listed.stdout and b in listed.stdout and "400 invalid_request" in listed.stdout
    assert "A" * 64 not in listed.stdout  # ids and reasons only, never a body
    assert "2 parked, 0 waiting" in listed.stdout
    one = run_cli("redrive", a, data_dir=tmp_path)
    assert one.returncode == 0 and "1 message(s)" in one.stdout
    assert outbox.pending() == 1 and outbox.dead() == 1
    assert run_cli("redrive", "--all", data_dir=tmp_path).returncode == 0
    assert outbox.pending() == 2 and outbox.dead() == 0
    outbox.close()
    assert run_cli("redrive", data_dir=tmp_path).returncode == 2  # neither ids nor --all
    assert run_cli("list", data_dir=tmp_path / "elsewhere").returncode == 2
    before = subprocess.run(
        [sys.executable, "-m", "kiosk.outbox", "--data-dir", str(tmp_path), "list"],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )
    assert before.returncode == 0 and "0 parked, 2 waiting" in before.stdout
