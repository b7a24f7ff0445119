"""Append-only, tamper-evident audit log of what staff do at the pharmacy counter.

One JSON object per line, each an event of a keyed chain (:mod:`kiosk.audit_chain`: HMAC
links with a key kept in the system keyring). Every event also goes to the gateway through
the durable outbox, in chain order; the gateway checks each link on arrival and reports the
last one it accepted, so a log whose tail was removed no longer matches it.

An event is committed to the outbox *held* before its line is written, and released after:
a crash between the two leaves a held message that :func:`resume` writes to the log at the
next start (or just releases, if the line made it), so the log and the gateway never
disagree about an event the workstation recorded.

Lines hold the staff number, the time, an opaque patient reference and ids, never a name.

    python -m kiosk.audit verify PATH [--config FILE]
      exit 0 intact, 1 broken (the first broken line is named), 2 cannot check
"""

from __future__ import annotations

import argparse
import enum
import json
import logging
import os
import sys
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.audit_chain import FIELDS, GENESIS, Anchor, Verdict, line_of, link_of, verify
from kiosk.private_files import private_file

logger = logging.getLogger(__name__)

TOPIC = "audit"
STAFF_SESSION = "staff_session"
# Enough of the file's end to hold its last line.
_TAIL_BYTES = 64 * 1024


class AuditKind(enum.StrEnum):
    SIGN_IN = "sign_in"
    SIGN_OUT = "sign_out"
    CALL = "call"
    DISPENSE = "dispense"
    REPRINT = "reprint"
    LOCK = "lock"


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


def has_events(path: Path) -> bool:
    return _last_line(Path(path)) is not None


class AuditLog:
    """Appends events to ``path``, continuing its chain; safe to call from several threads."""

    def __init__(self, path: Path, key: bytes) -> None:
        self._path = Path(path)
        self._key = key
        self._lock = threading.Lock()
        last = _last_line(self._path)
        record = _parse(last) if last is not None else None
        if last is not None and record is None:
            self._set_aside()
        private_file(self._path)
        if record is None:
            self._chain, self._seq, self._prev = str(uuid.uuid4()), 0, GENESIS
        else:
            self._chain, self._seq, self._prev = record["chain"], record["seq"], record["link"]

    def _set_aside(self) -> None:
        # A log of the unkeyed format (an older version) cannot continue as a keyed chain:
        # it is kept beside the new one, unchanged, and a new chain starts.
        aside = self._path.with_name(f"{self._path.name}.unkeyed-{uuid.uuid4().hex[:8]}")
        self._path.rename(aside)
        logger.warning("audit log of an older format kept as %s; a new keyed chain starts",
                       aside.name)

    @property
    def path(self) -> Path:
        return self._path

    @property
    def chain(self) -> str:
        return self._chain

    def append(
        self,
        kind: AuditKind,
        staff_no: str,
        *,
        patient_ref: str | None = None,
        detail: dict[str, Any] | None = None,
        at: Any,
        deliver: Callable[[dict[str, Any]], None] | None = None,
    ) -> dict[str, Any]:
        """Write one event and return it (as sent to the gateway). ``deliver`` queues it
        for the gateway under the same lock, so the outbox holds events in chain order."""
        with self._lock:
            record: dict[str, Any] = {
                "event_id": str(uuid.uuid4()),
                "chain": self._chain,
                "seq": self._seq + 1,
                "kind": AuditKind(kind).value,
                "staff_no": staff_no,
                "at": at.isoformat(timespec="seconds"),
                "patient_ref": patient_ref,
                "detail": detail or {},
                "prev_link": self._prev,
            }
            record["link"] = link_of(self._key, record)
            if deliver is not None:
                deliver(record)
            self._write(record)
            return record

    def _write(self, record: dict[str, Any]) -> None:
        # O_APPEND writes of one line at a time; fsync so a power cut cannot lose an event
        # the gateway may already have been told about.
        fd = os.open(self._path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line_of(record) + b"\n")
            os.fsync(fd)
        finally:
            os.close(fd)
        self._seq, self._prev = record["seq"], record["link"]

    def adopt(self, record: dict[str, Any]) -> bool:
        """Write an event recorded before a crash (from the outbox) if it is the next of
        this chain; True when the log holds it afterwards."""
        with self._lock:
            if self._seq == 0 and record.get("seq") == 1:
                self._chain = record.get("chain", self._chain)  # the crash hit the first event
            if record.get("chain") != self._chain or record.get("seq", 0) > self._seq + 1:
                return False
            if record["seq"] <= self._seq:
                return True  # its line was written before the crash
            if record.get("prev_link") != self._prev or record.get("link") != link_of(self._key, record):
                return False
            self._write(record)
            return True


