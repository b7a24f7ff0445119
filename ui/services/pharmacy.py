"""Pharmacy pickup: is my medicine ready, and at which window?

One card per prescription, the ones ready to collect first, each saying in plain words what
to do now: go to window N, wait near the pharmacy, or nothing (already collected). Looking
is a use of the health card and is reported (scene 010103, medicine pickup).
"""

from __future__ import annotations

from typing import Any

from kiosk.errors import Text
from kiosk.models import Patient
from kiosk.usecases.pharmacy import PharmacyAPI, by_urgency
from kiosk.usecases.usage import Scene
from ui.services import pharmacy_text as T
from ui.services.cards import Card, ListScreen
from ui.services.host import ServiceHost
from ui.services.report_view import fmt, when_text

TONES = {"ready": "ready", "collected": "done"}


class PharmacyFlow:
    key = "pharmacy"

    def __init__(self, host: ServiceHost, patient: Patient) -> None:
        self._host = host
        self._patient = patient
        self._api = PharmacyAPI(host.context.client)
        self.screen: ListScreen | None = None

    def start(self) -> None:
        visit = self._host.session.visit
        places = self._host.context.registration.locations  # where each pharmacy is
        self._host.run(lambda: (self._api.prescriptions(visit), places()), T.BUSY, self._show)

    def _show(self, loaded: tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]) -> None:
        prescriptions, places = loaded
        self._host.context.report_usage(self._patient.health_card_id, Scene.MEDICINE_PICKUP)
        screen = ListScreen(T.TITLE, self._host.language)
        if not prescriptions:
            screen.show_empty(T.NONE)
        for prescription in by_urgency(prescriptions):
            self._card(screen, prescription, places.get(prescription.get("location_code")))
        screen.back.connect(self._host.patient_home)
        self._host.push(screen)
        self.screen = screen

    def _card(self, screen: ListScreen, rx: dict[str, Any], place: dict[str, Any] | None) -> Card:
        status = rx.get("status", "")
        card = screen.card(TONES.get(status, ""))
        card.add(self._status(rx), "cardStatus")
        when = when_text(self._host.context.clock, rx.get("prescribed_at"))
        department = Text(rx.get("department", ""), rx.get("department_en") or rx.get("department", ""))
        card.add(fmt(T.FROM, department=department, when=when), "muted")
        if status in ("paid", "preparing", "ready"):
            pharmacy = rx.get("pharmacy", "")
            where = Text(
                (place or {}).get("text") or pharmacy,
                (place or {}).get("text_en") or (place or {}).get("text") or pharmacy,
            )
            card.add(fmt(T.WHERE, where=where))
        if status == "collected" and self._host.context.clock.parse(rx.get("collected_at")) is not None:
            card.add(fmt(T.COLLECTED_AT, when=when_text(self._host.context.clock, rx["collected_at"])), "muted")
        for item in rx.get("items") or ():
            values = {k: str(item.get(k, "")) for k in ("drug", "spec", "qty", "unit")}
            card.add(Text(T.ITEM.zh.format(**values), T.ITEM.en.format(**values)), "cardLine")
            if item.get("usage") and status != "collected":
                card.add(fmt(T.USAGE, usage=item["usage"]), "muted")
        if status in T.NEXT:
            card.add(T.NEXT[status], "cardLine")
        return card

    def _status(self, rx: dict[str, Any]) -> Text:
        status = rx.get("status", "")
        if status == "ready":
            window = rx.get("window")
            if not window:
                return T.READY_NO_WINDOW
            return Text(T.STATUS["ready"].zh.format(window=window), T.STATUS["ready"].en.format(window=window))
        return T.STATUS.get(status, T.UNKNOWN_STATUS)

    def abandon(self) -> None:
        pass  # only reads
