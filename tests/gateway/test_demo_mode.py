"""The demo world exists only with ``--demo``, and within a day no read writes to the database."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gateway.__main__ import TokenFileError, device_tokens, main
from gateway.app import create_app
from gateway.core.settings import Settings
from gateway.core.timeline import today as hospital_today
from testbed.gateway_process import token_file
from tests.gateway.service_client import TOKEN, Clock, cards, make_app, visit

DEMO_ONLY = (
    "/demo/v1/patients",
    "/demo/v1/scenarios",
    "/demo/v1/boxes?drug_code=X",
    "/ehc/cards",
    "/pay/PAY" + "0" * 24,
)


@pytest.fixture
def production(tmp_path):
    app = create_app(Settings(db_path=tmp_path / "gw.sqlite", device_tokens=(TOKEN,)))
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        yield client, tmp_path / "gw.sqlite"


@pytest.mark.parametrize("path", DEMO_ONLY)
def test_without_demo_the_demo_routes_do_not_exist(production, path):
    client, _db = production
    assert client.get(path).status_code == 404


def test_without_demo_nothing_is_seeded_and_nothing_demo_is_documented(production):
    client, db = production
    with closing(sqlite3.connect(db)) as conn:
        for table in ("residents", "patients", "schedules", "departments", "staff"):
            assert conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone() == (0,), table
    assert client.get("/api/v1/departments").json() == {"departments": []}
    paths = client.get("/openapi.json").json()["paths"]
    assert not [p for p in paths if p.startswith(("/demo", "/ehc", "/pay"))]


def _snapshot(db: Path, skip: tuple[str, ...] = ()) -> str:
    """A digest of every row of every table (but ``skip``)."""
    digest = hashlib.sha256()
    with closing(sqlite3.connect(db)) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for name in names:
            if name not in skip:
                for row in conn.execute(f"SELECT * FROM {name} ORDER BY rowid"):
                    digest.update(repr((name, row)).encode())
    return digest.hexdigest()


def test_reads_of_the_hospital_write_nothing(tmp_path):
    db = tmp_path / "gw.sqlite"
    with TestClient(make_app(db, Clock()), headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        with closing(sqlite3.connect(db)) as watcher:
            before = watcher.execute("PRAGMA data_version").fetchone()
            assert client.get("/api/v1/locations").status_code == 200
            assert client.get("/api/v1/departments").status_code == 200
            schedules = client.get("/api/v1/departments/0304/schedules").json()["schedules"]
            slots = client.get(f"/api/v1/schedules/{schedules[0]['schedule_id']}/slots")
            assert slots.status_code == 200
            # data_version moves when another connection commits a change.
            assert watcher.execute("PRAGMA data_version").fetchone() == before


def test_patient_reads_write_nothing_but_the_visit_they_extend(tmp_path):
    db = tmp_path / "gw.sqlite"
    with TestClient(make_app(db, Clock()), headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        headers = visit(client, cards(client)[0])
        before = _snapshot(db, skip=("visits",))
        for path in ("/api/v1/patients/me/appointments", "/api/v1/patients/me/bills",
                     "/api/v1/patients/me/itinerary", "/api/v1/patients/me/reports",
                     "/api/v1/patients/me/prescriptions", "/demo/v1/scenarios"):
            assert client.get(path, headers=headers).status_code == 200, path
        assert _snapshot(db, skip=("visits",)) == before


def test_the_pharmacy_queue_is_listed_without_writing(tmp_path):
    db, clock = tmp_path / "gw.sqlite", Clock()
    with TestClient(make_app(db, clock), headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        signed_in = client.post("/api/v1/staff/sessions",
                                json={"staff_no": "1001", "password": "demo-1001"})
        headers = {"X-Staff-Session": signed_in.json()["staff_session"]}
        before = _snapshot(db, skip=("staff_sessions",))
        for window in ("3", "5", "9"):
            listed = client.get("/api/v1/pharmacy/queue", params={"window": window},
                                headers=headers)
            assert listed.status_code == 200, listed.text
        assert _snapshot(db, skip=("staff_sessions",)) == before
        assert client.get("/api/v1/pharmacy/queue", headers=headers).json()["entries"]


def test_the_day_turns_before_the_first_request_of_the_new_day(tmp_path):
    db, clock = tmp_path / "gw.sqlite", Clock()
    with TestClient(make_app(db, clock), headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        first = {s["date"] for s in client.get("/api/v1/departments/20/schedules").json()["schedules"]}
        clock.now += 24 * 3600
        later = {s["date"] for s in client.get("/api/v1/departments/20/schedules").json()["schedules"]}
        assert len(later - first) == 1 and len(later) == 7


def test_tokens_come_from_files_readable_by_their_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv("GATEWAY_DEVICE_TOKENS", raising=False)
    good = token_file(tmp_path / "good.token", "alpha")
    good.write_text("# kiosks of ward 3\nalpha\n\nbeta\n")
    assert device_tokens([], [good]) == ("alpha", "beta")
    loose = tmp_path / "loose.token"
    loose.write_text("gamma\n")
    os.chmod(loose, 0o644)
    with pytest.raises(TokenFileError, match="chmod 600"):
        device_tokens([], [loose])
    with pytest.raises(TokenFileError, match="cannot read"):
        device_tokens([], [tmp_path / "missing.token"])
    assert main(["--db", str(tmp_path / "gw.sqlite"), "--device-token-file", str(loose)]) == 2


def test_the_running_gateway_keeps_its_token_off_the_command_line(gateway_server):
    cmdline = Path(f"/proc/{gateway_server.proc.pid}/cmdline").read_bytes()
    assert gateway_server.token.encode() not in cmdline
    assert gateway_server.get("/api/v1/capabilities").status_code == 200


def test_a_database_seeded_last_week_shows_this_weeks_schedules(tmp_path):
    db, clock = tmp_path / "gw.sqlite", Clock()
    with TestClient(make_app(db, clock), headers={"Authorization": f"Bearer {TOKEN}"}):
        pass
    clock.now += 8 * 24 * 3600
    with TestClient(make_app(db, clock), headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        with closing(sqlite3.connect(db)) as watcher:
            before = watcher.execute("PRAGMA data_version").fetchone()
            schedules = client.get("/api/v1/departments/20/schedules").json()["schedules"]
            assert watcher.execute("PRAGMA data_version").fetchone() == before
    today = hospital_today(clock.now).isoformat()
    assert len({s["date"] for s in schedules}) == 7 and min(s["date"] for s in schedules) == today
