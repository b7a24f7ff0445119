"""The "your next step" home (下一步): the patient's next actions today, for the kiosk's home screen.

Built only from what the gateway already holds (appointments, bills, reports, prescriptions,
the itinerary); a read that changes nothing but the visit's sliding expiry.
"""

from __future__ import annotations

from fastapi import APIRouter

from gateway.core.auth import State
from gateway.core.errors import INTERNAL_ERROR, INVALID_REQUEST, UNAUTHORIZED
from gateway.core.errors import responses as error_responses
from gateway.core.visits import VISIT_EXPIRED, AnyVisit
from gateway.schemas.next_actions import NextActions
from gateway.store.next_actions import next_actions

router = APIRouter(prefix="/api/v1", tags=["guidance"])


@router.get(
    "/patients/me/next-actions",
    response_model=NextActions,
    summary="The patient's next actions today, in visit order, each with the service that "
    "performs it",
    description=(
        "What the patient has to do next, built from what the gateway already knows: a booked "
        "appointment today to check in (`check_in`), unpaid bills (`payment`, with their ids "
        "and total in fen), ready reports still below the print limit (`reports`, with their "
        "ids: print them all in one touch), medicine ready at a window (`pharmacy`, one action "
        "per window) and the next place on the itinerary none of these covers (`guidance`). "
        "Each action names the kiosk service key that performs it, carries the parameters that "
        "perform it directly and a short label in Chinese and English. In the order to do "
        "them: check in, pay, print, collect, go. An empty list: nothing to do (show the menu)."
        " A visit opened by a visit-card number or a wristband sees no bills or reports: "
        "`withheld` names those services for every such visit (a wristband's still sees its "
        "stay's actions). Changes nothing."
    ),
    responses=error_responses(UNAUTHORIZED, VISIT_EXPIRED, INVALID_REQUEST, INTERNAL_ERROR),
)
def my_next_actions(visit: AnyVisit, state: State) -> NextActions:
    with state.db.transaction() as conn:
        return next_actions(conn, visit.patient_id, state.clock(),
                            state.settings.report_print_limit, visit.assurance)
