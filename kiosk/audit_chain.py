"""The keyed chain of the workstation's audit log, and its verification.

Each event carries its ``chain`` (a UUID made with the log's first event), its ``seq`` in
that chain (1, 2, …), ``prev_link`` (the previous event's link; 64 zeros for the first) and
``link``: HMAC-SHA256, with a key the workstation keeps in the system keyring, of the event's
canonical content (everything but ``link``). So:

- an edited event no longer matches its link, and a recomputed link needs the key;
- a removed or reordered event breaks the next one's ``seq`` and ``prev_link``, and relinking
  the rest needs the key;
- a removed tail leaves a log that is intact by itself, but the gateway checks every event's
  link on arrival and reports the last one it accepted for each chain (its *anchor*), which
  the log must then still hold.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GENESIS = "0" * 64
FIELDS = frozenset(
    {"event_id", "chain", "seq", "kind", "staff_no", "at", "patient_ref", "detail",
     "prev_link", "link"}
)


def canonical(record: dict[str, Any]) -> bytes:
    body = {k: v for k, v in record.items() if k != "link"}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def link_of(key: bytes, record: dict[str, Any]) -> str:
    return hmac.new(key, canonical(record), hashlib.sha256).hexdigest()


def line_of(record: dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


@dataclass(frozen=True)
class Anchor:
    """The last event of a chain the gateway accepted."""

    chain: str
    seq: int
    link: str


@dataclass(frozen=True)
class Verdict:
    lines: int
    broken_at: int | None = None  # 1-based line number of the first broken line
    reason: str = ""
    chain: str | None = None
    confirmed: int | None = None  # how many of the events the gateway has accepted
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def _check_line(raw: bytes, number: int, key: bytes, chain: str | None, prev: str) -> str:
    """Why line ``number`` does not follow from its predecessor, or "" when it does."""
    try:
        record = json.loads(raw)
    except ValueError:
        return "not a JSON line"
    if not isinstance(record, dict) or set(record) != FIELDS:
        return "not an audit event of a keyed chain"
    if chain is not None and record["chain"] != chain:
        return "an event of another chain"
    if record["seq"] != number:
        return f"event number {record['seq']} where {number} belongs: an event before it is missing"
    if record["prev_link"] != prev:
        return "the previous event is missing or changed"
    if not hmac.compare_digest(str(record["link"]), link_of(key, record)):
        return "content changed or event forged (its link does not match the workstation's key)"
    return ""


def verify(path: Path, key: bytes, anchors: Iterable[Anchor] | None = None) -> Verdict:
    """Check the whole chain with the key; with the gateway's ``anchors``, also that the log
    still holds, unchanged, the last event the gateway accepted (so a removed tail shows)."""
    prev, chain, links = GENESIS, None, []
    with Path(path).open("rb") as f:
        for number, raw_line in enumerate(f, start=1):
            raw = raw_line.rstrip(b"\n")
            reason = _check_line(raw, number, key, chain, prev)
            if reason:
                return Verdict(number, number, reason, chain)
            record = json.loads(raw)
            chain, prev = record["chain"], record["link"]
            links.append(prev)
    count = len(links)
    if anchors is None:
        return Verdict(count, chain=chain)
    held = {a.chain: a for a in anchors}
    anchor = held.pop(chain, None) if chain else None
    notes = tuple(
        f"the gateway also holds chain {a.chain} ({a.seq} events) that this log does not: "
        "an earlier log of this workstation" for a in held.values()
    )
    if anchor is None:
        return Verdict(count, chain=chain, confirmed=0, notes=notes)
    if anchor.seq > count:
        return Verdict(count, count + 1, f"truncated: the gateway accepted {anchor.seq} events of "
                       f"this chain, the log holds {count}", chain, anchor.seq, notes)
    if not hmac.compare_digest(links[anchor.seq - 1], anchor.link):
        return Verdict(count, anchor.seq, "not the event the gateway accepted at this place",
                       chain, anchor.seq, notes)
    return Verdict(count, chain=chain, confirmed=anchor.seq, notes=notes)
