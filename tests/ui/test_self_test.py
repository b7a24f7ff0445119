"""``ehc-kiosk --self-test``: what an operator runs to check an installation."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import keyring.backends.fail
import pytest
import trustme

from tests.fixtures.tls import TlsFront, hostile
from ui.app import main

pytestmark = pytest.mark.gateway
ROOT = Path(__file__).resolve().parents[2]


def write_config(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[gateway]\nurl = "{url}"\nretries = 0\n', encoding="utf-8")
    return path


def test_self_test_identifies_a_demo_patient(gateway_server, memory_keyring, tmp_path, capsys):
    memory_keyring.set_password("ehc-kiosk", "gateway-device-token", gateway_server.token)
    assert main(["--self-test", "--config", str(write_config(tmp_path, gateway_server.url))]) == 0
    out = capsys.readouterr().out
    assert "self-test OK" in out and "*" in out


def test_self_test_fails_clearly_when_gateway_is_down(memory_keyring, tmp_path, capsys):
    memory_keyring.set_password("ehc-kiosk", "gateway-device-token", "x")
    assert main(["--self-test", "--config", str(write_config(tmp_path, "http://127.0.0.1:9"))]) == 1
    assert "not reachable" in capsys.readouterr().err


def test_wrong_token_is_refused(gateway_server, memory_keyring, tmp_path, capsys):
    memory_keyring.set_password("ehc-kiosk", "gateway-device-token", "not-the-token")
    assert main(["--self-test", "--config", str(write_config(tmp_path, gateway_server.url))]) == 1
    assert "did not accept this kiosk" in capsys.readouterr().err


def test_no_secure_keyring_fails_closed(tmp_path, capsys):
    keyring.set_keyring(keyring.backends.fail.Keyring())
    assert main(["--self-test", "--config", str(write_config(tmp_path, "http://127.0.0.1:9"))]) == 2
    assert "No secure keyring" in capsys.readouterr().err


def test_missing_token_tells_how_to_enrol(tmp_path, capsys):
    assert main(["--self-test", "--config", str(write_config(tmp_path, "http://127.0.0.1:9"))]) == 2
    assert "kiosk.credentials set" in capsys.readouterr().err


def test_bad_config_names_the_key(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text("[gateway]\nurll = 'x'\n", encoding="utf-8")
    assert main(["--self-test", "--config", str(path)]) == 2
    assert "gateway.urll: unknown key" in capsys.readouterr().err


def test_no_display_says_how_to_run_under_xvfb(gateway_server, memory_keyring, tmp_path, capsys, monkeypatch):
    memory_keyring.set_password("ehc-kiosk", "gateway-device-token", gateway_server.token)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert main(["--config", str(write_config(tmp_path, gateway_server.url))]) == 2
    assert "xvfb-run" in capsys.readouterr().err


@pytest.mark.skipif(
    not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")),
    reason="needs dbus and gnome-keyring (scripts/sysdeps.sh installs them)",
)
def test_enrol_and_self_test_with_a_real_secret_service(gateway_server, tmp_path, tmp_path_factory):
    """The operator's path on a real machine: token into gnome-keyring, then --self-test."""
    config = write_config(tmp_path, gateway_server.url)
    runtime = tmp_path_factory.mktemp("runtime")
    py = sys.executable
    script = (
        "set -e; echo -n test-unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null; "
        f'printf "%s\\n" "$KIOSK_TOKEN" | {py} -m kiosk.credentials set; '
        f"{py} -m ui --self-test --config {config}"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "share"),
        # The keyring daemon's sockets live (and vanish as it exits) outside the folder
        # searched below.
        "XDG_RUNTIME_DIR": str(runtime),
        "KIOSK_TOKEN": gateway_server.token,
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", script],
        env=env, capture_output=True, text=True, timeout=60, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Device token stored" in result.stdout
    assert "self-test OK" in result.stdout
    # Nothing of the token was written in plain text under the home folder.
    for path in tmp_path.rglob("*"):
        if path.is_file() and path.stat().st_size < 1_000_000:
            assert gateway_server.token.encode() not in path.read_bytes(), path


def write_tls_config(tmp_path: Path, url: str, ca_path: Path) -> Path:
    path = tmp_path / "kiosk-tls.toml"
    path.write_text(
        f'[gateway]\nurl = "{url}"\nretries = 0\nca_bundle = "{ca_path}"\n', encoding="utf-8"
    )
    return path


@pytest.fixture
def tls_gateway(gateway_server):
    ca = trustme.CA()
    front = TlsFront(gateway_server.port, ca)
    yield front, ca
    front.stop()


def test_self_test_over_tls_trusts_the_configured_ca_not_the_environment(
    tls_gateway, gateway_server, memory_keyring, tmp_path, capsys, monkeypatch
):
    front, ca = tls_gateway
    memory_keyring.set_password("ehc-kiosk", "gateway-device-token", gateway_server.token)
    right, wrong = tmp_path / "right.pem", tmp_path / "wrong.pem"
    ca.cert_pem.write_to_path(str(right))
    trustme.CA().cert_pem.write_to_path(str(wrong))

    hostile(monkeypatch, wrong)
    assert main(["--self-test", "--config", str(write_tls_config(tmp_path, front.url, right))]) == 0
    assert "self-test OK" in capsys.readouterr().out

    hostile(monkeypatch, right, proxy="")
    assert main(["--self-test", "--config", str(write_tls_config(tmp_path, front.url, wrong))]) == 1
    assert "not reachable (SSLError)" in capsys.readouterr().err


