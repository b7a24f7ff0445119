"""My card: the masked identity, visit-card number and insurance status."""

from __future__ import annotations

from kiosk.models import Patient
from ui.screens.patient import my_card_screen
from ui.services.host import ServiceHost


class MyCardFlow:
    key = "my_card"

    def __init__(self, host: ServiceHost, patient: Patient) -> None:
        self._host = host
        self._patient = patient

    def start(self) -> None:
        screen = my_card_screen(self._patient, self._host.language)
        screen.back.connect(self._host.patient_home)
        self._host.push(screen)
        self._host.finish_flow()

    def abandon(self) -> None:
        pass
