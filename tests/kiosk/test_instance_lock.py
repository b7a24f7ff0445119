"""One kiosk per data folder: a second process on the same folder is refused at start."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.instance_lock import LOCK_NAME, DataFolderInUse, InstanceLock

ROOT = Path(__file__).resolve().parents[2]

# A second process taking the same lock, as a second kiosk would at start.
SECOND = """
import sys
from pathlib import Path
from kiosk.instance_lock import InstanceLock, DataFolderInUse
try:
    InstanceLock.acquire(Path(sys.argv[1])).release()
except DataFolderInUse as exc:
    print(exc.code, exc.message.en, exc.next_step.en, sep="\\n")
    raise SystemExit(2)
"""


def second_kiosk(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SECOND, str(folder)], capture_output=True,
                          text=True, timeout=60, cwd=ROOT)


def test_second_process_on_the_same_folder_is_refused_with_a_next_step(tmp_path):
    lock = InstanceLock.acquire(tmp_path)
    try:
        refused = second_kiosk(tmp_path)
        assert refused.returncode == 2
        assert "data_folder_in_use" in refused.stdout
        assert "already running on this data folder" in refused.stdout
        assert "KIOSK_DATA_DIR" in refused.stdout
        assert stat.S_IMODE((tmp_path / LOCK_NAME).stat().st_mode) == 0o600
        assert (tmp_path / LOCK_NAME).read_text().strip() == str(os.getpid())
    finally:
        lock.release()
    assert second_kiosk(tmp_path).returncode == 0  # released: the next kiosk starts


def test_lock_of_a_killed_kiosk_does_not_keep_the_next_one_out(tmp_path):
    with subprocess.Popen(
        [sys.executable, "-c", "import sys; from pathlib import Path; from kiosk.instance_lock import"
         " InstanceLock; InstanceLock.acquire(Path(sys.argv[1])); print('held', flush=True);"
         " sys.stdin.read()", str(tmp_path)],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as holder:
        try:
            assert holder.stdout.readline().strip() == "held"
            assert second_kiosk(tmp_path).returncode == 2
        finally:
            holder.kill()  # as kill -9: no clean-up runs
    assert second_kiosk(tmp_path).returncode == 0  # the file is left; the kernel dropped the lock


def test_the_program_stops_before_its_window_when_the_folder_is_taken(tmp_path, monkeypatch, capsys,
                                                                      memory_keyring):
    from ui.app import main

    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    memory_keyring.set_password("ehc-kiosk", "gateway-device-token", "x")
    config = tmp_path / "kiosk.toml"
    config.write_text('[gateway]\nurl = "http://127.0.0.1:9"\nretries = 0\n', encoding="utf-8")
    lock = InstanceLock.acquire(tmp_path)
    try:
        assert main(["--windowed", "--config", str(config)]) == 2
    finally:
        lock.release()
    assert "Another kiosk program is already running on this data folder" in capsys.readouterr().err


def test_a_second_lock_in_one_process_is_refused_too(tmp_path):
    held = InstanceLock.acquire(tmp_path)
    try:
        with pytest.raises(DataFolderInUse):
            InstanceLock.acquire(tmp_path)
    finally:
        held.release()
