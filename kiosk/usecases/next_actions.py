"""The patient's next step (GET /patients/me/next-actions): what to do today, in visit order.

Each action names the kiosk service that performs it and what that service needs to do it
at once: the bills to pay, the reports to print, the appointment to check in. The patient's
home shows the first one or two as large buttons; one touch starts the service with these
parameters rather than a list to choose from again. An action of a kind this kiosk does not
know (a newer gateway) is skipped, not an error: the menu still reaches everything.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from kiosk.errors import Text
from kiosk.models import Visit
from kiosk.usecases.answers import Answer, DepartmentRef, Place, UseCase, words

CAPABILITY = "next_actions"
SHOWN = 2  # how many actions the home shows as buttons; the rest are behind the menu


class Action(Answer):
    service: str
    label: str = ""
    label_en: str | None = None

    @property
    def words(self) -> Text:
        """The button's words: ``缴费 ¥38.20`` / ``Pay ¥38.20``."""
        return words(self.label, self.label_en)


class CheckInAction(Action):
    service: Literal["check_in"]
    appointment_id: str
    department: DepartmentRef | None = None
    date: str = ""
    time: str = ""
    location: Place | None = None


class PayAction(Action):
    service: Literal["payment"]
    bill_ids: list[str] = Field(min_length=1)
    count: int = 1
    amount_fen: int = 0


class PrintReportsAction(Action):
    service: Literal["reports"]
    report_ids: list[str] = Field(min_length=1)
    count: int = 1


class CollectMedicineAction(Action):
    service: Literal["pharmacy"]
    prescription_ids: list[str] = []
    window: str | None = None
    pharmacy: str = ""
    location: Place | None = None


class GoToAction(Action):
    service: Literal["guidance"]
    step: int = 0
    kind: str = ""
    location: Place | None = None


class InpatientAction(Action):
    service: Literal["inpatient"]
    admission_id: str
    kind: Literal["top_up", "discharge"]
    balance_fen: int = 0


NextAction = Annotated[
    CheckInAction | PayAction | PrintReportsAction | CollectMedicineAction | GoToAction
    | InpatientAction,
    Field(discriminator="service"),
]
_KNOWN = {"check_in", "payment", "reports", "pharmacy", "guidance", "inpatient"}


def _known_only(actions: Any) -> Any:
    # A service a newer gateway added is left out here, before the union would refuse it.
    if isinstance(actions, list):
        return [a for a in actions if not isinstance(a, dict) or a.get("service") in _KNOWN]
    return actions


class NextActions(Answer):
    date: str = ""
    actions: Annotated[list[NextAction], BeforeValidator(_known_only)] = []
    withheld: list[str] = []
    inpatient: bool = False  # a stay not yet settled: the inpatient services are offered

    def first(self, offered: set[str] | frozenset[str], n: int = SHOWN) -> list[Action]:
        """The first ``n`` actions whose service the home offers (a service this kiosk or
        this visit cannot reach is no button)."""
        return [a for a in self.actions if a.service in offered][:n]


NOTHING = NextActions()


class NextActionsAPI(UseCase):
    def next_actions(self, visit: Visit) -> NextActions:
        return self._get(NextActions, "/api/v1/patients/me/next-actions", visit=visit)
