"""Counter audit events: the workstation's hash-chained log, kept by the gateway too.

Each workstation keeps a local, hash-chained audit log (sign-in, call, dispense, reprint …)
and delivers every event here through its durable outbox, possibly late and more than once.
So, as with usage reports, the event's own ``event_id`` is the idempotency key: the first
copy is stored (201), an identical copy answered again (202, ``Idempotent-Replayed: true``),
a different event under the same id refused.

An event is accepted only with the ``X-Staff-Session`` of the staff member it names, opened
on the same device (the session may have ended since: an outbox may deliver after the staff
member signed out); a ``dispense`` event only from a pharmacist's session. So a patient
kiosk's device token, or one staff member's session, cannot post events for someone else.

Each event is a link of its workstation's keyed chain (HMAC with a key only the workstation
holds): the gateway cannot check a link's content, but it anchors the chain. An event is
accepted only at the next place of its device's chain, ``seq`` = last + 1 and ``prev_link`` =
the last accepted link (64 zeros for the first): a later place answers ``409
audit_chain_gap`` (deliver in order), a taken place or another link ``409
audit_link_mismatch``. ``GET /audit-chains`` reports each chain's last accepted link, which
the workstation's ``python -m kiosk.audit verify --config`` compares with its log, so a
removed tail shows.

The table is append-only: triggers refuse every UPDATE and DELETE, so a stored event can
only be contradicted by a later one, never rewritten.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from gateway.api.staff import staff_header
from gateway.core.auth import DeviceId, State
from gateway.core.counter_errors import (
    AUDIT_CHAIN_GAP,
    AUDIT_LINK_MISMATCH,
    ROLE_NOT_ALLOWED,
    STAFF_SESSION_EXPIRED,
    UNKNOWN_STAFF,
)
from gateway.core.errors import (
    INTERNAL_ERROR,
    INVALID_REQUEST,
    UNAUTHORIZED,
    GatewayError,
    responses,
)
from gateway.core.idempotency import IDEMPOTENCY_KEY_REUSED, REPLAYED_HEADER, immediate_transaction
from gateway.core.timeline import iso_utc
from gateway.schemas.audit import AuditAnchor, AuditChains, AuditEvent, AuditReceipt
from gateway.store import audit as store
from gateway.store.staff import session_of

logger = logging.getLogger(__name__)

GENESIS = "0" * 64  # the prev_link of a chain's first event

router = APIRouter(prefix="/api/v1", tags=["pharmacy counter"])


@router.post(
    "/audit-events",
    status_code=201,
    response_model=AuditReceipt,
    summary="Store one counter audit event (append-only, idempotent by event_id)",
    description="An identical repeat answers 202 with the first receipt and "
    "`Idempotent-Replayed: true`; another event under the same id is refused with "
    "`idempotency_key_reused`. No `Idempotency-Key` header is needed. Needs the "
    "`X-Staff-Session` of the staff member the event names, opened on this device (it may "
    "have ended since); a `dispense` event only from a pharmacist (`role_not_allowed`). "
    "The event must take the next place of its chain: `seq` = last accepted + 1 "
    "(`audit_chain_gap` when later) and `prev_link` = the last accepted `link`, 64 zeros for "
    "the first (`audit_link_mismatch` otherwise).",
    responses=responses(UNAUTHORIZED, STAFF_SESSION_EXPIRED, ROLE_NOT_ALLOWED, UNKNOWN_STAFF,
                        AUDIT_CHAIN_GAP, AUDIT_LINK_MISMATCH, IDEMPOTENCY_KEY_REUSED,
                        INVALID_REQUEST, INTERNAL_ERROR),
)
def record_event(
    body: AuditEvent, state: State, device: DeviceId,
    token: Annotated[str | None, Depends(staff_header)],
) -> JSONResponse:
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    fingerprint = hashlib.sha256(canonical.encode()).hexdigest()
    event_id = body.event_id.lower()
    now = state.clock()
    with immediate_transaction(state.db) as conn:
        stored = conn.execute(
            "SELECT fingerprint, response FROM audit_events WHERE event_id = ?", (event_id,)
        ).fetchone()
        if stored is not None:
            if stored["fingerprint"] != fingerprint:
                raise GatewayError(IDEMPOTENCY_KEY_REUSED)
            return JSONResponse(json.loads(stored["response"]), status_code=202,
                                headers={REPLAYED_HEADER: "true"})
        if conn.execute("SELECT 1 FROM staff WHERE staff_no = ?",
                        (body.staff_no,)).fetchone() is None:
            raise GatewayError(UNKNOWN_STAFF)
        session = session_of(conn, token, device)
        if session is None or session[0] != body.staff_no:
            logger.info("audit event refused: no staff session of its staff member")
            raise GatewayError(STAFF_SESSION_EXPIRED)
        if body.kind == "dispense" and session[1] != "pharmacist":
            logger.info("audit event refused: dispense outside a pharmacist's session")
            raise GatewayError(ROLE_NOT_ALLOWED)
        _check_place(conn, device, body)
        receipt = AuditReceipt(event_id=event_id, status="recorded", received_at=iso_utc(now))
        inserted = conn.execute(
            "INSERT INTO audit_events (event_id, device, fingerprint, kind, staff_no, at,"
            " patient_ref, detail, hash, prev_hash, received_at, response)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (event_id, device, fingerprint, body.kind, body.staff_no, body.at.isoformat(),
             body.patient_ref, json.dumps(body.detail, ensure_ascii=False), body.link,
             body.prev_link, now, receipt.model_dump_json()),
        )
        store.place(conn, inserted.lastrowid, device, body.chain.lower(), body.seq)
    logger.info("audit event recorded: %s", body.kind)
    return JSONResponse(receipt.model_dump(), status_code=201)


def _check_place(conn, device: str, body: AuditEvent) -> None:
    """The event must take the next place of its chain, after the last accepted link."""
    last = store.last_link(conn, device, body.chain.lower())
    seq, link = last if last is not None else (0, GENESIS)
    expected = {"expected_seq": seq + 1}
    if body.seq > seq + 1:
        logger.warning("audit event refused: chain gap (event %d, expected %d)", body.seq, seq + 1)
        raise GatewayError(AUDIT_CHAIN_GAP, detail=expected)
    if body.seq < seq + 1 or body.prev_link != link:
        logger.warning("audit event refused: link out of place (event %d, expected %d)",
                       body.seq, seq + 1)
        raise GatewayError(AUDIT_LINK_MISMATCH, detail=expected)


@router.get(
    "/audit-chains",
    response_model=AuditChains,
    summary="The last accepted event of each of this device's audit chains",
    description="What the workstation's `python -m kiosk.audit verify --config` compares its "
    "log with: a log that lacks the last accepted event, or holds another one at its place, "
    "was truncated or rewritten.",
    responses=responses(UNAUTHORIZED, INTERNAL_ERROR),
)
def chain_anchors(state: State, device: DeviceId) -> AuditChains:
    with state.db.transaction() as conn:
        rows = store.anchors(conn, device)
    return AuditChains(chains=[
        AuditAnchor(chain=r["chain"], seq=r["chain_seq"], link=r["hash"],
                    accepted_at=iso_utc(r["received_at"]))
        for r in rows
    ])
