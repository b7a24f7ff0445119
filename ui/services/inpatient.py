"""Inpatient services (住院服务): the stay's summary → top up the deposit, read and print the
daily cost list, or settle the discharge.

Offered only to a patient with a stay not yet settled (the next actions say so). A family
member at the kiosk scans the patient's health card or wristband; everything shown and
printed carries the masked name and numbers. Reading the stay is a use of the health card
(scene 0101053, inpatient payment), reported once per flow.
"""

from __future__ import annotations

import datetime as dt
import logging

from kiosk.errors import Text
from kiosk.models import Patient
from kiosk.usecases.inpatient import SCENE, Admission, DailyList
from kiosk.usecases.next_actions import Action, InpatientAction
from ui.services import inpatient_paper as paper
from ui.services import inpatient_text as T
from ui.services.after_payment import money
from ui.services.flow import PatientFlow
from ui.services.host import ServiceHost
from ui.services.inpatient_money import DischargeSteps, TopUpSteps
from ui.services.inpatient_screens import DailyListScreen, StayScreen
from ui.services.result import ResultScreen

logger = logging.getLogger(__name__)


class InpatientFlow(PatientFlow):
    key = "inpatient"

    def __init__(self, host: ServiceHost, patient: Patient, action: Action | None = None) -> None:
        super().__init__(host, patient, action)
        self._api = host.context.inpatient
        self.stay: Admission | None = None
        self.stay_screen: StayScreen | None = None
        self.list_screen: DailyListScreen | None = None
        self.print_screen: ResultScreen | None = None
        self.top_up: TopUpSteps | None = None
        self.discharge: DischargeSteps | None = None
        self._reported = False

    @property
    def pay_step(self):
        """The payment step under way, if any (tests and the window poll it)."""
        for steps in (self.top_up, self.discharge):
            if steps is not None and steps.pay_step is not None:
                return steps.pay_step
        return None

    def start(self) -> None:
        self._load()

    def _load(self) -> None:
        visit = self._host.session.visit
        self._host.run(lambda: self._api.admissions(visit), T.BUSY, self._show_stay)

    def reload(self) -> None:
        """Back to a fresh summary (after a top-up the balance has changed)."""
        if self.stay_screen is not None:
            self._host.pop_to(self.stay_screen)
            self._host.pop()
        self._load()

    def _show_stay(self, stays: list[Admission]) -> None:
        open_stays = [s for s in stays if s.open]
        if not open_stays:
            self._host.notice((T.NO_STAY, T.NO_STAY_NEXT), error=False)
            self._host.finish_flow()
            return
        wanted = self._action.admission_id if isinstance(self._action, InpatientAction) else None
        stay = next((s for s in open_stays if s.admission_id == wanted), open_stays[0])
        self.stay = stay
        if not self._reported:
            self._reported = True
            self._host.context.report_usage(self._patient.health_card_id, SCENE)
        screen = StayScreen(stay, self._host.language)
        screen.back.connect(self._host.patient_home)
        screen.top_up.connect(self._start_top_up)
        screen.daily_list.connect(lambda: self._show_day(None))
        screen.discharge.connect(self._start_discharge)
        self._host.push(screen)
        self.stay_screen = screen
        action, self._action = self._action, None  # the home's button acts once
        if isinstance(action, InpatientAction):
            if action.kind == "discharge" and stay.discharge_allowed:
                self._start_discharge()
            elif action.kind == "top_up" and stay.top_up_allowed:
                self._start_top_up()

    # --- top-up and discharge (their own steps) --------------------------------------------

    def _start_top_up(self) -> None:
        self.top_up = TopUpSteps(self._host, self._patient, self.stay, self)
        self.top_up.start()

    def _start_discharge(self) -> None:
        self.discharge = DischargeSteps(self._host, self._patient, self.stay, self)
        self.discharge.start()

    # --- the daily list --------------------------------------------------------------------

    def _show_day(self, day: dt.date | None) -> None:
        visit = self._host.session.visit
        admission_id = self.stay.admission_id
        self._host.run(lambda: self._api.daily_list(visit, admission_id, day), T.BUSY_LIST, self._on_day)

    def _on_day(self, daily: DailyList) -> None:
        if self.list_screen is not None:
            self._host.pop_to(self.list_screen)
            self._host.pop()  # one list screen at a time: another day replaces it
        screen = DailyListScreen(daily, self._host.language)
        screen.back.connect(self._host.pop)
        screen.day_chosen.connect(self._show_day)
        screen.print_day.connect(lambda: self._print([daily]))
        screen.print_stay.connect(self._print_stay)
        self._host.push(screen)
        self.list_screen = screen

    def _print_stay(self) -> None:
        visit = self._host.session.visit
        stay, api = self.stay, self._api
        first = stay.admitted_at.date() if stay.admitted_at else self._host.context.clock.today()

        def every_day() -> list[DailyList]:
            # From the first day: its answer names the stay's last day.
            daily = api.daily_list(visit, stay.admission_id, first)
            days = [daily]
            last = dt.date.fromisoformat(daily.last_date)
            day = daily.day + dt.timedelta(days=1)
            while day <= last:
                days.append(api.daily_list(visit, stay.admission_id, day))
                day += dt.timedelta(days=1)
            return days

        self._host.run(every_day, T.BUSY_LIST, self._print)

    def _print(self, days: list[DailyList]) -> None:
        context = self._host.context
        document = paper.cost_list(context.paper, self._patient, self.stay, days)
        span = days[0].date if len(days) == 1 else f"{days[0].date} – {days[-1].date}"
        rows = [(T.LBL_WARD, self.stay.ward_words), (T.LIST_DAYS, Text.same(span)),
                (T.LBL_CHARGES, money(sum(d.total_fen for d in days)))]
        screen = ResultScreen(self._host, T.LIST_PRINTED, rows)
        screen.taken = T.TAKE_LIST
        screen.done.clicked.disconnect()
        screen.done.clicked.connect(self._host.pop)  # back to the list, not the whole way home
        self._host.push(screen)
        self.print_screen = screen
        screen.print_document(document, "a4")

    def abandon(self) -> None:
        for steps in (self.top_up, self.discharge):
            if steps is not None:
                steps.abandon()
