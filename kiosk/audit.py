"""Append-only, tamper-evident audit log of what staff do at the pharmacy counter.

One JSON object per line. Each line carries ``prev_hash``, the SHA-256 of the previous line's
bytes (64 zeros for the first), and ``hash``, the SHA-256 of its own canonical content
(everything but ``hash``). Editing a line breaks its own hash; deleting or reordering lines
breaks the next line's ``prev_hash``; rewriting every later hash too is caught by the copy
the gateway keeps (each event goes there through the durable outbox). Truncating the tail is
visible only against that copy.

Lines hold the staff number, the time, an opaque patient reference and ids, never a name.

    python -m kiosk.audit verify PATH     # exit 0 if intact, 1 with the first broken line
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import hashlib
import json
import os
import sys
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.private_files import private_file

GENESIS = "0" * 64
TOPIC = "audit"
# Enough of the file's end to hold its last line.
_TAIL_BYTES = 64 * 1024


class AuditKind(enum.StrEnum):
    SIGN_IN = "sign_in"
    SIGN_OUT = "sign_out"
    CALL = "call"
    DISPENSE = "dispense"
    REPRINT = "reprint"
    LOCK = "lock"


def _canonical(record: dict[str, Any]) -> bytes:
    body = {k: v for k, v in record.items() if k != "hash"}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _last_line(path: Path) -> bytes | None:
    try:
        with path.open("rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - _TAIL_BYTES))
            tail = f.read()
    except FileNotFoundError:
        return None
    lines = [line for line in tail.split(b"\n") if line]
    return lines[-1] if lines else None


class AuditLog:
    """Appends events to ``path``; safe to call from several threads."""

    def __init__(self, path: Path) -> None:
        self._path = Path(path)
        private_file(self._path)
        self._lock = threading.Lock()
        last = _last_line(self._path)
        self._prev = _sha(last) if last is not None else GENESIS

    @property
    def path(self) -> Path:
        return self._path

    def append(
        self,
        kind: AuditKind,
        staff_no: str,
        *,
        patient_ref: str | None = None,
        detail: dict[str, Any] | None = None,
        at: dt.datetime,
    ) -> dict[str, Any]:
        """Write one event and return it (as sent to the gateway)."""
        with self._lock:
            record: dict[str, Any] = {
                "event_id": str(uuid.uuid4()),
                "kind": AuditKind(kind).value,
                "staff_no": staff_no,
                "at": at.isoformat(timespec="seconds"),
                "patient_ref": patient_ref,
                "detail": detail or {},
                "prev_hash": self._prev,
            }
            record["hash"] = _sha(_canonical(record))
            line = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            raw = line.encode()
            # O_APPEND writes of one line at a time; fsync so a power cut cannot lose an
            # event the gateway may already have been told about.
            fd = os.open(self._path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, raw + b"\n")
                os.fsync(fd)
            finally:
                os.close(fd)
            self._prev = _sha(raw)
            return record


@dataclass(frozen=True)
class Verdict:
    lines: int
    broken_at: int | None = None  # 1-based line number of the first broken line
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify(path: Path) -> Verdict:
    """Check the whole chain; the first line that does not follow from its predecessor."""
    prev = GENESIS
    number = 0
    with Path(path).open("rb") as f:
        for number, raw_line in enumerate(f, start=1):  # noqa: B007 (number is used after)
            raw = raw_line.rstrip(b"\n")
            try:
                record = json.loads(raw)
            except ValueError:
                return Verdict(number, number, "not a JSON line")
            if not isinstance(record, dict) or "hash" not in record:
                return Verdict(number, number, "not an audit record")
            if record.get("prev_hash") != prev:
                return Verdict(number, number, "previous line missing or changed")
            if _sha(_canonical(record)) != record["hash"]:
                return Verdict(number, number, "line content changed")
            prev = _sha(raw)
    return Verdict(number)


STAFF_SESSION = "staff_session"


def sender(client: Any):
    """The outbox's way of delivering an audit event: its event id is the idempotency key,
    and the staff session it was recorded in (kept beside it in the outbox, never in the
    log) shows the gateway who is speaking."""

    def send(body: dict[str, Any]) -> None:
        event = {k: v for k, v in body.items() if k not in ("id", STAFF_SESSION)}
        client.call("POST", "/api/v1/audit-events", json=event, idempotency_key=event["event_id"],
                    staff=body.get(STAFF_SESSION))

    return send


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.audit", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("verify", help="check the hash chain of an audit log")
    check.add_argument("path", type=Path)
    args = parser.parse_args(argv)
    try:
        verdict = verify(args.path)
    except OSError as exc:
        print(f"cannot read {args.path}: {exc.strerror}", file=sys.stderr)
        return 2
    if verdict.ok:
        print(f"OK: {verdict.lines} lines, chain intact")
        return 0
    print(f"BROKEN at line {verdict.broken_at}: {verdict.reason}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
