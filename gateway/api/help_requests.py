"""Help requests (叫工作人员 / Call staff): a kiosk asks for a person, staff answer.

The kiosk posts a request with its device token (terminal, screen code, seconds waited; no
personal data), follows it by id and cancels it when the patient leaves. Signed-in staff
(``X-Staff-Session``) list the requests, acknowledge one (they are on the way) and close
it. A request nobody acknowledged within ``--help-overdue-s`` is ``overdue`` in every
answer, computed from the hospital clock (a read never writes).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from gateway.api.staff import STAFF_ERRORS, CurrentStaff
from gateway.core.auth import DeviceId, State
from gateway.core.errors import INTERNAL_ERROR, INVALID_REQUEST, UNAUTHORIZED, responses
from gateway.core.help_errors import (
    HELP_REQUEST_ACTIVE,
    HELP_REQUEST_CLOSED,
    HELP_REQUEST_TAKEN,
    TOO_MANY_HELP_REQUESTS,
    UNKNOWN_HELP_REQUEST,
)
from gateway.core.idempotency import IDEMPOTENCY_ERRORS, Idempotent
from gateway.schemas.help_requests import (
    REQUEST_ID_PATTERN,
    HelpRequest,
    HelpRequestCreate,
    HelpRequests,
    HelpStatus,
)
from gateway.store import help_requests as store

router = APIRouter(prefix="/api/v1", tags=["help requests"])

RequestId = Annotated[str, Path(pattern=REQUEST_ID_PATTERN, description="The request id.")]
_DEVICE = (UNAUTHORIZED, INVALID_REQUEST, INTERNAL_ERROR)
_OVERDUE = "A request nobody acknowledged within `--help-overdue-s` (default 120 s) has " \
    "`overdue: true`."


@router.post(
    "/help-requests",
    status_code=201,
    response_model=HelpRequest,
    summary="Call staff: ask for a person at this terminal (kiosk, keyed)",
    description="The body names the terminal, the screen (a short code) and how long the "
    "patient has waited, and nothing else: any other field is refused (`invalid_request`), so "
    "no personal data can travel with it. One request at a time per terminal: while one is "
    "open or acknowledged, another answers `409 help_request_active` with its id in "
    "`detail.request_id` (follow that one). " + _OVERDUE,
    responses=responses(HELP_REQUEST_ACTIVE, TOO_MANY_HELP_REQUESTS, *IDEMPOTENCY_ERRORS,
                        *_DEVICE),
)
def ask_for_help(body: HelpRequestCreate, state: State, device: DeviceId,
                 idem: Idempotent) -> Response:
    now, overdue = state.clock(), state.settings.help_overdue_s
    return idem.run(lambda conn: store.create(conn, body, device, now, overdue), status=201)


@router.get(
    "/help-requests",
    response_model=HelpRequests,
    summary="Help requests for staff: open and acknowledged ones by default (staff session)",
    description="Needs a signed-in staff session of this workstation (`X-Staff-Session`); a "
    "device token alone answers `401 staff_session_expired`. Requests under way come longest "
    "waiting first, closed ones most recently closed first. " + _OVERDUE,
    responses=responses(*STAFF_ERRORS),
)
def list_help_requests(
    state: State,
    _staff: CurrentStaff,
    status: Annotated[list[HelpStatus] | None, Query(
        max_length=3, description="Repeat to list several; default `open` and `acknowledged`.",
    )] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 100,
) -> HelpRequests:
    statuses = sorted(set(status or store.ACTIVE))
    with state.db.transaction() as conn:
        return store.listing(conn, statuses, limit, state.clock(), state.settings.help_overdue_s)


@router.get(
    "/help-requests/{request_id}",
    response_model=HelpRequest,
    summary="Follow this kiosk's help request: open, acknowledged (who is coming) or closed",
    description="A kiosk sees only the requests it made; another device's id answers "
    "`404 unknown_help_request` like an unknown one. " + _OVERDUE,
    responses=responses(UNKNOWN_HELP_REQUEST, *_DEVICE),
)
def follow_help_request(request_id: RequestId, state: State, device: DeviceId) -> HelpRequest:
    with state.db.transaction() as conn:
        return store.get(conn, request_id, device, state.clock(), state.settings.help_overdue_s)


@router.post(
    "/help-requests/{request_id}/cancel",
    response_model=HelpRequest,
    summary="Cancel this kiosk's help request: the patient left (kiosk, keyed)",
    description="Closes an open or acknowledged request with `closed_by: \"kiosk\"`; a request "
    "already closed is answered as it is.",
    responses=responses(UNKNOWN_HELP_REQUEST, *IDEMPOTENCY_ERRORS, *_DEVICE),
)
def cancel_help_request(request_id: RequestId, state: State, device: DeviceId,
                        idem: Idempotent) -> Response:
    now, overdue = state.clock(), state.settings.help_overdue_s
    return idem.run(lambda conn: store.cancel(conn, request_id, device, now, overdue),
                    status=200)


@router.post(
    "/help-requests/{request_id}/acknowledge",
    response_model=HelpRequest,
    summary="Acknowledge a help request: this staff member is on the way (staff, keyed)",
    description="The kiosk then shows the staff member's display name. Acknowledging one's "
    "own again changes nothing; one another staff member acknowledged is "
    "`409 help_request_taken`, a closed one `409 help_request_closed`.",
    responses=responses(UNKNOWN_HELP_REQUEST, HELP_REQUEST_TAKEN, HELP_REQUEST_CLOSED,
                        *IDEMPOTENCY_ERRORS, *STAFF_ERRORS),
)
def acknowledge_help_request(request_id: RequestId, state: State, staff: CurrentStaff,
                             idem: Idempotent) -> Response:
    return store.answer(idem, state, "acknowledge", request_id, staff.staff_no)


@router.post(
    "/help-requests/{request_id}/close",
    response_model=HelpRequest,
    summary="Close a help request: the patient was helped (staff, keyed)",
    description="Any signed-in staff member may close an open or acknowledged request "
    "(closing an open one records them as the one who answered). A closed one is "
    "`409 help_request_closed`.",
    responses=responses(UNKNOWN_HELP_REQUEST, HELP_REQUEST_CLOSED, *IDEMPOTENCY_ERRORS,
                        *STAFF_ERRORS),
)
def close_help_request(request_id: RequestId, state: State, staff: CurrentStaff,
                       idem: Idempotent) -> Response:
    return store.answer(idem, state, "close", request_id, staff.staff_no)
