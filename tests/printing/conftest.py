"""Fixtures for printing tests: the private CUPS scheduler (scripts/cups.sh) and its faults."""

from __future__ import annotations

import os
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.printing.helpers import FakeReceiptPrinter, wait_until

ROOT = Path(__file__).resolve().parents[2]
QUEUE = "KioskPDF"


@dataclass
class Cups:
    server: str
    pdf_out: Path
    dir: Path | None

    def run(self, *args: str) -> str:
        env = {**os.environ, "CUPS_SERVER": self.server}
        done = subprocess.run(list(args), capture_output=True, text=True, timeout=20, env=env,
                              check=True)
        return done.stdout

    def outputs(self, title: str) -> list[Path]:
        """Files cups-pdf wrote for jobs titled `title` (its name embeds the title)."""
        return sorted(p for p in self.pdf_out.glob("*.pdf") if title in p.name)

    def kill_scheduler(self) -> None:
        pid = int((self._dir() / "cupsd.pid").read_text())
        os.kill(pid, signal.SIGKILL)
        wait_until(lambda: not _alive(pid), what="cupsd to die")

    def restart_scheduler(self) -> None:
        subprocess.run(["bash", str(ROOT / "scripts" / "cups.sh"), "restart", str(self._dir())],
                       capture_output=True, timeout=30, check=True)

    def _dir(self) -> Path:
        if self.dir is None:
            pytest.skip("KIOSK_TEST_CUPS_DIR is unset: cannot restart the scheduler")
        return self.dir


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A killed child of the script's shell may linger as a zombie: check its state.
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


@pytest.fixture
def cups():
    server = os.environ.get("CUPS_SERVER")
    out = os.environ.get("KIOSK_TEST_PDF_OUT")
    if not server or not out:
        pytest.skip("CUPS_SERVER / KIOSK_TEST_PDF_OUT unset: start scripts/cups.sh (make test)")
    directory = os.environ.get("KIOSK_TEST_CUPS_DIR")
    env = Cups(server, Path(out), Path(directory) if directory else None)
    yield env
    # Leave the queue usable for the next test whatever the test did to it.
    if env.dir is not None and not (env.dir / "cupsd.pid").exists():
        env.restart_scheduler()
    try:
        pid = int((env.dir / "cupsd.pid").read_text()) if env.dir else None
        if pid is not None and not _alive(pid):
            env.restart_scheduler()
    except FileNotFoundError:
        pass
    env.run("cupsenable", QUEUE)
    env.run("cupsaccept", QUEUE)


@pytest.fixture
def receipt_printer():
    fake = FakeReceiptPrinter()
    yield fake
    fake.close()