def _parse(raw: bytes) -> dict[str, Any] | None:
    try:
        record = json.loads(raw)
    except ValueError:
        return None
    return record if isinstance(record, dict) and set(record) == FIELDS else None


def message_of(record: dict[str, Any], session: str | None) -> dict[str, Any]:
    """The outbox message of an event: its id is the event's, and the staff session it was
    recorded in rides beside it (never in the log) to show the gateway who is speaking."""
    message = {**record, "id": record["event_id"]}
    if session:
        message[STAFF_SESSION] = session
    return message


def event_of(message: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in message.items() if k not in ("id", STAFF_SESSION)}


def record(log: AuditLog, outbox: Any, kind: AuditKind, staff_no: str, *, session: str | None,
           at: Any, patient_ref: str | None = None, detail: dict[str, Any] | None = None,
           ) -> dict[str, Any]:
    """Write an event and queue it for the gateway with the staff ``session`` it happened in:
    held in the outbox before its line is written, released after (see :func:`resume`)."""

    def deliver(event: dict[str, Any]) -> None:
        outbox.put(TOPIC, message_of(event, session), chain=event["chain"], held=True)

    event = log.append(kind, staff_no, patient_ref=patient_ref, detail=detail, at=at,
                       deliver=deliver)
    outbox.release(event["event_id"])
    return event


def resume(log: AuditLog, outbox: Any) -> int:
    """At start: finish what a crash interrupted. Held events the log holds are released;
    a held event the log lacks is written first. Returns how many were released."""
    released = 0
    for message in outbox.held(TOPIC):
        if log.adopt(event_of(message)):
            outbox.release(message["id"])
            released += 1
        else:
            logger.error("audit event %s held in the outbox does not follow the log; "
                         "staff: python -m kiosk.outbox list", message["id"])
    return released


def sender(client: Any):
    """The outbox's way of delivering an audit event: its event id is the idempotency key
    (a repeat of an accepted event is answered as a replay, not refused as out of place)."""

    def send(body: dict[str, Any]) -> None:
        event = event_of(body)
        client.call("POST", "/api/v1/audit-events", json=event, idempotency_key=event["event_id"],
                    staff=body.get(STAFF_SESSION))

    return send


def anchors(client: Any) -> list[Anchor]:
    """The last accepted event of each of this device's chains, as the gateway reports it."""
    body = client.call("GET", "/api/v1/audit-chains")
    return [Anchor(a["chain"], int(a["seq"]), a["link"]) for a in body["chains"]]


def _report(verdict: Verdict, against_gateway: bool) -> int:
    for note in verdict.notes:
        print(f"NOTE: {note}")
    if not verdict.ok:
        print(f"BROKEN at line {verdict.broken_at}: {verdict.reason}")
        return 1
    if against_gateway:
        print(f"OK: {verdict.lines} events, chain intact; the gateway accepted "
              f"{verdict.confirmed} of them, the log holds each unchanged")
    else:
        print(f"OK: {verdict.lines} events, chain intact (tail not checked: pass --config "
              "to compare with the gateway)")
    return 0


def main(argv: list[str] | None = None) -> int:
    from kiosk.credentials import audit_key
    from kiosk.errors import KioskError

    parser = argparse.ArgumentParser(prog="python -m kiosk.audit", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("verify", help="check the keyed chain of an audit log")
    check.add_argument("path", type=Path)
    check.add_argument("--config", help="the workstation's configuration: also compare the log "
                       "with the last events the gateway accepted")
    check.add_argument("--keyring-service", default="ehc-kiosk",
                       help="keyring service of the key (without --config)")
    args = parser.parse_args(argv)
    try:
        found: list[Anchor] | None = None
        service = args.keyring_service
        if args.config:
            from kiosk.gateway_client import build_client
            from kiosk.settings import load_settings

            settings = load_settings(args.config)
            service = settings.gateway.keyring_service
            client = build_client(settings)
            try:
                found = anchors(client)
            finally:
                client.close()
        verdict = verify(args.path, audit_key(service, create=False), found)
    except OSError as exc:
        print(f"cannot read {args.path}: {exc.strerror}", file=sys.stderr)
        return 2
    except KioskError as exc:
        print(f"cannot check: {exc.message.en} {exc.next_step.en}", file=sys.stderr)
        return 2
    return _report(verdict, found is not None)


if __name__ == "__main__":
    sys.exit(main())
