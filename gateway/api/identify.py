"""The Kiosk Gateway API proper (``/api/v1``): what a hospital implements in front of its HIS."""

from __future__ import annotations

import logging

from fastapi import APIRouter

from gateway.core.auth import Device, DeviceId, State
from gateway.core.errors import (
    CARD_CANCELLED,
    EXPIRED_CODE,
    INTERNAL_ERROR,
    INVALID_REQUEST,
    MALFORMED_CODE,
    NOT_REGISTERED,
    UNAUTHORIZED,
    UNKNOWN_CODE,
    responses,
)
from gateway.schemas.identify import (
    Capabilities,
    Health,
    Hospital,
    IdentifyRequest,
    IdentifyResponse,
)
from gateway.store.identify import identify
from gateway.store.patients import identify_attempt

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/api/v1")


@router.get(
    "/health",
    response_model=Health,
    tags=["service"],
    summary="Liveness probe (no authentication)",
    responses=responses(INTERNAL_ERROR),
)
def health() -> Health:
    return Health(status="ok")


@router.get(
    "/capabilities",
    response_model=Capabilities,
    tags=["service"],
    summary="Services offered and the hospital served",
    responses=responses(UNAUTHORIZED, INTERNAL_ERROR),
)
def capabilities(state: State, _device: Device) -> Capabilities:
    s = state.settings
    return Capabilities(
        services=[
            "identify",
            *("registration", "check_in", "payment"),
            *("reports", "guidance", "pharmacy", "family_doctor", "health_record",
              "chronic_renewal", "usage"),
            "pharmacy_counter",
        ],
        hospital=Hospital(code=s.hospital_code, name=s.hospital_name, name_en=s.hospital_name_en),
    )


@router.post(
    "/identify",
    response_model=IdentifyResponse,
    tags=["identify"],
    summary="Resolve a scanned code or typed number to a patient",
    description=(
        "Accepts an electronic health card code (static or dynamic, optionally with an "
        "`::<org code>` suffix), an 18- or 15-digit resident ID number, a 10-digit visit-card "
        "number, or an insurance e-voucher. All of them resolve to the same patient record."
    ),
    responses=responses(
        MALFORMED_CODE,
        UNAUTHORIZED,
        CARD_CANCELLED,
        UNKNOWN_CODE,
        NOT_REGISTERED,
        EXPIRED_CODE,
        INVALID_REQUEST,
        INTERNAL_ERROR,
    ),
)
def identify_patient(
    body: IdentifyRequest, state: State, device: Device, device_id: DeviceId
) -> IdentifyResponse:
    now = state.clock()
    with identify_attempt(state.db, "identify", now, device, body.terminal_id,
                          body.source) as attempt:
        with state.db.transaction() as conn:
            result = identify(conn, body.text, now, device_id)
        attempt.outcome = result.matched_by
        return result
