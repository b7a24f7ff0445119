"""Check-in (签到/取号) for a booked appointment: today's appointments → choose one → check in
→ queue number, place in the queue, estimated wait and where to go → queue ticket printed →
usage reported.

An appointment that is already checked in (at a window, on another kiosk, or a same-day
registration, which joins the queue at once) shows its queue data like a fresh check-in:
the patient came to learn their number, not to read an error.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout

from kiosk.errors import Text
from kiosk.models import Patient
from kiosk.usecases.check_in import (
    BOOKED,
    CHECKED_IN,
    SCENE,
    Appointment,
    QueueTicket,
    all_checked_in,
    later,
    todays,
)
from kiosk.usecases.next_actions import Action, CheckInAction
from kiosk.usecases.registration import new_flow_id
from ui import strings as S
from ui.language import TLabel
from ui.screens.generic import Choice, ChoiceScreen
from ui.services import check_in_text as T
from ui.services.flow import PatientFlow
from ui.services.host import ServiceHost
from ui.services.queue_text import place_text, wait_text
from ui.services.result import ResultScreen
from ui.services.slips import period_words


class CheckInFlow(PatientFlow):
    key = "check_in"

    def __init__(self, host: ServiceHost, patient: Patient, action: Action | None = None) -> None:
        super().__init__(host, patient, action)
        self._api = host.context.check_in
        self._flow_id = new_flow_id()
        self._appointment: Appointment | None = None
        self.result_screen: ResultScreen | None = None

    # --- steps -----------------------------------------------------------------------------

    def start(self) -> None:
        # The flow ends in a slip: find out first whether one can be printed.
        self._host.check_printer("slip", self._begin)

    def _begin(self) -> None:
        visit = self._host.session.visit
        self._host.run(lambda: self._api.appointments(visit), S.BUSY_LOADING, self._show_appointments)

    def _show_appointments(self, appointments: list[Appointment]) -> None:
        today = self._host.context.clock.today()
        now = todays(appointments, today)
        chosen = self._from_action(now)
        if chosen is not None:
            self._on_chosen(chosen)  # the home's button named it: no list to choose from again
            return
        choices = [self._choice(a, enabled=True) for a in now]
        choices += [self._choice(a, enabled=False) for a in later(appointments, today)]
        # The question fits what is there: one appointment is simply pressed; when every
        # appointment of today is checked in there is nothing left to choose to check in.
        if all_checked_in(appointments, today):
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

    def _from_action(self, today: list[Appointment]) -> Appointment | None:
        if not isinstance(self._action, CheckInAction):
            return None
        wanted = self._action.appointment_id
        return next((a for a in today if a.appointment_id == wanted and a.status == BOOKED), None)

    def _choice(self, a: Appointment, *, enabled: bool) -> Choice:
        title = Text.same("{department}  {doctor}").format(department=a.department.words, doctor=a.doctor.words)
        status = T.CHECKED_IN if a.status == CHECKED_IN else T.BOOKED
        queue = T.QUEUE_SHORT.format(no="" if a.queue_no is None else a.queue_no)
        detail = Text.same("{when} · {queue} · {status}").format(when=self._when(a), queue=queue, status=status)
        return Choice(title, a, detail, enabled=enabled)

    def _visit_text(self, a: Appointment) -> Text:
        return Text.same("{department} {doctor} · {when}").format(
            department=a.department.words, doctor=a.doctor.words, when=self._when(a)
        )

    @staticmethod
    def _when(a: Appointment) -> Text:
        return Text.same("{date} {period} {time}").format(date=str(a.date), period=period_words(a.period), time=a.time)

    def _on_chosen(self, appointment: Appointment) -> None:
        self._appointment = appointment
        visit = self._host.session.visit
        appointment_id = appointment.appointment_id
        self._host.run(
            lambda: self._api.check_in(visit, self._flow_id, appointment_id),
            T.BUSY_CHECKING_IN,
            self._show_result,
        )

    def _show_result(self, ticket: QueueTicket) -> None:
        a = self._appointment
        location = ticket.location or a.location
        rows = [
            (T.POSITION, place_text(ticket.ahead, ticket.estimated_wait_min)),
            (T.WAIT, wait_text(self._host.context.clock, ticket.estimated_wait_min)),
            (S.LBL_LOCATION, location.words if location is not None else Text.same("")),
            # One row for who and when keeps the screen within a landscape display.
            (T.VISIT, self._visit_text(a)),
        ]
        self._host.finish_flow()
        title = T.ALREADY if ticket.already else T.DONE
        screen = ResultScreen(self._host, title, rows, steps=T.STEPS, step=2, note=T.NEXT)
        self._add_queue_number(screen, ticket.queue_no)
        self._host.push(screen)
        self.result_screen = screen
        self._host.context.report_usage(self._patient.health_card_id, SCENE)
        screen.print_document(self._host.context.paper.queue_ticket(self._patient, a, ticket), "slip")

    def _add_queue_number(self, screen: ResultScreen, queue_no: int) -> None:
        # The number the patient watches for on the waiting-room display: the largest text.
        caption = TLabel(T.QUEUE_NO, self._host.language, "subtitle")
        caption.setWordWrap(False)
        number = TLabel(Text(str(queue_no), str(queue_no)), self._host.language, "queueNumber")
        number.setWordWrap(False)
        screen.queue_number = number
        row = QHBoxLayout()
        row.setSpacing(30)
        row.addStretch(1)
        row.addWidget(caption, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(number, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addStretch(1)
        screen.body.insertLayout(0, row)

    # Leaving needs no abandon(): nothing is held at the gateway: checking in either happened or did not.
