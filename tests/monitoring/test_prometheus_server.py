"""A real Prometheus scrapes three kiosks; one printer runs out of paper, one kiosk goes away,
and the alerts fire through Prometheus's HTTP API.

The shipped rules are used as they are except for their ``for:`` durations, which are cut to
seconds (with 1 s scrape and evaluation intervals) so the test waits seconds, not minutes.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests

from kiosk.device_status import StatusBoard
from kiosk.metrics import KioskMetrics, MetricsServer

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "prometheus"
PROMETHEUS = shutil.which("prometheus")

pytestmark = pytest.mark.skipif(PROMETHEUS is None, reason="prometheus missing: make sysdeps installs it")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, what: str, deadline_s: float = 60.0):
    """Poll ``condition`` until it returns something truthy, or fail after the deadline."""
    pause = threading.Event()
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        pause.wait(0.25)
    raise AssertionError(f"timed out waiting for {what}")


class Kiosk:
    def __init__(self, terminal: str) -> None:
        self.terminal = terminal
        self.board = StatusBoard(terminal, "patient-kiosk", "1.0.0")
        self.metrics = KioskMetrics(self.board)
        self.server = MetricsServer(self.metrics, "127.0.0.1", 0)
        self.server.start()
        self.board.set_scanner("serial", "connected")
        for printer in ("a4", "slip"):
            self.board.set_printer(printer, state="ready", toner="ok")
        self.board.set_gateway(True, 0.02)
        self.metrics.heartbeat()


@pytest.fixture
def fleet():
    kiosks = [Kiosk(f"KIOSK-{n:02d}") for n in (1, 2, 3)]
    yield kiosks
    for kiosk in kiosks:
        kiosk.server.stop()


@pytest.fixture
def prometheus(tmp_path, fleet):
    (tmp_path / "rules").mkdir()
    rules = (DEPLOY / "rules" / "ehc-kiosk.yml").read_text()
    (tmp_path / "rules" / "ehc-kiosk.yml").write_text(re.sub(r"for: \d+[smh]", "for: 2s", rules))
    targets = [{"targets": [f"127.0.0.1:{k.server.port}"], "labels": {"terminal": k.terminal}} for k in fleet]
    (tmp_path / "kiosks.json").write_text(json.dumps(targets))
    (tmp_path / "prometheus.yml").write_text(f"""
global: {{scrape_interval: 1s, evaluation_interval: 1s, scrape_timeout: 900ms}}
rule_files: ["{tmp_path}/rules/*.yml"]
scrape_configs:
  - job_name: ehc-kiosk
    file_sd_configs: [{{files: ["{tmp_path}/kiosks.json"], refresh_interval: 1s}}]
""")
    port = free_port()
    log = (tmp_path / "prometheus.log").open("w")
    process = subprocess.Popen(
        [PROMETHEUS, f"--config.file={tmp_path / 'prometheus.yml'}",
         f"--storage.tsdb.path={tmp_path / 'tsdb'}", f"--web.listen-address=127.0.0.1:{port}"],
        stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"prometheus exited: {(tmp_path / 'prometheus.log').read_text()[-2000:]}")
        try:
            return requests.get(f"{url}/-/ready", timeout=1).status_code == 200
        except requests.ConnectionError:
            return False

    try:
        wait_for(ready, "prometheus to be ready")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


def firing(url: str, alertname: str) -> list[dict]:
    alerts = requests.get(f"{url}/api/v1/alerts", timeout=5).json()["data"]["alerts"]
    return [a for a in alerts if a["labels"]["alertname"] == alertname and a["state"] == "firing"]


def test_paper_out_and_a_kiosk_gone_fire_their_alerts(prometheus, fleet):
    def all_up():
        result = requests.get(f"{prometheus}/api/v1/query", params={"query": 'up{job="ehc-kiosk"} == 1'},
                              timeout=5).json()["data"]["result"]
        return len(result) == len(fleet)

    wait_for(all_up, "all kiosks scraped")
    assert firing(prometheus, "PrinterOutOfPaper") == []

    fleet[1].board.set_printer("slip", state="paper_out", reason="media-empty")
    alerts = wait_for(lambda: firing(prometheus, "PrinterOutOfPaper"), "PrinterOutOfPaper to fire")
    assert [(a["labels"]["terminal"], a["labels"]["printer"]) for a in alerts] == [("KIOSK-02", "slip")]
    assert alerts[0]["annotations"]["summary"] == "Kiosk KIOSK-02: slip printer is out of paper"

    fleet[2].server.stop()
    down = wait_for(lambda: firing(prometheus, "KioskDown"), "KioskDown to fire")
    assert [a["labels"]["terminal"] for a in down] == ["KIOSK-03"]

    # Paper replaced: the alert resolves.
    fleet[1].board.set_printer("slip", state="ready", reason="")
    wait_for(lambda: not firing(prometheus, "PrinterOutOfPaper"), "PrinterOutOfPaper to resolve")
