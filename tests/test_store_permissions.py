"""Every store the kiosk writes is 0600 in a 0700 folder, whatever the process umask.

Each store is opened and written once under a permissive umask (022, the usual default),
then every file and folder under the data folder is checked, SQLite's -wal/-shm included.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from kiosk.audit import AuditKind, AuditLog
from kiosk.intents import IntentStore
from kiosk.outbox import Outbox
from kiosk.paths import data_dir
from printing.folder_printer import FolderPrinter
from printing.queue import PrintQueue


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def modes(root: Path) -> dict[str, int]:
    found = {}
    for path in [root, *root.rglob("*")]:
        found[str(path.relative_to(root.parent))] = stat.S_IMODE(path.stat().st_mode)
    return found


def test_every_store_is_private(tmp_path, umask_022, monkeypatch):
    root = tmp_path / "var" / "ehc-kiosk"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(root))
    folder = data_dir()
    intents = IntentStore(folder / "intents.db")
    intents.key("pay", "registration:L1")
    outbox = Outbox(folder / "outbox.db")
    outbox.put("usage", {"n": 1})
    audit = AuditLog(folder / "audit" / "audit.jsonl", bytes(32))
    audit.append(AuditKind.SIGN_IN, "1001", at=dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC))
    printer = FolderPrinter(folder / "prints")
    queue = PrintQueue(folder / "print-queue.db", {"a4": printer})
    queue.enqueue(b"%PDF-1.4 test", printer="a4", kind="report")
    queue.process_due()
    try:
        found = modes(root)
        assert any(name.endswith("-wal") for name in found), found  # the check covers WAL files
        assert any(name.endswith(".pdf") for name in found), found
        wrong = {
            name: oct(mode) for name, mode in found.items()
            if mode != (0o700 if (root.parent / name).is_dir() else 0o600)
        }
        assert not wrong, wrong
    finally:
        intents.close()
        outbox.close()
        queue.close()


def test_a_store_left_readable_by_an_older_version_is_narrowed(tmp_path, umask_022):
    path = tmp_path / "data" / "outbox.db"
    Outbox(path).close()
    path.chmod(0o644)
    path.parent.chmod(0o755)
    Outbox(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
