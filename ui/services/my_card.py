"""My card: the masked identity, visit-card number and insurance status."""

from __future__ import annotations

from ui.screens.patient import my_card_screen
from ui.services.flow import PatientFlow


class MyCardFlow(PatientFlow):
    key = "my_card"

    def start(self) -> None:
        screen = my_card_screen(self._patient, self._host.language)
        screen.back.connect(self._host.patient_home)
        self._host.push(screen)
        self._host.finish_flow()
