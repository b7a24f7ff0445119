"""Self-registration at the first visit: consent (spoken), the identity to confirm, a mobile
number on a large keypad, done — the session continues as the new patient and the slip with
the visit card's barcode is printed. Three touches from the refused scan to the home.

Started by the window when identify is refused for someone who may register
(:func:`enrolment_for`); a child's registration waits for a guardian's ID card on the reader
(``take_card``). Runs while the session is ``enrolling``: no patient yet, so the gateway
call is made here rather than through :meth:`ServiceHost.run`, which serves a patient.

Signals: none; ``on_enrolled(Enrolled)`` is called once the record exists.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.cards import IdCardRead
from kiosk.errors import Text
from kiosk.session import State
from kiosk.usecases.enrol import (
    CONSENT,
    UNKNOWN_HERE,
    EnrolAPI,
    Enrolled,
    Enrolment,
    offer_of,
    valid_phone,
)
from ui.background import Operation
from ui.language import TButton, TLabel
from ui.screens.generic import ServiceScreen, SummaryScreen
from ui.services import enrol_text as T
from ui.services.host import ServiceHost
from ui.services.slips import Paper

logger = logging.getLogger(__name__)

SLIP_PRINTER = "slip"


def enrolment_for(exc: BaseException, card: IdCardRead | None) -> Enrolment | None:
    """Whether a refused identify leads to self-registration, and of whom."""
    offer = offer_of(exc)
    if offer is not None:
        return Enrolment(offer=offer)
    if card is not None and getattr(exc, "code", None) in UNKNOWN_HERE:
        return Enrolment(card=card)
    return None


class PhoneScreen(ServiceScreen):
    """Digits on keys a finger cannot miss; the platform's (masked) number shown first."""

    def __init__(self, language, prefill: str | None) -> None:
        super().__init__(T.PHONE_TITLE, language, steps=T.STEPS, step=2)
        self.prefill = prefill
        self.digits = ""
        self.shown = TLabel(Text(prefill or "", prefill or ""), language, "amountDue")
        self.shown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.shown)
        self.hint = self.add_text(T.PHONE_KEEP if prefill else Text("", ""), "nextStep")
        pad = QWidget()
        grid = QGridLayout(pad)
        grid.setSpacing(14)
        self.keys: dict[str, TButton] = {}
        for i, key in enumerate("123456789"):
            self._key(grid, key, i // 3, i % 3)
        self._key(grid, "0", 3, 1)
        delete = TButton(T.DELETE, language, "choice")
        delete.clicked.connect(self._delete)
        grid.addWidget(delete, 3, 2)
        self.keys["delete"] = delete
        self.body.addWidget(pad)
        self.body.addStretch(1)
        self.confirm = self.set_action(T.CONFIRM)
        self._update()

    def _key(self, grid: QGridLayout, digit: str, row: int, column: int) -> None:
        button = TButton(Text(digit, digit), self.language, "choice")
        button.setMinimumSize(150, 90)
        button.clicked.connect(lambda _=False, d=digit: self._press(d))
        grid.addWidget(button, row, column)
        self.keys[digit] = button

    def _press(self, digit: str) -> None:
        if len(self.digits) < 11:
            self.digits += digit
        self._update()

    def _delete(self) -> None:
        self.digits = self.digits[:-1]
        self._update()

    @property
    def keeps_platform_number(self) -> bool:
        return not self.digits and self.prefill is not None

    def _update(self) -> None:
        shown = self.digits or (self.prefill or "")
        self.shown.set_text(Text(shown, shown))
        valid = self.keeps_platform_number or valid_phone(self.digits)
        self.confirm.setEnabled(valid)
        if len(self.digits) == 11 and not valid:
            self.hint.set_text(T.PHONE_BAD)
        elif self.digits or not self.prefill:
            self.hint.set_text(Text("", ""))


class EnrolFlow:
    key = "enrol"

    def __init__(self, host: ServiceHost, enrolment: Enrolment,
                 on_enrolled: Callable[[Enrolled], None]) -> None:
        self._host = host
        self._enrolment = enrolment
        self._on_enrolled = on_enrolled
        self._guardian: IdCardRead | None = None
        self._waiting_guardian = False
        self._flow_id = uuid.uuid4().hex  # one key for this registration, reused on retry
        self._api = EnrolAPI(host.context.client, host.context.intents,
                             zone=host.context.clock.zone)
        self._live = True

    def start(self) -> None:
        card = self._enrolment.card
        if card is not None and card.expired(self._host.context.clock.today()):
            self._host.notice((T.ID_EXPIRED, T.AT_WINDOW))
            return
        screen = SummaryScreen(T.TITLE, [], T.AGREE, self._host.language, note=CONSENT,
                               steps=T.STEPS, step=0, show_back=False)
        screen.prompt = T.SPOKEN_CONSENT  # what is stored is said aloud, not only shown
        screen.confirmed.connect(self._confirm_identity)
        self._host.push(screen)

    def abandon(self) -> None:
        self._live = False

    def _confirm_identity(self) -> None:
        who = self._enrolment
        rows = [(T.NAME, Text(who.masked_name, who.masked_name)),
                (T.ID_NUMBER, Text(who.masked_id, who.masked_id))]
        screen = SummaryScreen(T.CONFIRM_TITLE, rows, T.THATS_ME, self._host.language,
                               steps=T.STEPS, step=1)
        screen.back.connect(self._host.pop)
        screen.confirmed.connect(self._after_identity)
        self._host.push(screen)

    def _after_identity(self) -> None:
        if self._enrolment.needs_guardian_on(self._host.context.clock.today()):
            self._waiting_guardian = True
            screen = ServiceScreen(T.GUARDIAN_TITLE, self._host.language, steps=T.STEPS, step=1)
            self.guardian_note = screen.add_text(T.GUARDIAN_NEXT, "nextStep")
            screen.body.addStretch(1)
            screen.back.connect(self._host.pop)
            self._host.push(screen)
            return
        self._ask_phone()

    def take_card(self, read) -> bool:
        """The guardian's ID card, while that step waits for it."""
        if not self._waiting_guardian or not isinstance(read, IdCardRead):
            return False
        today = self._host.context.clock.today()
        if read.age(today) < 18 or read.expired(today):
            self.guardian_note.set_text(T.GUARDIAN_NOT_ADULT)
            return True
        self._guardian, self._waiting_guardian = read, False
        self._ask_phone()
        return True

    def _ask_phone(self) -> None:
        screen = PhoneScreen(self._host.language, self._enrolment.platform_phone)
        screen.back.connect(self._host.pop)
        screen.confirm.clicked.connect(lambda: self._create(screen))
        self.phone_screen = screen
        self._host.push(screen)

    def _create(self, screen: PhoneScreen) -> None:
        phone = None if screen.keeps_platform_number else screen.digits
        host = self._host
        host.busy.show_message(T.BUSY)
        host.stack.setCurrentWidget(host.busy)

        def work() -> Enrolled:
            return self._api.create(self._flow_id, self._enrolment, phone, self._guardian)

        Operation(work, owner=host).success(self._created).failure(self._failed).run()

    def _still_here(self) -> bool:
        return self._live and self._host.session.state is State.ENROLLING

    def _created(self, enrolled: Enrolled) -> None:
        if not self._still_here():
            return
        self._print_slip(enrolled)
        self._host.say(T.REGISTERED)
        self._on_enrolled(enrolled)

    def _failed(self, exc: BaseException) -> None:
        if not self._still_here():
            return
        self._host.show_top()
        self._host.notice(exc)

    def _print_slip(self, enrolled: Enrolled) -> None:
        context = self._host.context
        service = context.printer
        if service is None or enrolled.visit_card_barcode is None:
            return
        paper = Paper(context.hospital.zh, context.clock, context.terminal_id)
        slip = paper.enrolment(enrolled.identification.patient, enrolled.visit_card_barcode)
        Operation(lambda: service.submit(slip, SLIP_PRINTER), owner=self._host).failure(
            lambda exc: logger.warning("registration slip not queued: %s", type(exc).__name__)
        ).run()

