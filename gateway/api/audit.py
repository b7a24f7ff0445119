"""Counter audit events: the workstation's hash-chained log, kept by the gateway too.

Each workstation keeps a local, hash-chained audit log (sign-in, call, dispense, reprint …)
and delivers every event here through its durable outbox, possibly late and more than once.
So, as with usage reports, the event's own ``event_id`` is the idempotency key: the first
copy is stored (201), an identical copy answered again (202, ``Idempotent-Replayed: true``),
a different event under the same id refused. Only a device token is needed: an outbox may
deliver after the staff member signed out.

The table is append-only: triggers refuse every UPDATE and DELETE, so a stored event can
only be contradicted by a later one, never rewritten. ``hash`` / ``prev_hash`` are stored as
sent; the chain is the workstation's (its verification command checks it).
"""

from __future__ import annotations

import hashlib
import json
import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from gateway.core.auth import DeviceId, State
from gateway.core.counter_errors import UNKNOWN_STAFF
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

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/api/v1", tags=["pharmacy counter"])


@router.post(
    "/audit-events",
    status_code=201,
    response_model=AuditReceipt,
    summary="Store one counter audit event (append-only, idempotent by event_id)",
    description="An identical repeat answers 202 with the first receipt and "
    "`Idempotent-Replayed: true`; another event under the same id is refused with "
    "`idempotency_key_reused`. No `Idempotency-Key` header is needed.",
    responses=responses(UNAUTHORIZED, UNKNOWN_STAFF, IDEMPOTENCY_KEY_REUSED, INVALID_REQUEST,
                        INTERNAL_ERROR),
)
def record_event(body: AuditEvent, state: State, device: DeviceId) -> JSONResponse:
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
