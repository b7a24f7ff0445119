"""Guidance (导诊): where to go next today, and which department suits the symptoms.

The itinerary puts the next step first — what, where (building, floor, room, window), how
many people are ahead — because that is what a patient standing in the hall needs. The
recommender asks the body area, then the symptoms (several may be ticked); age and sex
come from the identified patient. A recommendation can start a registration for its
department; an urgent one does not: it sends the patient to the emergency department now,
and says where it is. Using guidance is reported as scene 0101014.
"""

from __future__ import annotations

from typing import Any

from kiosk.errors import KioskError, Text
from kiosk.models import Patient
from kiosk.usecases.answers import Place
from kiosk.usecases.guidance import SCENE, BodyArea, Itinerary, Recommendation, Step, urgent
from kiosk.usecases.next_actions import Action
from ui.screens.generic import Choice, ChoiceScreen
from ui.services import guidance_text as T
from ui.services.cards import Card, ListScreen, PickManyScreen
from ui.services.flow import PatientFlow
from ui.services.host import ServiceHost
from ui.services.queue_text import place_text, wait_text
from ui.services.registration import RegistrationFlow


class GuidanceFlow(PatientFlow):
    key = "guidance"

    def __init__(self, host: ServiceHost, patient: Patient, action: Action | None = None) -> None:
        super().__init__(host, patient, action)
        self._api = host.context.guidance
        self._area: BodyArea | None = None
        self._can_register = False
        self._reported = False
        self.itinerary_screen: ListScreen | None = None
        self.symptom_screen: PickManyScreen | None = None
        self.result_screen: ListScreen | None = None

    # --- today's itinerary -----------------------------------------------------------------

    def start(self) -> None:
        visit = self._host.session.visit
        self._host.run(lambda: self._api.itinerary(visit), T.BUSY, self._show_itinerary)

    def _show_itinerary(self, itinerary: Itinerary) -> None:
        self._report_use()
        screen = ListScreen(T.TITLE, self._host.language)
        first = itinerary.next_step
        if not itinerary.steps:
            screen.show_empty(T.NOTHING_TODAY)
        elif first is None:
            screen.show_empty(T.ALL_DONE)
        for step in itinerary.ordered():
            self._step_card(screen, step, is_next=step is first)
        triage = screen.add_action(T.TRIAGE, "")
        triage.clicked.connect(self._start_triage)
        screen.back.connect(self._host.patient_home)
        self._host.push(screen)
        self.itinerary_screen = screen

    def _step_card(self, screen: ListScreen, step: Step, is_next: bool) -> Card:
        card = screen.card("ready" if is_next else ("done" if step.done else ""))
        card.add(T.NEXT.format(title=step.words) if is_next else step.words, "cardTitle")
        if step.window and not step.done:
            card.add(T.WINDOW.format(window=step.window), "cardStatus")
        elif step.status == "todo" and not is_next:
            card.add(T.LATER, "cardStatus")  # only one "go now" at a time
        else:
            card.add(T.STATUS.get(step.status, T.STATUS["todo"]), "cardStatus")
        if step.location is not None and not step.done:
            card.add(T.WHERE.format(where=step.location.words))
        if step.queue_position is not None and not step.done:
            wait = step.estimated_wait_min
            place = place_text(step.queue_position, wait)
            if wait is not None:
                when = wait_text(self._host.context.clock, wait)
                place = Text(f"{place.zh}，{when.zh}", f"{place.en}, {when.en}")
            card.add(place)
        return card

    def _report_use(self) -> None:
        if not self._reported:
            self._reported = True
            self._host.context.report_usage(self._patient.health_card_id, SCENE)

    # --- symptom → department --------------------------------------------------------------

    def _start_triage(self) -> None:
        client = self._host.context.client
        self._host.run(lambda: (self._api.catalogue(), client.capabilities()), T.BUSY_CATALOGUE, self._show_areas)

    def _show_areas(self, loaded: tuple[list[BodyArea], Any]) -> None:
        areas, capabilities = loaded
        # Offer registration only where this gateway takes registrations.
        self._can_register = "registration" in capabilities.services
        choices = [Choice(a.words, a) for a in areas if a.symptoms_for(self._patient)]
        screen = ChoiceScreen(T.AREA, choices, self._host.language, empty=T.NO_AREAS, steps=T.STEPS, step=0)
        screen.back.connect(self._host.pop)
        screen.chosen.connect(self._on_area)
        self._host.push(screen)

    def _on_area(self, area: BodyArea) -> None:
        self._area = area
        choices = [Choice(s.words, s.code) for s in area.symptoms_for(self._patient)]
        screen = PickManyScreen(
            T.SYMPTOMS, choices, T.NEXT_BUTTON, self._host.language, lead=T.SYMPTOMS_LEAD, steps=T.STEPS, step=1
        )
        screen.back.connect(self._host.pop)
        screen.picked.connect(self._on_symptoms)
        self._host.push(screen)
        self.symptom_screen = screen

    def _on_symptoms(self, codes: list[str]) -> None:
        area = self._area.code
        patient = self._patient
        api = self._api
        today = self._host.context.clock.today()

        def work() -> tuple[list[Recommendation], Place | None]:
            found = api.recommend(patient, area, codes, today)
            go_now = urgent(found)
            location = None
            if go_now is not None:
                try:
                    location = api.department_location(go_now.department_code)
                except KioskError:
                    location = None  # the advice stands without the room number
            return found, location

        self._host.run(work, T.BUSY_RECOMMEND, self._show_recommendations)

    def _show_recommendations(self, result: tuple[list[Recommendation], Place | None]) -> None:
        found, location = result
        go_now = urgent(found)
        if go_now is not None:
            self._show_urgent(go_now, location)
            return
        screen = ListScreen(T.RECOMMEND, self._host.language, lead=T.RECOMMEND_LEAD, steps=T.STEPS, step=2)
        if not found:
            screen.show_empty(T.NO_RECOMMENDATION)
        for i, rec in enumerate(found):
            card = screen.card("ready" if i == 0 else "")
            card.add(rec.words, "cardTitle")
            card.add(rec.reason_words)
            if self._can_register:
                button = card.add_button(T.REGISTER.format(name=rec.words), "primary" if i == 0 else "")
                button.clicked.connect(lambda _=False, code=rec.department_code: self._register(code))
        screen.back.connect(self._host.pop)
        self._host.push(screen)
        self.result_screen = screen

    def _show_urgent(self, rec: Recommendation, location: Place | None) -> None:
        screen = ListScreen(T.URGENT_TITLE, self._host.language, lead=T.URGENT_LEAD, steps=T.STEPS, step=2)
        screen.title.setObjectName("error")  # the most important words on the screen
        card = screen.card("urgent")
        card.add(rec.words, "cardTitle")
        where = T.URGENT_WHERE.format(where=location.words) if location is not None else T.URGENT_WHERE_UNKNOWN
        card.add(where, "cardStatus")
        card.add(rec.reason_words)
        screen.back.connect(self._host.pop)
        self._host.push(screen)
        self.result_screen = screen

    def _register(self, department_code: str) -> None:
        # Registration takes over from here; Back from its first screen returns home.
        self._host.start_flow(RegistrationFlow(self._host, self._patient, department_code=department_code))

    # Leaving needs no abandon(): guidance only reads: nothing held at the gateway.
