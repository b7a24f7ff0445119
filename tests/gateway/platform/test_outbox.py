"""The platform outbox: usage reports and bindings owed to the health-card platform are sent
by the forwarder against the local fake Tencent platform (real HTTP), retried with backoff
while it is away, never sent again once sent, and a refusal is kept, not retried."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from gateway.core.db import Database
from gateway.platform.config import TencentConfig
from gateway.platform.forwarder import Forwarder
from gateway.platform.tencent import TencentPlatform
from gateway.store import platform_outbox, schema
from tests.fixtures.fake_health_platform import FakePlatform

CARD = "B" * 64
NOW = 1_800_000_000.0
REPORT = {"health_card_id": CARD, "scene": "0101012", "channel": "0200", "cost_type": "0100",
          "at": "2027-01-15 08:00:00"}


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def fake():
    platform = FakePlatform()
    platform.url = platform.start()
    platform.cards[f"{CARD}:1"] = {"name": "王五", "gender": "男", "birthday": "1970-01-01",
                                   "idNumber": "110101197001010018", "idType": "01",
                                   "healthCardId": CARD, "phid": "PH2"}
    yield platform
    platform.stop()


@pytest.fixture
def db(tmp_path) -> Database:
    database = Database(tmp_path / "gw.sqlite")
    conn = database.prepare()
    try:
        schema.migrate(conn)
    finally:
        conn.close()
    return database


def forwarder(db, fake, clock) -> Forwarder:
    config = TencentConfig(kind="tencent", url=fake.url, app_id=fake.app_id, hospital_id="H1",
                           secret_file=Path("/unused"), timeout_s=2)
    return Forwarder(db, TencentPlatform(config, fake.secret, clock), clock,
                     retry_initial_s=10.0, retry_max_s=40.0)


def owe(db, key: str, kind: str = "usage", payload: dict | None = None) -> bool:
    with db.transaction() as conn:
        return platform_outbox.add(conn, key, kind, payload or REPORT, NOW)


def entry(db, key: str) -> sqlite3.Row:
    with db.transaction() as conn:
        return conn.execute("SELECT * FROM platform_outbox WHERE key = ?", (key,)).fetchone()


def test_a_report_is_sent_once_with_its_key_as_the_request_id(db, fake):
    clock = Clock()
    sender = forwarder(db, fake, clock)
    assert owe(db, "usage:r1") and not owe(db, "usage:r1")  # a second copy is ignored
    assert sender.run_once() is None  # sent; nothing owed
    assert fake.report_requests == ["usage:r1"] and len(fake.reports) == 1
    assert fake.reports[0]["scene"] == "0101012" and fake.reports[0]["qrCodeText"] == f"{CARD}:1"
    assert entry(db, "usage:r1")["state"] == "sent"
    clock.now += 3600
    sender.run_once()
    assert not owe(db, "usage:r1")  # sent is sent: never owed again
    assert fake.report_requests == ["usage:r1"]


def test_an_unavailable_platform_is_retried_with_doubling_delays(db, fake):
    clock = Clock()
    sender = forwarder(db, fake, clock)
    owe(db, "usage:r2")
    fake.unavailable = True
    assert sender.run_once() == 10.0  # first retry after retry_initial_s
    row = entry(db, "usage:r2")
    assert (row["state"], row["attempts"], row["last_error"]) == ("pending", 1, "platform_unavailable")
    clock.now += 5
    sender.run_once()  # not due yet: not tried
    assert entry(db, "usage:r2")["attempts"] == 1
    clock.now += 5
    assert sender.run_once() == 20.0  # doubled
    clock.now += 20
    assert sender.run_once() == 40.0
    clock.now += 40
    assert sender.run_once() == 40.0  # capped at retry_max_s
    fake.unavailable = False
    clock.now += 40
    assert sender.run_once() is None
    assert entry(db, "usage:r2")["state"] == "sent" and fake.report_requests == ["usage:r2"]


def test_a_refusal_is_kept_and_not_retried(db, fake):
    clock = Clock()
    sender = forwarder(db, fake, clock)
    owe(db, "usage:r3", payload={**REPORT, "scene": ""})  # the platform needs a scene
    assert sender.run_once() is None
    row = entry(db, "usage:r3")
    assert row["state"] == "refused" and row["last_error"] == "platform_refused"
    clock.now += 86400
    sender.run_once()
    assert fake.calls.count("reportHISData") == 1


def test_a_failed_binding_is_bound_by_the_outbox(db, fake):
    clock = Clock()
    sender = forwarder(db, fake, clock)
    # A patient enrolled at a kiosk (its record row is not what this test is about).
    with closing(sqlite3.connect(db.path)) as conn, conn:
        conn.execute("INSERT INTO enrolled_patients (patient_id, device, enrolled_at, card_bound)"
                     " VALUES ('P00000077', 'dev', ?, 0)", (NOW,))
    owe(db, "bind:P00000077", "bind", {"patient_id": "P00000077", "health_card_id": CARD,
                                       "code_text": f"{CARD}:1"})
    fake.unavailable = True
    assert sender.run_once() == 10.0
    assert fake.bindings == {}
    fake.unavailable = False
    clock.now += 10
    assert sender.run_once() is None
    assert fake.bindings == {f"{CARD}:1": "P00000077"}
    with db.transaction() as conn:
        bound = conn.execute("SELECT card_bound FROM enrolled_patients WHERE patient_id ="
                             " 'P00000077'").fetchone()[0]
    assert bound == 1
    assert json.loads(entry(db, "bind:P00000077")["payload"])["patient_id"] == "P00000077"
