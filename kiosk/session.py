"""One patient's visit at the kiosk, as a state machine with an idle-time policy.

States: ``idle`` (home screen) → ``identifying`` (a scan is being resolved) → ``identified``
(services), or from a refused identify → ``enrolling`` (self-registration, which ends
``identified`` as the new patient) → back to ``idle`` when the patient finishes, walks away, or an error ends the
visit. Leaving ``identified`` drops every reference to the patient and tells the listeners,
so each view can wipe what it showed.

Time is passed in (``now``) rather than read, so the policy is testable without waiting; the
UI feeds it from a timer. Steps that must not be cut off (payment, printing) ``hold`` the
session: the countdown pauses until they ``release`` it.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.code_types import CodeKind, ScanCode
from kiosk.identity import IdentifiedBy
from kiosk.models import Assurance, Patient, Visit

logger = logging.getLogger(__name__)


class State(enum.StrEnum):
    IDLE = "idle"
    IDENTIFYING = "identifying"
    IDENTIFIED = "identified"
    ENROLLING = "enrolling"  # registering at the kiosk: no patient yet, the idle clock runs


class EndReason(enum.StrEnum):
    FINISHED = "finished"
    TIMEOUT = "timeout"
    ERROR = "error"


class Hold:
    """A step's lease on the idle countdown (payment, printing): the countdown stands still
    while any lease is out. One object per hold, so each step releases exactly its own."""

    __slots__ = ("_session",)

    def __init__(self, session: Session) -> None:
        self._session = session

    def release(self, now: float) -> None:
        self._session._release(self, now)


@dataclass(frozen=True)
class IdleStatus:
    remaining_s: float
    warning: bool
    expired: bool


class SessionError(RuntimeError):
    """A programming error: a transition that the state machine does not allow."""


Listener = Callable[["Session"], None]


class Session:
    """Events for listeners: ``changed`` after every transition, ``ended`` with the reason."""

    def __init__(self, idle_timeout_s: float, warning_s: float) -> None:
        if not 0 < warning_s < idle_timeout_s:
            raise ValueError("warning_s must be between 0 and idle_timeout_s")
        self._timeout = float(idle_timeout_s)
        self._warning = float(warning_s)
        self._state = State.IDLE
        self._patient: Patient | None = None
        self._visit: Visit | None = None
        self._assurance = Assurance.STRONG
        self._identified_by = IdentifiedBy.TYPED_NUMBER
        self._last_activity = 0.0
        self._started_at: float | None = None
        self._holds: set[Hold] = set()
        self._changed: list[Listener] = []
        self._ended: list[Callable[[EndReason], None]] = []
        self._visit_ended: list[Callable[[Visit], None]] = []

    # --- observation -----------------------------------------------------------------------

    def on_changed(self, listener: Listener) -> None:
        self._changed.append(listener)

    def on_ended(self, listener: Callable[[EndReason], None]) -> None:
        self._ended.append(listener)

    def on_visit_ended(self, listener: Callable[[Visit], None]) -> None:
        """Called with the gateway visit of a session that ended (to end it there too)."""
        self._visit_ended.append(listener)

    @property
    def state(self) -> State:
        return self._state

    @property
    def patient(self) -> Patient | None:
        return self._patient

    @property
    def visit(self) -> Visit | None:
        return self._visit

    @property
    def assurance(self) -> Assurance:
        return self._assurance

    @property
    def identified_by(self) -> IdentifiedBy:
        return self._identified_by

    def stronger_id_replaces_visit(self, code: ScanCode, level: IdentifiedBy | None = None) -> bool:
        """Whether ``code`` should replace this visit at once, without asking: the visit was
        opened by a visit card or a wristband (it shows only a masked name and the services
        such a visit reaches, so nothing is lost) and ``code`` is a stronger identifier, typically the same patient's
        health card or ID card, asked for to reach the other services; or ``code`` is this
        patient's own identifier at a higher ``level`` (their static code, then the dynamic
        one a sensitive service asked for). Another person's card still asks first."""
        if self._state is not State.IDENTIFIED or not code.kind.identifies_patient:
            return False
        if self._assurance is Assurance.VISIT_CARD:
            return code.kind is not CodeKind.VISIT_CARD
        if self._assurance is Assurance.WRISTBAND:
            return code.kind not in (CodeKind.VISIT_CARD, CodeKind.INPATIENT_NO)
        return (level is not None and level.rank > self._identified_by.rank
                and self.is_current_patient(code))

    def is_current_patient(self, code: ScanCode) -> bool:
        """Whether ``code`` names the patient already here (a second read of their own card
        is common and changes nothing). Judged on what the code itself carries: the health
        card id of a health code, an ID number, a visit-card number."""
        patient = self._patient
        if patient is None:
            return False
        if code.health_card_id:
            return code.health_card_id.upper() == patient.health_card_id.upper()
        # The gateway sends ID and visit-card numbers masked: a masked form cannot tell two
        # people apart, so only a full number that matches counts (otherwise the kiosk asks).
        if code.kind in (CodeKind.ID_NUMBER, CodeKind.ID_NUMBER_LEGACY):
            return _same_full(code.text.upper(), patient.id_number.upper())
        if code.kind is CodeKind.VISIT_CARD:
            return _same_full(code.text, patient.visit_card_no)
        return False

    @property
    def idle_timeout_s(self) -> float:
        return self._timeout

    @property
    def warning_s(self) -> float:
        return self._warning

    @property
    def held(self) -> bool:
        return bool(self._holds)

    # --- transitions -----------------------------------------------------------------------

    def begin_identify(self, now: float) -> None:
        if self._state is State.IDENTIFYING:
            raise SessionError("already identifying")
        if self._state in (State.IDENTIFIED, State.ENROLLING):
            # A new card scanned mid-visit starts a new visit: never mix two patients.
            self.end(EndReason.FINISHED)
        self._state = State.IDENTIFYING
        self._last_activity = now
        self._started_at = now
        self._emit_changed()

    def begin_enrolment(self, now: float) -> None:
        """Identify was refused for someone who may register here: while they do, the idle
        countdown runs as for a patient (walking away clears the screens)."""
        if self._state is not State.IDENTIFYING:
            raise SessionError(f"enrolment while {self._state}")
        self._state = State.ENROLLING
        self._last_activity = now
        self._emit_changed()

    def identified(self, patient: Patient, now: float, visit: Visit | None = None,
                   assurance: Assurance = Assurance.STRONG,
                   identified_by: IdentifiedBy = IdentifiedBy.TYPED_NUMBER) -> None:
        if self._state not in (State.IDENTIFYING, State.ENROLLING):
            raise SessionError(f"identified while {self._state}")
        self._patient = patient
        self._visit = visit
        self._assurance = assurance
        self._identified_by = identified_by
        self._state = State.IDENTIFIED
        self._last_activity = now
        logger.info("session started for %r", patient)
        self._emit_changed()

    def identify_failed(self) -> None:
        if self._state is not State.IDENTIFYING:
            raise SessionError(f"identify failed while {self._state}")
        self._state = State.IDLE
        self._emit_changed()

    def end(self, reason: EndReason) -> None:
        """Return to idle and forget the patient. Safe to call in any state."""
        was_active = self._state is not State.IDLE
        visit = self._visit
        self._patient = None
        self._visit = None
        self._assurance = Assurance.STRONG
        self._identified_by = IdentifiedBy.TYPED_NUMBER
        self._holds = set()  # leases still out are void: releasing them changes nothing
        self._state = State.IDLE
        self._started_at = None
        if was_active:
            logger.info("session ended: %s", reason)
            self._emit_changed()
            for listener in list(self._ended):
                listener(reason)
        if visit is not None:
            for visit_listener in list(self._visit_ended):
                visit_listener(visit)

    # --- idle policy -----------------------------------------------------------------------

    def set_idle(self, idle_timeout_s: float, warning_s: float) -> None:
        """Another idle policy from now on (elder-care mode gives more time); the countdown
        under way is measured against it at the next check."""
        if not 0 < warning_s < idle_timeout_s:
            raise ValueError("warning_s must be between 0 and idle_timeout_s")
        self._timeout = float(idle_timeout_s)
        self._warning = float(warning_s)

    def quiet_for(self, now: float) -> float:
        """Seconds since the last touch, in any state (the home screen's own reset)."""
        return now - self._last_activity

    def waited(self, now: float) -> float:
        """Seconds since this patient's session began (0 before a scan)."""
        return 0.0 if self._started_at is None else now - self._started_at

    def touch(self, now: float) -> None:
        """The patient did something: the countdown starts again."""
        self._last_activity = now

    def hold(self) -> Hold:
        """Pause the idle countdown until the returned lease is released (once; releasing
        it again, or after the session ended, changes nothing)."""
        lease = Hold(self)
        self._holds.add(lease)
        return lease

    def _release(self, lease: Hold, now: float) -> None:
        if lease in self._holds:
            self._holds.discard(lease)
            self._last_activity = now  # a long payment must not be followed by an instant timeout

    def check(self, now: float) -> IdleStatus:
        """Where the countdown stands; ends the session when it has run out."""
        if self._state not in (State.IDENTIFIED, State.ENROLLING) or self._holds:
            return IdleStatus(remaining_s=self._timeout, warning=False, expired=False)
        remaining = self._timeout - (now - self._last_activity)
        if remaining <= 0:
            self.end(EndReason.TIMEOUT)
            return IdleStatus(remaining_s=0.0, warning=False, expired=True)
        return IdleStatus(remaining_s=remaining, warning=remaining <= self._warning, expired=False)

    def _emit_changed(self) -> None:
        for listener in list(self._changed):
            listener(self)


def _same_full(presented: str, known: str) -> bool:
    return "*" not in known and presented == known
