"""The reference gateway as a real subprocess on a real socket, for tests and scripts.

Every gateway's clock starts at the suite clock's reading (testbed/suite_time.py) or at a
``start_time`` asked for, and runs normally; ``advance()`` moves it on. The clock is read
from a small offset file on each tick (``python -m testbed.gateway_entry``, which is
``python -m gateway`` with that one seam swapped), so the caller and the gateway agree on
"now" to the millisecond: a kiosk built against the gateway reads
:attr:`GatewayProcess.time_source`. The pytest fixtures are in tests/fixtures/gateway_server.py.
"""

from __future__ import annotations

import os
import queue
import secrets
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

import requests

from testbed import suite_time
from testbed.gateway_entry import OFFSET_ENV

ROOT = Path(__file__).resolve().parents[1]
READY_PREFIX = "GATEWAY READY "
START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0
REQUEST_TIMEOUT_S = 10.0


def token_file(path: Path, token: str) -> Path:
    """Write ``token`` where only this user can read it, for ``--device-token-file``."""
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(token + "\n")
    return path


class GatewayProcess:
    """A running ``python -m gateway``; ``url`` and ``port`` are the bound address."""

    def __init__(
        self,
        db_path: Path,
        *,
        port: int = 0,
        token: str | None = None,
        code_lifetime: int | None = None,
        extra_args: tuple[str, ...] = (),
        log_path: Path | None = None,
        start_time: datetime | None = None,
        entry: str = "testbed.gateway_entry",
    ) -> None:
        """``entry="gateway"`` runs the real entry point, whose clock a test cannot move
        (it then sets its own with ``--start-time`` in ``extra_args``)."""
        self.db_path = Path(db_path)
        self.token = token or secrets.token_hex(16)
        self.log_path = log_path or self.db_path.with_suffix(".log")
        self.offset_file = self.db_path.with_suffix(".clock")
        start = start_time.timestamp() if start_time is not None else suite_time.now()
        self._offset = start - time.time()
        self._write_offset()
        args = [
            sys.executable, "-m", entry,
            "--port", str(port),
            "--db", str(self.db_path),
            "--device-token-file", str(token_file(self.db_path.with_suffix(".token"), self.token)),
            "--demo",
            *(["--code-lifetime", str(code_lifetime)] if code_lifetime else []),
            # One gateway serves many tests' unknown numbers; the limit has its own tests.
            *([] if "--identify-limit" in extra_args else ["--identify-limit", "100000"]),
            *extra_args,
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

    def _drain(self) -> None:
        # Reads until EOF so the child never blocks on a full pipe.
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def _wait_ready(self) -> str:
        try:
            while True:
                line = self._lines.get(timeout=START_TIMEOUT_S)
                if line is None:
                    self.stop()
                    raise RuntimeError(f"gateway exited early; log: {self.log_path}")
                if line.startswith(READY_PREFIX):
                    return line[len(READY_PREFIX):].strip()
        except queue.Empty:
            self.stop()
            raise RuntimeError(f"gateway not ready in {START_TIMEOUT_S} s") from None

    # -- the gateway's clock ------------------------------------------------------------
    def time_source(self) -> float:
        """The gateway's "now" (POSIX seconds), for a kiosk's hospital clock."""
        return time.time() + self._offset

    def advance(self, seconds: float) -> None:
        """Move the gateway's clock forward (e.g. past a visit token's lifetime)."""
        self._offset += seconds
        self._write_offset()

    def _write_offset(self) -> None:
        # Replaced whole, so the gateway never reads a half-written number.
        staging = self.offset_file.with_suffix(".staging")
        staging.write_text(repr(self._offset))
        os.replace(staging, self.offset_file)

    # -- HTTP helpers ------------------------------------------------------------------
    def get(self, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", REQUEST_TIMEOUT_S)
        return self.http.get(self.url + path, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", REQUEST_TIMEOUT_S)
        return self.http.post(self.url + path, json=json, **kwargs)

    def demo_patients(self, limit: int = 20) -> list[dict[str, Any]]:
        response = self.get("/demo/v1/patients", params={"limit": limit})
        response.raise_for_status()
        return response.json()["patients"]

    def code(
        self,
        health_card_id: str,
        kind: str = "dynamic",
        age_s: int = 0,
        org_code: str | None = None,
    ) -> str:
        response = self.post(
            f"/demo/v1/cards/{health_card_id}/codes",
            {"kind": kind, "age_s": age_s, "org_code": org_code},
        )
        response.raise_for_status()
        return response.json()["text"]

    def identify(self, text: str, source: str = "demo") -> requests.Response:
        return self.post("/api/v1/identify", {"text": text, "source": source})

    def visit(self, health_card_id: str) -> dict[str, str]:
        """Identify the card's patient as a kiosk would; returns ``{"X-Visit-Token": …}``
        for patient-scoped calls."""
        response = self.identify(self.code(health_card_id))
        response.raise_for_status()
        return {"X-Visit-Token": response.json()["visit_token"]}

    def scenarios(self) -> dict[str, list[dict[str, Any]]]:
        """Demo patients with a booked appointment today / with unpaid bills right now."""
        response = self.get("/demo/v1/scenarios")
        response.raise_for_status()
        return response.json()

    def confirm_payment(self, payment_id: str, method: str = "wechat") -> dict[str, Any]:
        """Pay a scan-to-pay order as the patient's wallet would (status → success)."""
        response = self.post(f"/demo/v1/payments/{payment_id}/confirm", {"method": method})
        response.raise_for_status()
        return response.json()

    def fail_payment(self, payment_id: str) -> dict[str, Any]:
        """Decline a scan-to-pay order (status → failed)."""
        response = self.post(f"/demo/v1/payments/{payment_id}/fail")
        response.raise_for_status()
        return response.json()

    def payment_code(self, wallet: str = "wechat") -> str:
        """A fresh demo payment code (付款码), as the demo wallet page shows one."""
        response = self.get("/demo/v1/payment-code", params={"wallet": wallet})
        response.raise_for_status()
        return response.json()["payment_code"]

    def next_charge(self, outcome: str) -> None:
        """How the emulated provider answers the next payment-code charge: ``pass``,
        ``password`` (waits for the payer) or ``fail``."""
        self.post("/demo/v1/payment-code/next", {"outcome": outcome}).raise_for_status()

    def answer_password(self, payment_id: str, accept: bool = True) -> dict[str, Any]:
        """The payer types the password on the phone (or declines)."""
        response = self.post(f"/demo/v1/payment-code/charges/{payment_id}/password",
                             {"accept": accept})
        response.raise_for_status()
        return response.json()

    def staff_sign_in(self, staff_no: str = "1001", password: str | None = None) -> dict[str, Any]:
        """Sign a demo staff member in (demo passwords are ``demo-<staff_no>``); returns
        ``{"staff_session", "staff", "expires_at"}``. Send the token as ``X-Staff-Session``."""
        response = self.post("/api/v1/staff/sessions",
                             {"staff_no": staff_no, "password": password or f"demo-{staff_no}"})
        response.raise_for_status()
        return response.json()

    def patient_record(self, health_card_id: str) -> dict[str, Any]:
        """The full record the hospital holds (the kiosk itself is only given masked forms)."""
        with closing(sqlite3.connect(self.db_path)) as conn:
            conn.row_factory = sqlite3.Row
            row = conn.execute("SELECT * FROM patients WHERE health_card_id = ?",
                               (health_card_id,)).fetchone()
        assert row is not None, "no patient holds this card"
        return dict(row)

    def staff_headers(self, staff_no: str = "1001") -> dict[str, str]:
        """``{"X-Staff-Session": …}`` of a fresh session of a demo staff member."""
        return {"X-Staff-Session": self.staff_sign_in(staff_no)["staff_session"]}

    def demo_boxes(
        self, drug_code: str, state: str = "fresh", limit: int = 10
    ) -> list[dict[str, Any]]:
        """Box codes to scan: ``state`` is ``fresh``, ``expired`` or ``dispensed`` (now).
        Each box has ``code`` (as a scanner reads it), ``hri`` (GS1 only), ``key``, …"""
        response = self.get("/demo/v1/boxes",
                            params={"drug_code": drug_code, "state": state, "limit": limit})
        response.raise_for_status()
        return response.json()["boxes"]

    # -- lifecycle ---------------------------------------------------------------------
    def stop(self) -> int | None:
        """SIGTERM, wait, SIGKILL if needed; returns the exit code."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=STOP_TIMEOUT_S)
        self._reader.join(timeout=STOP_TIMEOUT_S)
        if hasattr(self, "http"):
            self.http.close()
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self._log.close()
        return self.proc.returncode


