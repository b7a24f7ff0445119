"""deploy/prometheus: the configuration and alert rules pass promtool's checks and unit tests."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "prometheus"
PROMTOOL = shutil.which("promtool")

pytestmark = pytest.mark.skipif(PROMTOOL is None, reason="promtool missing: make sysdeps installs prometheus")


def promtool(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([PROMTOOL, *args], capture_output=True, text=True, timeout=60, cwd=DEPLOY)


def test_rules_are_valid():
    done = promtool("check", "rules", *sorted(str(p) for p in (DEPLOY / "rules").glob("*.yml")))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS" in done.stdout


def test_rules_fire_as_their_unit_tests_say():
    done = promtool("test", "rules", *sorted(str(p) for p in (DEPLOY / "tests").glob("*.test.yml")))
    assert done.returncode == 0, done.stdout + done.stderr


def test_scrape_configuration_is_valid(tmp_path):
    # As installed: the gateway's scrape token in the file the configuration names (promtool
    # checks that it exists), here a copy of the folder with a token of its own.
    shutil.copytree(DEPLOY, tmp_path / "prometheus")
    config = tmp_path / "prometheus" / "prometheus.yml"
    text = config.read_text()
    for name in ("ehc-gateway.token", "ehc-kiosk.token"):
        assert f"/etc/prometheus/{name}" in text
        (tmp_path / name).write_text("scrape-token-of-the-fleet\n")
        text = text.replace(f"/etc/prometheus/{name}", str(tmp_path / name))
    config.write_text(text)
    done = subprocess.run([PROMTOOL, "check", "config", "prometheus.yml"], capture_output=True, text=True,
                          timeout=60, cwd=config.parent)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_alert_has_a_unit_test():
    rules = (DEPLOY / "rules" / "ehc-kiosk.yml").read_text()
    tests = "".join(p.read_text() for p in (DEPLOY / "tests").glob("*.test.yml"))
    alerts = [line.split(":", 1)[1].strip() for line in rules.splitlines() if line.strip().startswith("- alert:")]
    untested = [a for a in alerts if f"alertname: {a}\n" not in tests]
    assert alerts and not untested, untested
