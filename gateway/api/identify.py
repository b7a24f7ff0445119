"""The Kiosk Gateway API proper (``/api/v1``): what a hospital implements in front of its HIS."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Response

from gateway.core.auth import Device, DeviceId, State
from gateway.core.errors import (
    CARD_CANCELLED,
    EXPIRED_CODE,
    INTERNAL_ERROR,
    INVALID_REQUEST,
    MALFORMED_CODE,
    NOT_REGISTERED,
    TOO_MANY_IDENTIFY_ATTEMPTS,
    UNAUTHORIZED,
    UNKNOWN_CODE,
    GatewayError,
    responses,
)
from gateway.core.visits import VISIT_EXPIRED, AnyVisit, end_visit
from gateway.platform.interface import PLATFORM_UNAVAILABLE, CodeUse
from gateway.schemas.identify import (
    Capabilities,
    Health,
    Hospital,
    IdentifyRequest,
    IdentifyResponse,
)
from gateway.store import enrolment, identify_limit
from gateway.store.identify import NoRecordForIdNumber, NotRegistered, identify, present
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
              "chronic_renewal", "usage", "next_actions", "my_records"),
            "inpatient",
            "pharmacy_counter",
            "help_requests",
            *("insurance", "ebills"),
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
        "number, an inpatient number from a wristband (`--wristband-pattern`, default `ZY` + 8 "
        "digits, while the stay is not settled), or an insurance e-voucher. All of them resolve to the same patient record. "
        "The answer carries the patient's identity masked (name `张*三`, ID number "
        "`110101********1234`, visit card `******7890`): the kiosk shows and prints only "
        "masked forms. Unmatched attempts are limited per device (a sliding window, "
        "`--identify-limit` in `--identify-window` seconds): beyond it every identify on "
        "the device answers 429 `too_many_identify_attempts` until the oldest attempt "
        "leaves the window (`detail.retry_after_s`). A visit opened by a visit-card number "
        "is a weak visit (`assurance: \"visit_card\"`): it reaches low-risk services only; "
        "one opened by a wristband (`assurance: \"wristband\"`) reaches those and the "
        "inpatient services. "
        "A valid health card of a resident the hospital has no record of answers "
        "`not_registered` with `detail.enrolment` (an `EnrolmentOffer`: the masked identity "
        "the platform holds and an `offer_id` valid for a few minutes on this device) for "
        "self-registration through `POST /api/v1/patients`."
    ),
    responses=responses(
        MALFORMED_CODE,
        UNAUTHORIZED,
        CARD_CANCELLED,
        UNKNOWN_CODE,
        NOT_REGISTERED,
        EXPIRED_CODE,
        INVALID_REQUEST,
        TOO_MANY_IDENTIFY_ATTEMPTS,
        INTERNAL_ERROR,
        PLATFORM_UNAVAILABLE,
    ),
)
def identify_patient(
    body: IdentifyRequest, state: State, device: Device, device_id: DeviceId
) -> IdentifyResponse:
    now = state.clock()
    with identify_attempt(state.db, "identify", now, device, body.terminal_id,
                          body.source) as attempt:
        s = state.settings
        counted = identify_limit.reserve(state.db, device_id, now, s.identify_limit,
                                         s.identify_window_s)
        use = CodeUse(terminal_id=body.terminal_id or device_id[:16])
        try:
            try:
                # The platform (a network call) is asked before the transaction, not in it.
                presented = present(body.text, now, state.platform, use, state.wristband)
                with state.db.transaction() as conn:
                    result = identify(conn, presented, now, device_id, body.source)
            except NoRecordForIdNumber as exc:
                raise exc.answer(state.platform) from None
            except NotRegistered as exc:
                # Made after the lookup's transaction: its refusal rolled that one back.
                with state.db.transaction() as conn:
                    offer = enrolment.make_offer(conn, exc.card, device_id, now)
                raise GatewayError(exc.kind, {"enrolment": offer.model_dump()}) from None
        except GatewayError as exc:
            # Only a well-formed number that names nobody is a guess worth counting; a
            # misread scan or a cancelled card gives its attempt back.
            if exc.kind.code not in identify_limit.COUNTED:
                identify_limit.matched(state.db, counted)
            raise
        identify_limit.matched(state.db, counted)
        attempt.outcome = result.matched_by
        return result


@router.delete(
    "/visits/current",
    status_code=204,
    tags=["identify"],
    summary="End the visit: the kiosk session is over, the visit token stops working",
    description="The kiosk calls this when the patient's session ends (finish, timeout, a new "
    "card), so a token cannot outlive the session by its 30-minute sliding expiry. Not keyed: "
    "ending twice has the same effect as once; the second call answers `visit_expired`.",
    responses=responses(UNAUTHORIZED, VISIT_EXPIRED, INVALID_REQUEST, INTERNAL_ERROR),
)
def end_current_visit(visit: AnyVisit, state: State) -> Response:
    with state.db.transaction() as conn:
        end_visit(conn, visit.visit_id, state.clock())
    logger.info("visit ended by the kiosk")
    return Response(status_code=204)