def test_self_test_names_a_missing_ca_file(memory_keyring, tmp_path, capsys):
    memory_keyring.set_password("ehc-kiosk", "gateway-device-token", "x")
    missing = tmp_path / "hospital-ca.pem"
    config = write_tls_config(tmp_path, "https://127.0.0.1:9", missing)
    assert main(["--self-test", "--config", str(config)]) == 2
    assert f"CA file not found: {missing}" in capsys.readouterr().err


def test_self_test_warns_of_parked_outbox_messages(gateway_server, memory_keyring, tmp_path, capsys):
    from kiosk.outbox import Outbox
    from kiosk.paths import data_dir

    outbox = Outbox(data_dir() / "outbox.db")
    outbox.put("mystery", {"n": 1})
    outbox.drain(lambda topic, body: (_ for _ in ()).throw(ValueError(topic)))
    outbox.close()
    memory_keyring.set_password("ehc-kiosk", "gateway-device-token", gateway_server.token)
    assert main(["--self-test", "--config", str(write_config(tmp_path, gateway_server.url))]) == 0
    captured = capsys.readouterr()
    assert "self-test WARNING: 1 parked outbox message(s)" in captured.err
    assert "python -m kiosk.outbox list --data-dir" in captured.err


def private_cups(directory: Path, preserve_job_files: str | None) -> str:
    """A private scheduler (scripts/cups.sh) whose cupsd.conf says PreserveJobFiles
    ``preserve_job_files``, or nothing (cupsd's default: keep documents a day)."""
    started = subprocess.run(["bash", str(ROOT / "scripts" / "cups.sh"), "start", str(directory)],
                             capture_output=True, text=True, timeout=60, check=True)
    conf = directory / "etc" / "cupsd.conf"
    lines = [line for line in conf.read_text().splitlines() if not line.startswith("PreserveJobFiles")]
    if preserve_job_files is not None:
        lines.insert(0, f"PreserveJobFiles {preserve_job_files}")
    conf.write_text("\n".join(lines) + "\n")
    subprocess.run(["bash", str(ROOT / "scripts" / "cups.sh"), "restart", str(directory)],
                   capture_output=True, timeout=60, check=True)
    return next(line.split("=", 1)[1] for line in started.stdout.splitlines()
                if line.startswith("export CUPS_SERVER="))


@pytest.mark.skipif(not Path("/usr/sbin/cupsd").exists(), reason="needs cupsd (scripts/sysdeps.sh)")
@pytest.mark.parametrize("preserve,ok", [("No", True), ("Yes", False), (None, False), ("3600", False)])
def test_self_test_checks_that_cups_keeps_no_documents(
    gateway_server, memory_keyring, tmp_path, capsys, preserve, ok
):
    directory = tmp_path / "cups"
    directory.mkdir()
    try:
        server = private_cups(directory, preserve)
        config = tmp_path / "kiosk.toml"
        config.write_text(
            f'[gateway]\nurl = "{gateway_server.url}"\nretries = 0\n'
            f'[printing.a4]\ntype = "cups"\nqueue = "KioskPDF"\nserver = "{server}"\n'
            f'[printing.slip]\ntype = "folder"\npath = "{tmp_path / "slips"}"\n',
            encoding="utf-8",
        )
        memory_keyring.set_password("ehc-kiosk", "gateway-device-token", gateway_server.token)
        assert main(["--self-test", "--config", str(config)]) == (0 if ok else 1)
        err = capsys.readouterr().err
        if not ok:
            assert f"self-test FAILED: {server}: CUPS keeps printed documents" in err
            assert "PreserveJobFiles No" in err
        else:
            assert "PreserveJobFiles" not in err
    finally:
        subprocess.run(["bash", str(ROOT / "scripts" / "cups.sh"), "stop", str(directory)],
                       capture_output=True, timeout=60)


def test_self_test_without_pycups_warns_instead_of_crashing(
    gateway_server, memory_keyring, tmp_path, capsys, monkeypatch
):
    import printing.cups_printer

    monkeypatch.setattr(printing.cups_printer, "cups", None)  # as on a machine without pycups
    memory_keyring.set_password("ehc-kiosk", "gateway-device-token", gateway_server.token)
    # The default printing settings name a CUPS queue for A4.
    assert main(["--self-test", "--config", str(write_config(tmp_path, gateway_server.url))]) == 0
    assert "self-test WARNING: could not read the settings of" in capsys.readouterr().err


def test_self_test_prints_the_device_status(gateway_server, memory_keyring, tmp_path, capsys):
    memory_keyring.set_password("ehc-kiosk", "gateway-device-token", gateway_server.token)
    assert main(["--self-test", "--config", str(write_config(tmp_path, gateway_server.url))]) == 0
    out = capsys.readouterr().out
    status = [line for line in out.splitlines() if line.startswith("self-test STATUS:")]
    assert any("Gateway: reachable" in line and " ms" in line for line in status)
    assert any("Disk:" in line and "MB free" in line for line in status)
    assert any("Outbox: 0 waiting, 0 parked" in line for line in status)


def test_a_full_disk_fails_the_self_test(gateway_server, memory_keyring, tmp_path, capsys):
    memory_keyring.set_password("ehc-kiosk", "gateway-device-token", gateway_server.token)
    config = write_config(tmp_path, gateway_server.url)
    # A floor of 10 TB, above a kiosk disk's free space: the disk counts as full.
    config.write_text(config.read_text() + "[disk]\nmin_free_mb = 10000000\n", encoding="utf-8")
    assert main(["--self-test", "--config", str(config)]) == 1
    assert "full: nothing new is queued" in capsys.readouterr().err
