"""Usage reports (用卡数据监测): every use of a health card, reported with scene and channel.

Kiosks send these through a durable outbox, possibly long after the visit and more than
once, so the report's own ``report_id`` (a UUID made by the kiosk) is the idempotency key
of this resource: the first copy is stored (201), an identical copy is answered again
(202, ``Idempotent-Replayed: true``) and a different report under the same id is refused.
No ``Idempotency-Key`` header is needed. A report about a patient with a health card is
also owed to the health-card platform (``reportHISData``), forwarded by the gateway's outbox. A visit token is resolved even after it expired
(visits are kept a day), because an outbox may deliver after the visit ended.
"""

from __future__ import annotations

import json
import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from gateway.core.auth import DeviceId, State
from gateway.core.errors import (
    INTERNAL_ERROR,
    INVALID_REQUEST,
    UNAUTHORIZED,
    UNKNOWN_CODE,
    GatewayError,
)
from gateway.core.errors import responses as error_responses
from gateway.core.idempotency import IDEMPOTENCY_KEY_REUSED, REPLAYED_HEADER, immediate_transaction
from gateway.core.record_errors import UNKNOWN_SCENE
from gateway.core.timeline import iso_utc
from gateway.schemas.usage import UsageReceipt, UsageReportBody
from gateway.store.usage import SCENES, report_fingerprint, report_patient, usage_for_platform

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/api/v1", tags=["usage"])


@router.post(
    "/usage-reports",
    status_code=201,
    response_model=UsageReceipt,
    summary="Report one use of a health card (scene + channel)",
    description=(
        "Idempotent by `report_id`: an identical repeat answers 202 with the first receipt "
        "and `Idempotent-Replayed: true`; another report under the same id is refused with "
        "`idempotency_key_reused`. Give `health_card_id` when known: a `visit_token` is "
        "resolved for a day after the visit."
    ),
    responses=error_responses(
        UNAUTHORIZED, UNKNOWN_CODE, UNKNOWN_SCENE, IDEMPOTENCY_KEY_REUSED, INVALID_REQUEST,
        INTERNAL_ERROR,
    ),
)
def report_usage(body: UsageReportBody, state: State, device: DeviceId) -> JSONResponse:
    if body.scene not in SCENES:
        raise GatewayError(UNKNOWN_SCENE)
    fingerprint = report_fingerprint(body)
    now = state.clock()
    with immediate_transaction(state.db) as conn:
        stored = conn.execute(
            "SELECT fingerprint, response FROM usage_reports WHERE report_id = ?",
            (body.report_id.lower(),),
        ).fetchone()
        if stored is not None:
            if stored["fingerprint"] != fingerprint:
                raise GatewayError(IDEMPOTENCY_KEY_REUSED)
            return JSONResponse(
                json.loads(stored["response"]), status_code=202, headers={REPLAYED_HEADER: "true"}
            )
        patient_id = report_patient(conn, body)
        receipt = UsageReceipt(
            report_id=body.report_id.lower(), status="recorded", received_at=iso_utc(now)
        )
        conn.execute(
            "INSERT INTO usage_reports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (receipt.report_id, device, fingerprint, patient_id, body.scene, body.channel,
             body.card_type, body.cost_type, body.used_at.isoformat(), body.terminal_id, now,
             receipt.model_dump_json()),
        )
        owed = usage_for_platform(conn, receipt.report_id, body, patient_id, now)
    if owed and state.forwarder is not None:
        state.forwarder.kick()
    logger.info("usage report recorded: scene %s channel %s", body.scene, body.channel)
    return JSONResponse(receipt.model_dump(), status_code=201)
