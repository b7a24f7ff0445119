"""Idempotent state-changing requests: one ``Idempotency-Key``, one effect, one answer.

A kiosk creates a key once per patient intent, stores it before sending and reuses it on
every retry. The gateway stores (device, key) → (fingerprint, status, body) **in the same
transaction as the change**, so a reply lost after the commit is answered again, word for
word, instead of being executed twice.

Usage in a router (every state-changing POST / DELETE)::

    from fastapi import Response
    from gateway.core.idempotency import IDEMPOTENCY_ERRORS, Idempotent
    from gateway.core.errors import responses

    @router.post("/things", status_code=201, response_model=Thing,
                 responses=responses(*IDEMPOTENCY_ERRORS, OTHER_KIND, ...))
    def create_thing(body: ThingRequest, idem: Idempotent, visit: CurrentVisit) -> Response:
        def change(conn: sqlite3.Connection) -> Thing:
            ...  # every read and write of the change on ``conn``; raise GatewayError to abort
            return Thing(...)

        return idem.run(change, status=201)

- ``change`` runs inside ``BEGIN IMMEDIATE``: writers are serialised, so "check, then
  write" inside it is race-free (two kiosks cannot both take the last slot).
- A repeat with the same fingerprint (method + path + query + canonical JSON body + the
  visit token) gets the
  stored status and body with ``Idempotent-Replayed: true``; ``change`` is not called.
- The same key with another fingerprint → 422 ``idempotency_key_reused``.
- Missing or malformed key → 400 ``idempotency_key_required``.
- A ``GatewayError`` raised by ``change`` rolls everything back and stores nothing, so a
  retry with the same key after the cause was fixed (e.g. the payment now succeeded) works.
- ``immediate_transaction(db)`` is the same write transaction without the key, for changes
  that need no key (demo endpoints, wallet page).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from gateway.core.auth import DeviceId, State
from gateway.core.db import Database
from gateway.core.errors import INVALID_REQUEST, ErrorKind, GatewayError
from gateway.core.settings import GatewayState

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS idempotency_keys (
    device TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at REAL NOT NULL,
    PRIMARY KEY (device, key)
);
CREATE INDEX IF NOT EXISTS idempotency_keys_age ON idempotency_keys (created_at);
"""

HEADER = "Idempotency-Key"
# gateway.core.visits.HEADER (that module builds on this one's neighbours, not on it).
VISIT_HEADER = "X-Visit-Token"
REPLAYED_HEADER = "Idempotent-Replayed"
# The contract promises at least 24 h; two days covers a kiosk that retries after a night off.
RETENTION_S = 48 * 3600
# UUIDs fit; anything printable and short enough to index is accepted.
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{8,128}$")

IDEMPOTENCY_KEY_REQUIRED = ErrorKind(
    "idempotency_key_required",
    400,
    "This request needs an Idempotency-Key header (8-128 letters, digits, - _ . :).",
    "请求缺少幂等键",
)
IDEMPOTENCY_KEY_REUSED = ErrorKind(
    "idempotency_key_reused",
    422,
    "This Idempotency-Key was already used for a different request.",
    "幂等键已用于其他请求",
)
IDEMPOTENCY_ERRORS = (IDEMPOTENCY_KEY_REQUIRED, IDEMPOTENCY_KEY_REUSED)


@contextmanager
def immediate_transaction(db: Database) -> Iterator[sqlite3.Connection]:
    """A write transaction taken up front (``BEGIN IMMEDIATE``).

    sqlite3's implicit transactions start at the first write, so two requests could both
    read "slot free" before either writes; taking the write lock first serialises them.
    """
    conn = db.connect()
    conn.isolation_level = None  # manual BEGIN / COMMIT
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.close()


def canonical_json(raw: bytes) -> bytes:
    """Key order and whitespace do not change a request's meaning, so they do not change
    its fingerprint. A body that is not JSON is fingerprinted as is."""
    if not raw.strip():
        return b""
    try:
        parsed = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return raw
    text = json.dumps(parsed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    try:
        return text.encode()
    except UnicodeEncodeError:
        # A lone UTF-16 surrogate (``"\ud800"``) is valid JSON but no text: refuse the body.
        raise GatewayError(INVALID_REQUEST) from None


def fingerprint(method: str, path: str, query: str, body: bytes, visit: str = "") -> str:
    """Of the request and of the visit it acts for: another patient's visit reusing a key
    is another request (``idempotency_key_reused``), never a replay of the first answer."""
    digest = hashlib.sha256(canonical_json(body)).hexdigest()
    visit_digest = hashlib.sha256(visit.encode()).hexdigest() if visit else ""
    return hashlib.sha256(
        f"{method}\n{path}\n{query}\n{digest}\n{visit_digest}".encode()
    ).hexdigest()


@dataclass
class Idempotency:
    """One request's key, bound to its device and fingerprint; see the module docstring."""

    state: GatewayState
    device: str
    key: str
    fingerprint: str

    def run(
        self,
        change: Callable[[sqlite3.Connection], BaseModel],
        status: int = 201,
    ) -> JSONResponse:
        now = self.state.clock()
        with immediate_transaction(self.state.db) as conn:
            stored = conn.execute(
                "SELECT fingerprint, status, body FROM idempotency_keys"
                " WHERE device = ? AND key = ?",
                (self.device, self.key),
            ).fetchone()
            if stored is not None:
                if stored["fingerprint"] != self.fingerprint:
                    logger.info("idempotency key reused for another request")
                    raise GatewayError(IDEMPOTENCY_KEY_REUSED)
                logger.info("replayed a stored answer")
                return JSONResponse(
                    json.loads(stored["body"]),
                    status_code=stored["status"],
                    headers={REPLAYED_HEADER: "true"},
                )
            content = jsonable_encoder(change(conn))
            conn.execute(
                "INSERT INTO idempotency_keys (device, key, fingerprint, status, body, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (self.device, self.key, self.fingerprint, status,
                 json.dumps(content, ensure_ascii=False), now),
            )
            conn.execute(
                "DELETE FROM idempotency_keys WHERE created_at < ?", (now - RETENTION_S,)
            )
        return JSONResponse(content, status_code=status)


async def require_idempotency(
    request: Request,
    state: State,
    device: DeviceId,
    key: Annotated[
        str | None,
        Header(
            alias=HEADER,
            description=(
                "Required. Created once per patient intent (a UUID) and reused on every "
                "retry; a repeat gets the first answer with `Idempotent-Replayed: true`."
            ),
        ),
    ] = None,
) -> Idempotency:
    if key is None or not KEY_PATTERN.fullmatch(key):
        raise GatewayError(IDEMPOTENCY_KEY_REQUIRED)
    body = await request.body()  # cached by Starlette; the route still gets its body
    visit = request.headers.get(VISIT_HEADER, "")
    return Idempotency(
        state=state,
        device=device,
        key=key,
        fingerprint=fingerprint(request.method, request.url.path, request.url.query, body,
                                visit),
    )


Idempotent = Annotated[Idempotency, Depends(require_idempotency)]
