"""The schema is versioned: an older database upgrades at start-up, a newer one is refused."""

from __future__ import annotations

import gzip
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gateway.app import create_app
from gateway.core.db import hash_token
from gateway.core.settings import Settings
from gateway.store import schema
from tests.gateway.service_client import cards, visit

# Made by the gateway as it was before versioning (its SCHEMA strings run as its
# Database.initialise ran them, without the demo seeding): user_version 0.
BEFORE_VERSIONING = Path(__file__).parent / "fixtures" / "before_versioning.sqlite.gz"
TOKEN = "schema-token"


def _tables(path: Path) -> dict[str, list[tuple]]:
    with closing(sqlite3.connect(path)) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {n: [tuple(c)[1:] for c in conn.execute(f"PRAGMA table_info({n})")] for n in names}


def _version(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("PRAGMA user_version").fetchone()[0]


@pytest.fixture
def old_database(tmp_path) -> Path:
    """A database as the gateway made it before versioning, with one device and one patient."""
    path = tmp_path / "old.sqlite"
    path.write_bytes(gzip.decompress(BEFORE_VERSIONING.read_bytes()))
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("INSERT INTO devices VALUES (?, 'old kiosk', '2026-01-01T00:00:00+00:00')",
                     (hash_token(TOKEN),))
        conn.execute("INSERT INTO residents (health_card_id, id_number, name, gender, birth_date,"
                     " card_status) VALUES ('C1', '510107199001011234', '王伟', 'M',"
                     " '1990-01-01', 'active')")
        conn.commit()
    assert _version(path) == 0
    return path


def test_an_empty_database_gets_the_tables_of_before_plus_a_version(tmp_path, old_database):
    fresh = tmp_path / "fresh.sqlite"
    create_app(Settings(db_path=fresh, demo=True))
    assert _version(fresh) == schema.LATEST
    # Version 1 is the old schema; the later migrations bring both to the same tables.
    create_app(Settings(db_path=old_database))
    assert _tables(fresh) == _tables(old_database)


def test_a_database_from_before_versioning_upgrades_and_keeps_its_rows(old_database):
    app = create_app(Settings(db_path=old_database))
    assert _version(old_database) == schema.LATEST
    with closing(sqlite3.connect(old_database)) as conn:
        assert conn.execute("SELECT name FROM residents").fetchall() == [("王伟",)]
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        assert client.get("/api/v1/capabilities").status_code == 200


def test_an_upgraded_database_serves_the_demo(old_database):
    app = create_app(Settings(db_path=old_database, demo=True))
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        headers = visit(client, cards(client)[0])
        assert client.get("/api/v1/patients/me/appointments", headers=headers).status_code == 200


def test_the_patient_reference_key_is_made_once_and_kept(old_database):
    def key() -> str:
        with closing(sqlite3.connect(old_database)) as conn:
            return conn.execute("SELECT value FROM meta WHERE key = 'patient_ref_key'").fetchone()
    create_app(Settings(db_path=old_database))
    first = key()
    assert first is not None and len(first[0]) == 64
    with closing(sqlite3.connect(old_database)) as conn:
        conn.execute("PRAGMA user_version = 1")  # as if migration 2 had not run yet
    create_app(Settings(db_path=old_database))
    assert key() == first


def test_a_database_of_a_newer_gateway_is_refused(tmp_path):
    path = tmp_path / "new.sqlite"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(f"PRAGMA user_version = {schema.LATEST + 1}")
    with pytest.raises(schema.SchemaTooNew):
        create_app(Settings(db_path=path))


def test_migrations_run_in_order_once_and_a_failed_one_changes_nothing(tmp_path):
    steps = [*schema.MIGRATIONS,
             schema.Migration(schema.LATEST + 1, "a note on meta",
                              "ALTER TABLE meta ADD COLUMN note TEXT;")]
    with closing(sqlite3.connect(tmp_path / "m.sqlite")) as conn:
        assert schema.migrate(conn, steps) == 0
        assert schema.migrate(conn, steps) == schema.LATEST + 1  # the ALTER is not run again
        broken = [*steps, schema.Migration(schema.LATEST + 2, "broken",
                                           "CREATE TABLE half (a);\nCREATE TABLE half (a);")]
        with pytest.raises(sqlite3.OperationalError):
            schema.migrate(conn, broken)
        assert schema.version(conn) == schema.LATEST + 1
        assert conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'half'").fetchone() is None


def test_migration_versions_count_up_by_one():
    """Two branches adding a migration each must not both take the same number: a second
    step 6 would never run on a database already at 6."""
    from gateway.store.schema import MIGRATIONS

    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))


def test_the_unused_sign_in_failures_table_is_dropped(tmp_path, old_database):
    fresh = tmp_path / "fresh.sqlite"
    create_app(Settings(db_path=fresh))
    create_app(Settings(db_path=old_database))
    for path in (fresh, old_database):
        assert "staff_sign_in_failures" not in _tables(path)
        assert "staff_sign_in_attempts" in _tables(path)
