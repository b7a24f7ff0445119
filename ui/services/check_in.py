"""Check-in (签到/取号) for a booked appointment: today's appointments → choose one → check in
→ queue number, place in the queue, estimated wait and where to go → queue ticket printed →
usage reported.

An appointment that is already checked in (at a window, on another kiosk, or a same-day
registration, which joins the queue at once) shows its queue data like a fresh check-in:
the patient came to learn their number, not to read an error.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout

from kiosk.errors import Text
from kiosk.models import Patient
from kiosk.usecases.check_in import BOOKED, CHECKED_IN, CheckInAPI, QueueTicket, todays
from kiosk.usecases.registration import new_flow_id
from kiosk.usecases.usage import Scene
from printing.models import Hospital, RegistrationSlip
from ui import strings as S
from ui.language import TLabel
from ui.screens.generic import Choice, ChoiceScreen
from ui.services import check_in_text as T
from ui.services.host import ServiceHost
from ui.services.queue_text import place_text, wait_text
from ui.services.report_view import printed_patient
from ui.services.result import ResultScreen
from ui.theme import PRIMARY


def _bi(zh: str, en: str | None) -> Text:
    return Text(zh, en or zh)


def _period(period: str) -> Text:
    return S.AM if period == "AM" else S.PM



class CheckInFlow:
    key = "check_in"

    def __init__(self, host: ServiceHost, patient: Patient) -> None:
        self._host = host
        self._patient = patient
        self._api = CheckInAPI(host.context.client, host.context.intents)
        self._flow_id = new_flow_id()
        self._appointment: dict[str, Any] | None = None
        self.result_screen: ResultScreen | None = None

    # --- steps -----------------------------------------------------------------------------

    def start(self) -> None:
        # The flow ends in a slip: find out first whether one can be printed.
        self._host.check_printer("slip", self._begin)

    def _begin(self) -> None:
        visit = self._host.session.visit
        self._host.run(lambda: self._api.appointments(visit), S.BUSY_LOADING, self._show_appointments)

    def _show_appointments(self, appointments: list[dict[str, Any]]) -> None:
        today = self._host.context.clock.today()
        now = todays(appointments, today)
        choices = [self._choice(a, enabled=True) for a in now]
        # Later appointments are listed but cannot be chosen, so a patient who came on the
        # wrong day sees why rather than an empty list.
        choices += [
            self._choice(a, enabled=False)
            for a in appointments
            if a.get("status") == BOOKED and a.get("date", "") > today.isoformat()
        ]
        # The question fits what is there: one appointment is simply pressed; when every
        # appointment of today is checked in there is nothing left to choose to check in.
        if now and all(a.get("status") == CHECKED_IN for a in now):
            title = T.ALL_CHECKED_IN
        else:
            title = T.CHOOSE_ONE if len(now) == 1 else T.CHOOSE
        screen = ChoiceScreen(
            title, choices, self._host.language, steps=T.STEPS, step=0, columns=1, empty=T.NONE_TODAY
        )
        if choices and not choices[0].enabled:
            screen.body.insertWidget(0, TLabel(T.LATER, self._host.language, "nextStep"))
        screen.back.connect(self._host.patient_home)
        screen.chosen.connect(self._on_chosen)
        self._host.push(screen)

    def _choice(self, a: dict[str, Any], *, enabled: bool) -> Choice:
        dept, doctor = a["department"], a["doctor"]
        title = Text(
            f"{dept['name']}  {doctor['name']} {doctor.get('title', '')}",
            f"{dept.get('name_en') or dept['name']}  {doctor['name']} {doctor.get('title_en', '')}",
        )
        when = self._when(a)
        status = T.CHECKED_IN if a.get("status") == CHECKED_IN else T.BOOKED
        queue = T.QUEUE_SHORT.format(no=a.get("queue_no", ""))
        detail = Text(
            f"{when.zh} · {queue.zh} · {status.zh}",
            f"{when.en} · {queue.en} · {status.en}",
        )
        return Choice(title, a, detail, enabled=enabled)

    def _visit_text(self, a: dict[str, Any]) -> Text:
        dept, doctor, when = a["department"], a["doctor"], self._when(a)
        return Text(
            f"{dept['name']} {doctor['name']} {doctor.get('title', '')} · {when.zh}",
            f"{dept.get('name_en') or dept['name']} {doctor['name']} {doctor.get('title_en', '')} · {when.en}",
        )

    @staticmethod
    def _when(a: dict[str, Any]) -> Text:
        period = _period(a.get("period", "AM"))
        return Text(f"{a['date']} {period.zh} {a.get('time', '')}", f"{a['date']} {period.en} {a.get('time', '')}")

    def _on_chosen(self, appointment: dict[str, Any]) -> None:
        self._appointment = appointment
        visit = self._host.session.visit
        appointment_id = appointment["appointment_id"]
        self._host.run(
            lambda: self._api.check_in(visit, self._flow_id, appointment_id),
            T.BUSY_CHECKING_IN,
            self._show_result,
        )

    def _show_result(self, ticket: QueueTicket) -> None:
        a = self._appointment
        location = ticket.location or a.get("location") or {}
        ahead = max(0, ticket.position - 1)
        place = place_text(ahead, ticket.estimated_wait_min)
        rows = [
            (T.POSITION, place),
            (T.WAIT, wait_text(self._host.context.clock, ticket.estimated_wait_min)),
            (S.LBL_LOCATION, _bi(location.get("text", ""), location.get("text_en"))),
            # One row for who and when keeps the screen within a landscape display.
            (T.VISIT, self._visit_text(a)),
        ]
        self._host.finish_flow()
        title = T.ALREADY if ticket.already else T.DONE
        screen = ResultScreen(self._host, title, rows, steps=T.STEPS, step=2, note=T.NEXT)
        self._add_queue_number(screen, ticket.queue_no)
        self._host.push(screen)
        self.result_screen = screen
        self._host.context.report_usage(self._patient.health_card_id, Scene.APPOINTMENT_QUERY)
        screen.print_document(self._ticket(ticket, location), "slip")

    def _add_queue_number(self, screen: ResultScreen, queue_no: int) -> None:
        # The number the patient watches for on the waiting-room display: the largest text.
        caption = TLabel(T.QUEUE_NO, self._host.language, "subtitle")
        caption.setWordWrap(False)
        number = TLabel(Text(str(queue_no), str(queue_no)), self._host.language, "queueNumber")
        number.setWordWrap(False)
        number.setStyleSheet(f"font-size: 112px; font-weight: bold; color: {PRIMARY};")
        screen.queue_number = number
        row = QHBoxLayout()
        row.setSpacing(30)
        row.addStretch(1)
        row.addWidget(caption, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(number, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addStretch(1)
        screen.body.insertLayout(0, row)

    def _ticket(self, ticket: QueueTicket, location: dict[str, Any]) -> RegistrationSlip:
        p = self._patient
        a = self._appointment
        doctor = a["doctor"]
        return RegistrationSlip(
            hospital=Hospital(self._host.context.hospital.zh),
            patient=printed_patient(p, self._host.context.clock),
            department=a["department"]["name"],
            doctor=doctor["name"],
            doctor_title=doctor.get("title", ""),
            visit_date=a["date"],
            session=_period(a.get("period", "AM")).zh,
            time_slot=a.get("time", ""),
            location=location.get("text", ""),
            queue_number=str(ticket.queue_no),
            fee_fen=None,
            payment_method="",
            receipt_no="",
            transaction_at=self._host.context.clock.now(),
            kiosk_id=self._host.context.terminal_id,
            status=T.TICKET_STATUS,
            title=T.TICKET_TITLE,
        )

    # --- leaving ---------------------------------------------------------------------------

    def abandon(self) -> None:
        pass  # nothing is held at the gateway: checking in either happened or did not
