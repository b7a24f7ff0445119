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
from kiosk.usecases.guidance import GuidanceAPI, next_step, symptoms_for, urgent
from kiosk.usecases.usage import Scene
from ui.screens.generic import Choice, ChoiceScreen
from ui.services import guidance_text as T
from ui.services.cards import Card, ListScreen, PickManyScreen
from ui.services.host import ServiceHost
from ui.services.queue_text import place_text, wait_text
from ui.services.registration import RegistrationFlow
from ui.services.report_view import fmt


def _bi(zh: str | None, en: str | None) -> Text:
    return Text(zh or "", en or zh or "")


def _where(location: dict[str, Any] | None) -> Text | None:
    if not location:
        return None
    return _bi(location.get("text") or location.get("name"), location.get("text_en") or location.get("name_en"))


class GuidanceFlow:
    key = "guidance"

    def __init__(self, host: ServiceHost, patient: Patient) -> None:
        self._host = host
        self._patient = patient
        self._api = GuidanceAPI(host.context.client)
        self._area: dict[str, Any] | None = None
        self._can_register = False
        self._reported = False
        self.itinerary_screen: ListScreen | None = None
        self.symptom_screen: PickManyScreen | None = None
        self.result_screen: ListScreen | None = None

    # --- today's itinerary -----------------------------------------------------------------

    def start(self) -> None:
        visit = self._host.session.visit
        self._host.run(lambda: self._api.itinerary(visit), T.BUSY, self._show_itinerary)

    def _show_itinerary(self, itinerary: dict[str, Any]) -> None:
        self._report_use()
        screen = ListScreen(T.TITLE, self._host.language)
        steps = itinerary.get("steps") or []
        first = next_step(itinerary)
        if not steps:
            screen.show_empty(T.NOTHING_TODAY)
        elif first is None:
            screen.show_empty(T.ALL_DONE)
        # The next step first, then the rest of today in order, what is done last.
        ordered = [s for s in steps if s is first]
        ordered += [s for s in steps if s is not first and s.get("status") != "done"]
        ordered += [s for s in steps if s is not first and s.get("status") == "done"]
        for step in ordered:
            self._step_card(screen, step, is_next=step is first)
        triage = screen.add_action(T.TRIAGE, "")
        triage.clicked.connect(self._start_triage)
        screen.back.connect(self._host.patient_home)
        self._host.push(screen)
        self.itinerary_screen = screen

    def _step_card(self, screen: ListScreen, step: dict[str, Any], is_next: bool) -> Card:
        status = step.get("status", "todo")
        card = screen.card("ready" if is_next else ("done" if status == "done" else ""))
        title = _bi(step.get("title"), step.get("title_en"))
        card.add(fmt(T.NEXT, title=title) if is_next else title, "cardTitle")
        if step.get("window") and status != "done":
            card.add(fmt(T.WINDOW, window=str(step["window"])), "cardStatus")
        elif status == "todo" and not is_next:
            card.add(T.LATER, "cardStatus")  # only one "go now" at a time
        else:
            card.add(T.STATUS.get(status, T.STATUS["todo"]), "cardStatus")
        where = _where(step.get("location"))
        if where is not None and status != "done":
            card.add(fmt(T.WHERE, where=where))
        ahead = step.get("queue_position")
        if ahead is not None and status != "done":
            wait = step.get("estimated_wait_min")
            place = place_text(ahead, wait)
            if wait is not None:
                when = wait_text(self._host.context.clock, wait)
                place = Text(f"{place.zh}，{when.zh}", f"{place.en}, {when.en}")
            card.add(place)
        return card

    def _report_use(self) -> None:
        if not self._reported:
            self._reported = True
            self._host.context.report_usage(self._patient.health_card_id, Scene.GUIDANCE)

    # --- symptom → department --------------------------------------------------------------

    def _start_triage(self) -> None:
        client = self._host.context.client
        self._host.run(lambda: (self._api.catalogue(), client.capabilities()), T.BUSY_CATALOGUE, self._show_areas)

    def _show_areas(self, loaded: tuple[list[dict[str, Any]], Any]) -> None:
        areas, capabilities = loaded
        # Offer registration only where this gateway takes registrations.
        self._can_register = "registration" in capabilities.services
        choices = [
            Choice(_bi(a.get("name"), a.get("name_en")), a)
            for a in areas
            if symptoms_for(a, self._patient)
        ]
        screen = ChoiceScreen(T.AREA, choices, self._host.language, empty=T.NO_AREAS, steps=T.STEPS, step=0)
        screen.back.connect(self._host.pop)
        screen.chosen.connect(self._on_area)
        self._host.push(screen)

    def _on_area(self, area: dict[str, Any]) -> None:
        self._area = area
        choices = [Choice(_bi(s.get("name"), s.get("name_en")), s["code"]) for s in symptoms_for(area, self._patient)]
        screen = PickManyScreen(
            T.SYMPTOMS, choices, T.NEXT_BUTTON, self._host.language, lead=T.SYMPTOMS_LEAD, steps=T.STEPS, step=1
        )
        screen.back.connect(self._host.pop)
        screen.picked.connect(self._on_symptoms)
        self._host.push(screen)
        self.symptom_screen = screen

    def _on_symptoms(self, codes: list[str]) -> None:
        area = self._area["code"]
        patient = self._patient
        api = self._api
        today = self._host.context.clock.today()

        def work() -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
            found = api.recommend(patient, area, codes, today)
            go_now = urgent(found)
            location = None
            if go_now is not None:
                try:
                    location = api.department_location(go_now["department_code"])
                except KioskError:
                    location = None  # the advice stands without the room number
            return found, location

        self._host.run(work, T.BUSY_RECOMMEND, self._show_recommendations)

    def _show_recommendations(self, result: tuple[list[dict[str, Any]], dict[str, Any] | None]) -> None:
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
            name = _bi(rec.get("name"), rec.get("name_en"))
            card.add(name, "cardTitle")
            card.add(_bi(rec.get("reason"), rec.get("reason_en")))
            if self._can_register:
                button = card.add_button(fmt(T.REGISTER, name=name), "primary" if i == 0 else "")
                button.clicked.connect(lambda _=False, code=rec["department_code"]: self._register(code))
        screen.back.connect(self._host.pop)
        self._host.push(screen)
        self.result_screen = screen

    def _show_urgent(self, rec: dict[str, Any], location: dict[str, Any] | None) -> None:
        screen = ListScreen(T.URGENT_TITLE, self._host.language, lead=T.URGENT_LEAD, steps=T.STEPS, step=2)
        screen.title.setObjectName("error")  # the most important words on the screen
        card = screen.card("urgent")
        card.add(_bi(rec.get("name"), rec.get("name_en")), "cardTitle")
        where = _where(location)
        card.add(fmt(T.URGENT_WHERE, where=where) if where is not None else T.URGENT_WHERE_UNKNOWN, "cardStatus")
        card.add(_bi(rec.get("reason"), rec.get("reason_en")))
        screen.back.connect(self._host.pop)
        self._host.push(screen)
        self.result_screen = screen

    def _register(self, department_code: str) -> None:
        # Registration takes over from here; Back from its first screen returns home.
        self._host.start_flow(RegistrationFlow(self._host, self._patient, department_code=department_code))

    # --- leaving ---------------------------------------------------------------------------

    def abandon(self) -> None:
        pass  # guidance only reads: nothing held at the gateway
