"""What every service flow is built with: the host it runs in and the identified patient.

A flow (:class:`ui.services.host.Flow`) is made for one patient's use of one service and
dropped when they leave it; ``abandon()`` is where one that holds something at the gateway
(a locked slot, a payment under way) lets it go. Most hold nothing.

A flow started from one of the patient's next actions (the home's large buttons) is given
that action: it performs it at once (these bills, these reports, this appointment) instead
of asking the patient to choose again what the button already said.
"""

from __future__ import annotations

from kiosk.models import Patient
from kiosk.usecases.next_actions import Action
from ui.services.host import ServiceHost


class PatientFlow:
    key = ""

    def __init__(self, host: ServiceHost, patient: Patient, action: Action | None = None) -> None:
        self._host = host
        self._patient = patient
        self._action = action

    def start(self) -> None:
        raise NotImplementedError

    def abandon(self) -> None:
        """Left before the end (Home, a new card, the idle timeout, an error)."""
