"""The patient's home after identification, and what a touch on it starts.

Built with the services this kiosk implements and the gateway offers (for this visit's
assurance), and the patient's next actions when the gateway has them: the first one or two
of those whose service is offered become the large buttons. Fetching them is part of the
identify step (the home appears once, complete); when the gateway lacks ``next_actions``
or the fetch fails, the patient simply sees the menu.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from kiosk import services as service_catalogue
from kiosk.errors import Text
from kiosk.identity import LEVEL_NEEDED_FOR, PRESENT, IdentityPolicy
from kiosk.models import Assurance, Capabilities, Visit
from kiosk.session import EndReason, Session
from kiosk.usecases import next_actions
from kiosk.usecases.next_actions import NOTHING, Action, NextActions
from ui import strings as S
from ui.language import LanguageModel
from ui.screens.patient import PatientScreen
from ui.services import FLOWS
from ui.services.host import ServiceHost

logger = logging.getLogger(__name__)


def fetch_next_actions(api: next_actions.NextActionsAPI | None, visit: Visit | None,
                       capabilities: Capabilities) -> NextActions:
    """Blocking, off the GUI thread; never fails (the menu is the way without it)."""
    if api is None or visit is None or next_actions.CAPABILITY not in capabilities.services:
        return NOTHING
    try:
        return api.next_actions(visit)
    except Exception as exc:
        logger.warning("next actions unavailable: %s", getattr(exc, "code", type(exc).__name__))
        return NOTHING


class PatientHome:
    def __init__(self, services: ServiceHost, session: Session, language: LanguageModel,
                 capabilities: Callable[[], Capabilities],
                 policy: IdentityPolicy | None = None) -> None:
        self._services = services
        self._session = session
        self._language = language
        self._capabilities = capabilities
        self._policy = policy or IdentityPolicy()
        self.screen: PatientScreen | None = None

    def show(self, actions: NextActions = NOTHING) -> None:
        patient = self._session.patient
        if patient is None:
            return
        self._services.clear()
        offered = service_catalogue.for_stay(
            service_catalogue.offer(set(FLOWS), self._capabilities().services, self._session.assurance,
                                    self._session.identified_by, self._policy),
            actions.inpatient)
        keys = {s.key for s in offered.services}
        screen = PatientScreen(patient, offered.services, self._language,
                               need_stronger_id=offered.need_stronger_id, actions=actions.first(keys),
                               level_note=self._level_note(offered.need_level),
                               weak_note=S.WRISTBAND_IDENTITY
                               if self._session.assurance is Assurance.WRISTBAND
                               else S.WEAK_IDENTITY)
        # Through lambdas, not bound methods: this controller lives as long as the window
        # and is no QObject, and PySide keeps about 150 bytes for each such connection whose
        # sender (a patient's screen) is deleted first: a leak every session
        # (docs/architecture.md, "Signal connections that leak").
        screen.service_chosen.connect(lambda key: self._on_service_chosen(key))
        screen.action_chosen.connect(lambda action: self._on_action_chosen(action))
        screen.finished.connect(lambda: self._session.end(EndReason.FINISHED))
        self._services.push(screen)
        self.screen = screen

    def level_short(self) -> bool:
        """Whether the home shown keeps sensitive services from this identification."""
        return self.screen is not None and self.screen.level_note is not None

    def _level_note(self, services) -> Text | None:
        """What to present for the sensitive services this identification is below."""
        if not services:
            return None
        return LEVEL_NEEDED_FOR.format(services=service_catalogue.titles(services),
                                       present=PRESENT[self._policy.level])

    def _on_service_chosen(self, key: str) -> None:
        self._start(key, None)

    def _on_action_chosen(self, action: Action) -> None:
        self._start(action.service, action)

    def _start(self, key: str, action: Action | None) -> None:
        patient = self._session.patient
        if patient is None or key not in FLOWS:
            return
        if not service_catalogue.allowed(key, self._session.assurance, self._session.identified_by,
                                         self._policy):
            return  # never offered to a visit-card visit; the gateway would refuse it too
        flow = FLOWS[key]
        self._services.start_flow(flow(self._services, patient, action) if action is not None
                                  else flow(self._services, patient))
