"""Plain HTTP only to loopback, and ``python -m kiosk.settings --check FILE``.

No test here connects anywhere: the URLs are judged from their text. The off-machine hosts
are the addresses just outside the loopback range (derived from it, not picked from a real
network) and generated names; nothing names a real host.
"""

from __future__ import annotations

import ipaddress
import logging
import subprocess
import sys
from pathlib import Path

import pytest
import trustme
from hypothesis import given
from hypothesis import strategies as st

from kiosk.errors import ConfigError
from kiosk.settings import parse_settings
from kiosk.settings_check import main
from testbed.addresses import JUST_ABOVE, JUST_BELOW, LOOPBACK_V4, NEXT_TO_V6_LOOPBACK, UNSPECIFIED

ROOT = Path(__file__).resolve().parents[2]

OFF_MACHINE_URL = f"http://{JUST_ABOVE}:8600"
# Host names the check must judge by their text alone (none is "localhost").
host_names = st.from_regex(r"[a-z]{1,12}(\.[a-z]{1,12}){1,3}", fullmatch=True)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8600", f"http://{LOOPBACK_V4.broadcast_address}", "http://[::1]:8600",
    "http://localhost:8600", f"https://{JUST_ABOVE}:8600",
])
def test_loopback_http_and_any_https_are_accepted(url):
    assert parse_settings({"gateway": {"url": url}}).gateway.warnings() == []


@given(host_names)
def test_https_to_any_name_is_accepted(name):
    assert parse_settings({"gateway": {"url": f"https://{name}"}}).gateway.warnings() == []


@pytest.mark.parametrize("url", [
    OFF_MACHINE_URL, f"http://{JUST_BELOW}", f"http://[{NEXT_TO_V6_LOOPBACK}]:8600",
    f"http://{UNSPECIFIED}:8600",
])
def test_plain_http_off_the_machine_is_rejected_naming_the_fix(url):
    with pytest.raises(ConfigError) as caught:
        parse_settings({"gateway": {"url": url}})
    message = caught.value.message.en
    assert "gateway.url: " in message and "allow_plain_http" in message


@given(host_names)
def test_plain_http_to_any_name_but_localhost_is_rejected(name):
    # Also "localhost.<anything>": only the name itself is the machine.
    for host in (name, f"localhost.{name}"):
        with pytest.raises(ConfigError):
            parse_settings({"gateway": {"url": f"http://{host}"}})


@given(st.ip_addresses(v=4))
def test_every_ipv4_outside_127_is_refused_in_plain_http(address):
    url = f"http://{address}:8600"
    if address in ipaddress.ip_network("127.0.0.0/8"):
        assert parse_settings({"gateway": {"url": url}})
    else:
        with pytest.raises(ConfigError):
            parse_settings({"gateway": {"url": url}})


def test_allow_plain_http_is_explicit_and_warns():
    settings = parse_settings({"gateway": {"url": OFF_MACHINE_URL, "allow_plain_http": True}})
    assert "unencrypted" in settings.gateway.warnings()[0]


def test_credentials_in_the_url_are_rejected():
    with pytest.raises(ConfigError) as caught:
        parse_settings({"gateway": {"url": "https://kiosk:secret@127.0.0.1:8600"}})
    assert "user or password" in caught.value.message.en


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_check_names_each_problem_and_fails(tmp_path, capsys):
    config = write(tmp_path, (
        f'[gateway]\nurl = "{OFF_MACHINE_URL}"\ntiemout_s = 3\n'
        f'ca_bundle = "{tmp_path / "missing.pem"}"\n'
        "[session]\nidle_timeout_s = 5\n"
    ))
    assert main(["--check", str(config)]) == 1
    err = capsys.readouterr().err
    assert f"gateway.url: {OFF_MACHINE_URL}/ is plain http://" in err
    assert "gateway.tiemout_s: unknown key" in err
    assert "session.idle_timeout_s: Input should be greater than or equal to 15" in err
    assert "gateway.ca_bundle: Gateway TLS trust: CA file not found" in err
    assert "4 problem(s)" in err


def test_check_reads_the_ca_file_named(tmp_path, capsys):
    config = write(tmp_path, f'[gateway]\nurl = "https://127.0.0.1:8600"\nca_bundle = "{tmp_path / "ca.pem"}"\n')
    assert main(["--check", str(config)]) == 1
    assert "gateway.ca_bundle: Gateway TLS trust: CA file not found" in capsys.readouterr().err
    trustme.CA().cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    assert main(["--check", str(config)]) == 0
    assert "OK" in capsys.readouterr().out


def test_check_accepts_the_shipped_configs(capsys):
    for path in sorted((ROOT / "config").glob("*.toml")):
        assert main(["--check", str(path)]) == 0, capsys.readouterr().err


def test_check_prints_the_plain_http_warning_but_passes(tmp_path, capsys):
    config = write(tmp_path, f'[gateway]\nurl = "{OFF_MACHINE_URL}"\nallow_plain_http = true\n')
    assert main(["--check", str(config)]) == 0
    assert f"warning: gateway.url {OFF_MACHINE_URL}/ is plain HTTP" in capsys.readouterr().err


def test_check_bad_toml_and_missing_file(tmp_path, capsys):
    assert main(["--check", str(write(tmp_path, "[gateway\n"))]) == 1
    assert "not valid TOML" in capsys.readouterr().err
    assert main(["--check", str(tmp_path / "nope.toml")]) == 2


def test_check_runs_as_a_module(tmp_path):
    config = write(tmp_path, f'[gateway]\nurl = "{OFF_MACHINE_URL}"\n')
    result = subprocess.run([sys.executable, "-m", "kiosk.settings", "--check", str(config)],
                            capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 1 and "allow_plain_http" in result.stderr
    listing = subprocess.run([sys.executable, "-m", "kiosk.settings"],
                             capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert listing.returncode == 0 and "gateway.allow_plain_http (bool) = False" in listing.stdout


def test_start_up_logs_the_plain_http_warning(tmp_path, caplog):
    from ui.app import main as app_main

    # No token in the keyring: start-up stops before any request, after reading the settings.
    config = write(tmp_path, f'[gateway]\nurl = "{OFF_MACHINE_URL}"\nallow_plain_http = true\n')
    caplog.set_level(logging.WARNING)
    assert app_main(["--self-test", "--config", str(config)]) == 2
    assert any("SECURITY WARNING: gateway.url" in r.getMessage() for r in caplog.records)
