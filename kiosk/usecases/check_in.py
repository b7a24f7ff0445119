"""Appointment check-in (签到/取号): today's appointments → check in → queue data.

Checking in is idempotent per patient intent: a retry after a lost reply replays the first
answer. An appointment that was already checked in (at a window, on another kiosk, or by a
same-day registration) is not a failure for the patient: the gateway refuses with
``already_checked_in`` and the existing queue data, which this module returns as a normal
result marked ``already``.
"""

from __future__ import annotations

import datetime as dt

from kiosk.errors import GatewayRejected
from kiosk.models import Visit
from kiosk.usecases.answers import Answer, DepartmentRef, Doctor, Place, UseCase
from kiosk.usecases.usage import Scene

BOOKED = "booked"
CHECKED_IN = "checked_in"
SCENE = Scene.APPOINTMENT_QUERY  # checking in is a query of the appointment (用卡: 预约查询)


class Appointment(Answer):
    appointment_id: str
    status: str
    date: dt.date
    period: str = "AM"
    time: str = ""
    queue_no: int | None = None
    department: DepartmentRef
    doctor: Doctor
    location: Place | None = None


class QueueTicket(Answer):
    appointment_id: str
    queue_no: int
    position: int  # 1 = the next patient the doctor sees
    estimated_wait_min: int
    location: Place | None = None
    already: bool = False  # checked in before this visit to the kiosk

    @property
    def ahead(self) -> int:
        return max(0, self.position - 1)


def todays(appointments: list[Appointment], today: dt.date) -> list[Appointment]:
    """The appointments a patient can check in to (or see the queue of) today."""
    return [a for a in appointments if a.date == today and a.status in (BOOKED, CHECKED_IN)]


def later(appointments: list[Appointment], today: dt.date) -> list[Appointment]:
    """Booked for a later day: listed but not for choosing, so a patient who came on the
    wrong day sees why rather than an empty list."""
    return [a for a in appointments if a.status == BOOKED and a.date > today]


def all_checked_in(appointments: list[Appointment], today: dt.date) -> bool:
    """Every appointment of today is checked in already: nothing left to check in to."""
    now = todays(appointments, today)
    return bool(now) and all(a.status == CHECKED_IN for a in now)


class CheckInAPI(UseCase):
    def appointments(self, visit: Visit) -> list[Appointment]:
        return self._get(
            list[Appointment], "/api/v1/patients/me/appointments", field="appointments", visit=visit
        )

    def check_in(self, visit: Visit, flow_id: str, appointment_id: str) -> QueueTicket:
        # One key per choice in one flow: its retries replay, while a later visit asks anew
        # and so sees the queue as it is then.
        scope = f"{flow_id}:{appointment_id}"
        path = f"/api/v1/appointments/{appointment_id}/check-in"
        try:
            return self._once("check_in", scope, QueueTicket, path, json={}, visit=visit)
        except GatewayRejected as exc:
            if exc.code == "already_checked_in" and exc.detail and "queue_no" in exc.detail:
                self._intents.finish("check_in", scope)
                return self._read(QueueTicket, {**exc.detail, "already": True}, f"POST {path}")
            raise
