"""Appointment check-in (签到/取号): today's appointments → check in → queue data.

Checking in is idempotent per patient intent: a retry after a lost reply replays the first
answer. An appointment that was already checked in (at a window, on another kiosk, or by a
same-day registration) is not a failure for the patient: the gateway refuses with
``already_checked_in`` and the existing queue data, which this module returns as a normal
result marked ``already``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kiosk.errors import GatewayRejected
from kiosk.gateway_client import GatewayClient
from kiosk.intents import IntentStore
from kiosk.models import Visit

BOOKED = "booked"
CHECKED_IN = "checked_in"


@dataclass(frozen=True)
class QueueTicket:
    appointment_id: str
    queue_no: int
    position: int  # 1 = the next patient the doctor sees
    estimated_wait_min: int
    location: dict[str, Any]
    already: bool  # checked in before this visit to the kiosk


def todays(appointments: list[dict[str, Any]], today: dt.date) -> list[dict[str, Any]]:
    """The appointments a patient can check in to (or see the queue of) today."""
    day = today.isoformat()
    return [a for a in appointments if a.get("date") == day and a.get("status") in (BOOKED, CHECKED_IN)]


def _ticket(body: dict[str, Any], already: bool) -> QueueTicket:
    return QueueTicket(
        appointment_id=str(body["appointment_id"]),
        queue_no=int(body["queue_no"]),
        position=int(body["position"]),
        estimated_wait_min=int(body["estimated_wait_min"]),
        location=dict(body.get("location") or {}),
        already=already,
    )


class CheckInAPI:
    def __init__(self, client: GatewayClient, intents: IntentStore) -> None:
        self._client = client
        self._intents = intents

    def appointments(self, visit: Visit) -> list[dict[str, Any]]:
        return self._client.call("GET", "/api/v1/patients/me/appointments", visit=visit)["appointments"]

    def check_in(self, visit: Visit, flow_id: str, appointment_id: str) -> QueueTicket:
        # One key per choice in one flow: its retries replay, while a later visit asks anew
        # and so sees the queue as it is then.
        key = self._intents.key("check_in", f"{flow_id}:{appointment_id}")
        try:
            body = self._client.call(
                "POST",
                f"/api/v1/appointments/{appointment_id}/check-in",
                json={},
                visit=visit,
                idempotency_key=key,
            )
        except GatewayRejected as exc:
            if exc.code == "already_checked_in" and exc.detail and "queue_no" in exc.detail:
                self._intents.finish("check_in", f"{flow_id}:{appointment_id}")
                return _ticket(exc.detail, already=True)
            raise
        self._intents.finish("check_in", f"{flow_id}:{appointment_id}")
        return _ticket(body, already=False)
