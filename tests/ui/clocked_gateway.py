"""The reference gateway in its own process, with its clock set to a chosen local time.

Check-in only works on an appointment's day before its session ends, so a journey that runs
in the evening would find nothing to check in for. This runs the same gateway (``python -m
gateway``'s ``main`` with the same arguments) with its clock offset so that "now" is a
morning of the kiosk's today. Unlike ``--start-time``, the offset is read from a file on each
tick, so a test can move the gateway's time forward (e.g. past a visit token's lifetime).

    server = ClockedGateway(tmp / "gw.sqlite", local_time=dt.time(9, 0))
    server.advance(31 * 60)
"""

from __future__ import annotations

import datetime as dt
import os
import queue
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

from tests.fixtures.gateway_server import ROOT, GatewayProcess, token_file

OFFSET_ENV = "CLOCKED_GATEWAY_OFFSET_FILE"


def offset_to(local_time: dt.time, day: dt.date | None = None) -> float:
    """Seconds to add to the real clock so that it reads ``local_time`` in the hospital's
    time zone on ``day`` (default: the hospital's today, as the kiosk reckons it)."""
    from gateway.core.timeline import HOSPITAL_TZ

    target = dt.datetime.combine(day or dt.datetime.now(HOSPITAL_TZ).date(), local_time, tzinfo=HOSPITAL_TZ)
    return target.timestamp() - time.time()


class ClockedGateway(GatewayProcess):
    def __init__(self, db_path: Path, *, local_time: dt.time = dt.time(9, 0)) -> None:
        # Mirrors GatewayProcess.__init__, with this module as the entry point.
        self.db_path = Path(db_path)
        self.token = secrets.token_hex(16)
        self.log_path = self.db_path.with_suffix(".log")
        self.offset_file = self.db_path.with_suffix(".offset")
        self._write_offset(offset_to(local_time))
        args = [
            sys.executable, "-m", "tests.ui.clocked_gateway",
            "--port", "0", "--db", str(self.db_path), "--demo",
            "--device-token-file", str(token_file(self.db_path.with_suffix(".token"), self.token)),
        ]
        env = {**os.environ, "PYTHONUNBUFFERED": "1", OFFSET_ENV: str(self.offset_file)}
        env.pop("GATEWAY_DEVICE_TOKENS", None)
        self._log = open(self.log_path, "ab")  # closed in stop()
        self.proc = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=self._log, text=True
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._drain, name="gateway-stdout", daemon=True)
        self._reader.start()
        self.url = self._wait_ready()
        self.port = int(self.url.rsplit(":", 1)[1])
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {self.token}"

    def advance(self, seconds: float) -> None:
        """Move the gateway's clock forward."""
        self._write_offset(float(self.offset_file.read_text()) + seconds)

    def _write_offset(self, offset: float) -> None:
        # Replaced whole, so the gateway never reads a half-written number.
        staging = self.offset_file.with_suffix(".staging")
        staging.write_text(repr(offset))
        os.replace(staging, self.offset_file)


def _main() -> int:
    import gateway.__main__ as entry

    offset_file = Path(os.environ[OFFSET_ENV])

    def clock() -> float:
        return time.time() + float(offset_file.read_text())

    # The gateway's own clock seam (what --start-time uses), swapped for one a test can move.
    entry.clock = lambda _start: clock
    return entry.main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(_main())
