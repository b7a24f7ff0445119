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

The table is append-only: triggers refuse every UPDATE and DELETE, so a stored event can
only be contradicted by a later one, never rewritten. ``hash`` / ``prev_hash`` are stored as
sent; the chain is the workstation's (its verification command checks it).
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
from gateway.core.counter_errors import ROLE_NOT_ALLOWED, STAFF_SESSION_EXPIRED, UNKNOWN_STAFF
from gateway.core.errors import (
    INTERNAL_ERROR,
    INVALID_REQUEST,
    UNAUTHORIZED,
    GatewayError,
    responses,
)
from gateway.core.idempotency import IDEMPOTENCY_KEY_REUSED, REPLAYED_HEADER, immediate_transaction
from gateway.core.timeline import iso_utc
from gateway.schemas.audit import AuditEvent, AuditReceipt
from gateway.store.staff import session_of

logger = logging.getLogger(__name__)

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
    "have ended since); a `dispense` event only from a pharmacist (`role_not_allowed`).",
    responses=responses(UNAUTHORIZED, STAFF_SESSION_EXPIRED, ROLE_NOT_ALLOWED, UNKNOWN_STAFF,
                        IDEMPOTENCY_KEY_REUSED, INVALID_REQUEST, INTERNAL_ERROR),
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
        receipt = AuditReceipt(event_id=event_id, status="recorded", received_at=iso_utc(now))
        conn.execute(
            "INSERT INTO audit_events (event_id, device, fingerprint, kind, staff_no, at,"
            " patient_ref, detail, hash, prev_hash, received_at, response)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (event_id, device, fingerprint, body.kind, body.staff_no, body.at.isoformat(),
             body.patient_ref, json.dumps(body.detail, ensure_ascii=False), body.hash,
             body.prev_hash, now, receipt.model_dump_json()),
        )
    logger.info("audit event recorded: %s", body.kind)
    return JSONResponse(receipt.model_dump(), status_code=201)
