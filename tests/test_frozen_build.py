"""The frozen kiosk (kiosk.spec, ``make dist``) as a hospital installs it: built, enrolled into a
real Secret Service, self-tested against a real reference gateway, and started under a
service manager's notify socket, which must hear READY=1 and then the GUI's watchdog pings."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

BUILD_TIMEOUT_S = 900
pytestmark = [
    pytest.mark.gateway,
    pytest.mark.slow,
    # The build has its own limit (above); the suite's 120 s per test must not cut it short
    # first on a loaded machine (the module's first test pays for the build in its setup).
    pytest.mark.timeout(BUILD_TIMEOUT_S + 120),
    pytest.mark.skipif(
        not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")),
        reason="needs dbus and gnome-keyring (scripts/sysdeps.sh installs them)",
    ),
]
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def frozen(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("frozen")
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"), str(ROOT / "kiosk.spec")],
        cwd=ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    program = work / "dist" / "ehc-kiosk" / "ehc-kiosk"
    assert program.is_file() and os.access(program, os.X_OK)
    return program


def in_keyring_session(script: str, home: Path, extra_env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run ``script`` (sh) with a private D-Bus session and an unlocked gnome-keyring."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "XDG_DATA_HOME": str(home / "share"),
           "XDG_RUNTIME_DIR": str(home), **extra_env}
    unlock = "echo -n test-unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null; "
    return subprocess.run(["dbus-run-session", "--", "sh", "-c", "set -e; " + unlock + script],
                          env=env, capture_output=True, text=True, timeout=120, cwd=home)


def config_for(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[kiosk]\nfullscreen = false\n[gateway]\nurl = "{url}"\nretries = 0\n'
                    '[voice]\nenabled = false\n', encoding="utf-8")
    return path


def test_the_frozen_kiosk_enrols_and_passes_its_self_test(frozen, gateway_server, tmp_path):
    config = config_for(tmp_path, gateway_server.url)
    result = in_keyring_session(
        f'printf "%s\\n" "$KIOSK_TOKEN" | {frozen} --enrol --config {config}; '
        f"{frozen} --self-test --config {config}",
        tmp_path, {"KIOSK_TOKEN": gateway_server.token},
    )
    assert result.returncode == 0, (result.stdout[-2000:], result.stderr[-2000:])
    assert "Device token stored" in result.stdout and "self-test OK" in result.stdout


def test_the_frozen_kiosk_tells_the_service_manager_it_is_up_and_alive(frozen, gateway_server, tmp_path):
    config = config_for(tmp_path, gateway_server.url)
    name = f"ehc-frozen-{secrets.token_hex(6)}"
    manager = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    manager.bind("\0" + name)
    manager.settimeout(60)
    try:
        # The window runs offscreen; the shell stops it once the watchdog has been heard.
        script = (
            f'printf "%s\\n" "$KIOSK_TOKEN" | {frozen} --enrol --config {config} >/dev/null; '
            f"{frozen} --windowed --config {config} & echo $! > {tmp_path}/pid; wait"
        )
        log = open(tmp_path / "kiosk.log", "wb")  # closed below; read it when this fails
        proc = subprocess.Popen(
            ["dbus-run-session", "--", "sh", "-c",
             "set -e; echo -n test-unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null; " + script],
            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "share"),
                 "XDG_RUNTIME_DIR": str(tmp_path), "KIOSK_TOKEN": gateway_server.token,
                 "QT_QPA_PLATFORM": "offscreen", "NOTIFY_SOCKET": "@" + name, "WATCHDOG_USEC": "2000000"},
            stdout=subprocess.DEVNULL, stderr=log, cwd=tmp_path,
        )
        try:
            messages = [manager.recv(4096)]
            while b"WATCHDOG=1" not in messages:
                messages.append(manager.recv(4096))
            assert messages[0].startswith(b"READY=1")
        finally:
            pid = (tmp_path / "pid").read_text().strip() if (tmp_path / "pid").exists() else None
            if pid:
                subprocess.run(["kill", "-TERM", pid], check=False, timeout=10)
            proc.wait(timeout=60)
            log.close()
    finally:
        manager.close()
