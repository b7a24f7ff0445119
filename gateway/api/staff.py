"""Staff sign-in and the staff session every counter and help-request call carries.

Credentials, the attempt limit and sessions are kept by ``gateway.store.staff`` (see there
for how passwords are stored and why failures are counted per device); this router opens
and ends sessions and provides the dependency that routers take.

Usage in a router::

    @router.post("/pharmacy/things", responses=responses(STAFF_SESSION_EXPIRED, ...))
    def thing(staff: CurrentStaff, ...):
        staff.staff_no, staff.window  # who acts, and at which window
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Response
from fastapi.security import APIKeyHeader

from gateway.core.auth import DeviceId, State
from gateway.core.counter_errors import BAD_CREDENTIALS, STAFF_SESSION_EXPIRED, TOO_MANY_ATTEMPTS
from gateway.core.errors import (
    INTERNAL_ERROR,
    INVALID_REQUEST,
    UNAUTHORIZED,
    GatewayError,
    responses,
)
from gateway.core.timeline import iso_utc
from gateway.schemas.staff import CurrentSession, SignInRequest, StaffSession
from gateway.store.staff import Staff, end_session, lookup_staff, sign_in

logger = logging.getLogger(__name__)

HEADER = "X-Staff-Session"

router = APIRouter(prefix="/api/v1", tags=["pharmacy counter"])

staff_header = APIKeyHeader(
    name=HEADER, auto_error=False, scheme_name="StaffSession",
    description="The `staff_session` returned by `POST /api/v1/staff/sessions`.",
)


@router.post(
    "/staff/sessions",
    status_code=201,
    response_model=StaffSession,
    summary="Staff sign-in: a staff session for this workstation",
    description="Not keyed: a retried sign-in simply opens another session, and the token is "
    "never stored in clear (so it cannot be replayed from an idempotency record).",
    responses=responses(BAD_CREDENTIALS, TOO_MANY_ATTEMPTS, UNAUTHORIZED, INVALID_REQUEST,
                        INTERNAL_ERROR),
)
def staff_sign_in(body: SignInRequest, state: State, device: DeviceId) -> StaffSession:
    token, staff = sign_in(state.db, body.staff_no, body.password, device, state.clock())
    return StaffSession(staff_session=token, staff=staff.member(),
                        expires_at=iso_utc(staff.expires_at))


def require_staff(
    state: State, device: DeviceId, token: Annotated[str | None, Depends(staff_header)]
) -> Staff:
    with state.db.transaction() as conn:
        staff = lookup_staff(conn, token, device, state.clock())
    if staff is None:
        logger.info("refused a missing, unknown or expired staff session")
        raise GatewayError(STAFF_SESSION_EXPIRED)
    return staff


CurrentStaff = Annotated[Staff, Depends(require_staff)]
STAFF_ERRORS = (UNAUTHORIZED, STAFF_SESSION_EXPIRED, INVALID_REQUEST, INTERNAL_ERROR)


@router.get(
    "/staff/sessions/current",
    response_model=CurrentSession,
    summary="Who is signed in here (also extends the session)",
    responses=responses(*STAFF_ERRORS),
)
def current_session(staff: CurrentStaff) -> CurrentSession:
    return CurrentSession(staff=staff.member(), expires_at=iso_utc(staff.expires_at))


@router.delete(
    "/staff/sessions/current",
    status_code=204,
    summary="Sign out (the token stops working at once)",
    description="Not keyed: signing out twice has the same effect as once; the second call "
    "answers `staff_session_expired`.",
    responses=responses(*STAFF_ERRORS),
)
def sign_out(staff: CurrentStaff, state: State) -> Response:
    with state.db.transaction() as conn:
        end_session(conn, staff.session_id, state.clock())
    logger.info("staff signed out")
    return Response(status_code=204)
