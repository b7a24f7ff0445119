"""Pharmacy pickup: is my medicine ready, and at which window?

One card per prescription, the ones ready to collect first, each saying in plain words what
to do now: go to window N, wait near the pharmacy, or nothing (already collected). Looking
is a use of the health card and is reported (scene 010103, medicine pickup).
"""

from __future__ import annotations

from kiosk.errors import Text
from kiosk.models import Patient
from kiosk.usecases.answers import Place
from kiosk.usecases.next_actions import Action
from kiosk.usecases.pharmacy import ON_ITS_WAY, SCENE, Prescription, by_urgency
from ui.services import pharmacy_text as T
from ui.services.cards import Card, ListScreen
from ui.services.flow import PatientFlow
from ui.services.host import ServiceHost
from ui.services.queue_text import when_text

TONES = {"ready": "ready", "collected": "done"}


class PharmacyFlow(PatientFlow):
    key = "pharmacy"

    def __init__(self, host: ServiceHost, patient: Patient, action: Action | None = None) -> None:
        super().__init__(host, patient, action)
        self._api = host.context.pharmacy
        self.screen: ListScreen | None = None

    def start(self) -> None:
        visit = self._host.session.visit
        places = self._host.context.registration.locations  # where each pharmacy is
        self._host.run(lambda: (self._api.prescriptions(visit), places()), T.BUSY, self._show)

    def _show(self, loaded: tuple[list[Prescription], dict[str, Place]]) -> None:
        prescriptions, places = loaded
        self._host.context.report_usage(self._patient.health_card_id, SCENE)
        screen = ListScreen(T.TITLE, self._host.language)
        if not prescriptions:
            screen.show_empty(T.NONE)
        for prescription in by_urgency(prescriptions):
            self._card(screen, prescription, places.get(prescription.location_code or ""))
        screen.back.connect(self._host.patient_home)
        self._host.push(screen)
        self.screen = screen

    def _card(self, screen: ListScreen, rx: Prescription, place: Place | None) -> Card:
        clock = self._host.context.clock
        card = screen.card(TONES.get(rx.status, ""))
        card.add(self._status(rx), "cardStatus")
        card.add(T.FROM.format(department=rx.department_words, when=when_text(clock, rx.prescribed_at)), "muted")
        if rx.status in ON_ITS_WAY:
            where = place.words if place is not None and place.text else Text.same(rx.pharmacy)
            card.add(T.WHERE.format(where=where))
        if rx.collected and rx.collected_at is not None:
            card.add(T.COLLECTED_AT.format(when=when_text(clock, rx.collected_at)), "muted")
        for item in rx.items:
            card.add(T.ITEM.format(drug=item.drug_words, spec=item.spec, amount=item.amount_words), "cardLine")
            if item.usage and not rx.collected:
                card.add(T.USAGE.format(usage=item.usage_words), "muted")
        if rx.status in T.NEXT:
            card.add(T.NEXT[rx.status], "cardLine")
        return card

    def _status(self, rx: Prescription) -> Text:
        if rx.status == "ready":
            if not rx.window:
                return T.READY_NO_WINDOW
            return T.STATUS["ready"].format(window=rx.window)
        return T.STATUS.get(rx.status, T.UNKNOWN_STATUS)

    # Leaving needs no abandon(): only reads.
