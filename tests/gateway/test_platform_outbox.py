"""A real gateway process forwards usage reports to the health-card platform (the local
fake Tencent platform) through its durable outbox: retried while the platform is away,
still owed after a restart, and each report sent once."""

from __future__ import annotations

import os
import sqlite3
import uuid
from contextlib import closing

import pytest

from tests.fixtures.fake_health_platform import FakePlatform

pytestmark = pytest.mark.gateway

WAIT_S = 20.0


@pytest.fixture
def fake():
    platform = FakePlatform()
    platform.url = platform.start()
    yield platform
    platform.stop()


@pytest.fixture
def platform_args(tmp_path, fake) -> tuple[str, ...]:
    secret = tmp_path / "platform-secret"
    secret.write_text(fake.secret)
    os.chmod(secret, 0o600)
    config = tmp_path / "platform.toml"
    config.write_text(f'kind = "tencent"\nurl = "{fake.url}"\napp_id = "{fake.app_id}"\n'
                      f'hospital_id = "H1"\nsecret_file = "{secret}"\ntimeout_s = 2\n'
                      "retry_initial_s = 0.1\nretry_max_s = 0.4\n")
    return ("--platform-config", str(config))


def _report(card: str) -> dict:
    return {"report_id": str(uuid.uuid4()), "health_card_id": card, "scene": "0101012",
            "channel": "0200", "card_type": "11", "cost_type": "0100",
            "used_at": "2027-01-15T08:00:00+08:00", "terminal_id": "KIOSK-03"}


def _states(db_path) -> dict[str, str]:
    with closing(sqlite3.connect(db_path)) as conn:
        return dict(conn.execute("SELECT key, state FROM platform_outbox").fetchall())


def test_reports_reach_the_platform_once_across_an_outage_and_a_restart(
    start_gateway, fake, platform_args
):
    fake.unavailable = True
    first = start_gateway(extra_args=platform_args)
    card = next(p for p in first.demo_patients(3) if p["status"] == "active")["health_card_id"]
    body = _report(card)
    assert first.post("/api/v1/usage-reports", body).status_code == 201
    # Tried, and tried again after the backoff, while the platform is away.
    assert fake.wait_for(lambda: fake.calls.count("unavailable") >= 2, WAIT_S)
    first.stop()
    assert fake.reports == []
    assert _states(first.db_path) == {f"usage:{body['report_id']}": "pending"}

    fake.unavailable = False
    second = start_gateway(db_path=first.db_path, extra_args=platform_args)
    assert fake.wait_for(lambda: len(fake.reports) == 1, WAIT_S)  # owed across the restart
    assert fake.reports[0]["scene"] == "0101012" and fake.reports[0]["qrCodeText"] == f"{card}:1"
    # The kiosk's outbox sends the same report again: answered, not owed again.
    assert second.post("/api/v1/usage-reports", body).status_code == 202
    other = _report(card)
    assert second.post("/api/v1/usage-reports", other).status_code == 201
    assert fake.wait_for(lambda: len(fake.reports) == 2, WAIT_S)
    assert fake.report_requests == [f"usage:{body['report_id']}", f"usage:{other['report_id']}"]
    second.stop()  # lets the forwarder record its last send (it stops with the server)
    assert set(_states(first.db_path).values()) == {"sent"}
