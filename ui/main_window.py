"""The patient kiosk's window: the screens, and the flow from a scan to the patient's home.

Data path: a scan (wedge, device or demo panel) → :func:`kiosk.codes.classify` → identify at
the gateway on a background thread (busy screen meanwhile) → the session → the patient's
screen. Every failure lands on the message screen with what happened and the next step.
When the session ends (finish, idle timeout, error) the patient's screens are destroyed and
the window returns to the home screen.

Signals: ``identified(object)`` (the Patient), ``failed(str)`` (an error code).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from kiosk.cards import TAKE_ID_CARD, TAKE_SS_CARD
from kiosk.clock import HospitalClock
from kiosk.codes import CodePatterns, CodeRejected, ScanCode, classify, require_identity
from kiosk.elder import ElderMode
from kiosk.errors import GO_TO_WINDOW, KioskError, Text
from kiosk.gateway_client import GatewayClient
from kiosk.identity import IdentityPolicy, level_of
from kiosk.models import Capabilities, Identification
from kiosk.scan import ScanEvent, SourceKind
from kiosk.session import EndReason, Session, State
from kiosk.settings import ElderSection
from kiosk.usecases import help as help_requests
from kiosk.usecases.next_actions import NextActions
from ui import strings as S
from ui.another_card import AnotherCardOverlay
from ui.background import Operation
from ui.chrome import Footer, Header, OfflineBanner
from ui.elder_look import ElderLook
from ui.gateway_monitor import GatewayMonitor
from ui.help_call import HelpBanner, HelpCall, where_code
from ui.idle import IdleController, IdleOverlay
from ui.language import LanguageModel
from ui.parts import KioskParts
from ui.patient_home import PatientHome, fetch_next_actions
from ui.screens.busy import BusyScreen
from ui.screens.home import HomeScreen
from ui.screens.id_keypad import KeypadSlot
from ui.screens.message import MessageScreen
from ui.services.context import ServiceContext
from ui.services.enrol import EnrolFlow, enrolment_for
from ui.services.host import ServiceHost

logger = logging.getLogger(__name__)


class KioskWindow(QMainWindow):
    identified = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        *,
        client: GatewayClient,
        session: Session,
        language: LanguageModel,
        hospital: Text,
        terminal_id: str,
        patterns: CodePatterns,
        health_interval_s: float = 15.0,
        clock: Callable[[], float] = time.monotonic,
        hospital_clock: HospitalClock,
        preview: QWidget | None = None,
        context: ServiceContext | None = None,
        parts: KioskParts | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("电子健康卡自助服务 Self-service")
        self._client = client
        self._session = session
        self.language = language  # the patient's language, for the window's parts too
        self._patterns = patterns
        self._clock = clock
        self._hospital_clock = hospital_clock
        self._capabilities = Capabilities(services=frozenset({"identify"}))
        self._capabilities_known = False
        self._attempt = 0

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.header = Header(hospital, language)
        self.offline = OfflineBanner(language)
        self.help_banner = HelpBanner(language)
        self.stack = QStackedWidget()
        self.home = HomeScreen(language, preview)
        self.busy = BusyScreen(language)
        self.message = MessageScreen(language)
        for screen in (self.home, self.busy, self.message):
            self.stack.addWidget(screen)
        self.footer = Footer(language, terminal_id)
        column.addWidget(self.header)
        column.addWidget(self.offline)
        column.addWidget(self.help_banner)
        column.addWidget(self.stack, 1)
        self._bottom = QVBoxLayout()
        column.addLayout(self._bottom)
        column.addWidget(self.footer)
        self.setCentralWidget(central)

        parts = parts or KioskParts()
        elder = parts.elder or ElderMode(ElderSection(), session.idle_timeout_s, session.warning_s,
                                         getattr(parts.voice, "rate", 140))
        self.services = ServiceHost(self.stack, self.busy, language, session, clock, context, parent=self,
                                    elder=elder)
        self.services.failed.connect(self.failed)  # errors inside a service count as the window's
        self.patient_home = PatientHome(self.services, session, language, lambda: self._capabilities,
                                        parts.identity or IdentityPolicy())
        self._context = context
        self.overlay = IdleOverlay(language, central)
        self.another_card = AnotherCardOverlay(language, central)
        self.another_card.switch.connect(self._on_another_card_switch)
        self.another_card.stay.connect(self._on_another_card_stay)
        self._pending_scan: ScanEvent | None = None  # the other card, until the patient decides
        self._card_read: Any = None  # the ID card just read, for a registration from it
        for dialog in (self.overlay, self.another_card):
            dialog.appeared.connect(lambda d=dialog: self._speak(d.prompt))
        self.services.said.connect(self._speak)
        # A patient who switches language hears the question again, in their language.
        language.changed.connect(lambda _lang: self._speak(self._current_prompt()))
        self.idle = IdleController(session, self.overlay, clock, parent=self)
        self.help = HelpCall(context.help if context is not None else None, session, terminal_id, clock,
                             lambda: where_code(getattr(self.services.flow, "key", None), self.stack.currentWidget()),
                             self.help_banner, parent=self)
        self.footer.help_button.clicked.connect(self.help.ask)
        self.help.said.connect(self._speak)
        # Typed on the keypad, an ID number takes the scan's way: the same identify call.
        self.keypad = KeypadSlot(self.stack, language, self.home,
                                 lambda number: self.handle_scan(ScanEvent(number, SourceKind.MANUAL)), parent=self)
        self.home.type_id.connect(self.keypad.open)
        self.monitor = GatewayMonitor(client, health_interval_s, parent=self)
        self.monitor.changed.connect(self._on_monitor_changed)
        self.message.dismissed.connect(self._on_message_dismissed)
        self.stack.currentChanged.connect(self._on_stack_current_changed)
        session.on_ended(self._on_session_ended)
        session.on_visit_ended(self._on_session_visit_ended)

        self._devices = parts.take(self, self.handle_scan, self.handle_card)
        self.devices, self.housekeeping, self.wedge = parts.devices, parts.housekeeping, parts.wedge
        self.demo_panel = parts.demo_panel
        self._voice = parts.voice
        if parts.devices is not None:
            parts.devices.state_changed.connect(self.footer.show_device_state)
        if parts.demo_panel is not None:
            self._bottom.addWidget(parts.demo_panel)
        self.monitoring = parts.monitoring
        if self.monitoring is not None:
            self.monitor.changed.connect(self.monitoring.gateway_changed)
            self.failed.connect(self.monitoring.error_shown)
            self.help.changed.connect(lambda r: self.monitoring.board.set_help_requests(int(r is not None)))
        self.elder = ElderLook(elder, self, session, self.overlay, self._voice, clock, parent=self)
        self.elder.changed.connect(self.home.show_senior)
        self.home.senior_toggled.connect(self.elder.mode.choose)
        self.services.payment_code_first = lambda: self.elder.mode.payment_code_first
        self.maintenance = parts.maintenance(self) if parts.maintenance is not None else None
        # Sees every scan first and may take it (the maintenance view's test scan).
        self.scan_tap: Callable[[ScanEvent], bool] | None = (
            self.maintenance.view.take_scan if self.maintenance is not None else None
        )

    # --- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        self.idle.start()
        self.monitor.start()
        for devices in self._devices:
            devices.start()
        Operation(self._client.capabilities, owner=self).success(self._on_capabilities).failure(
            lambda exc: logger.warning("capabilities unavailable: %s", type(exc).__name__)
        ).run()

    def stop(self) -> None:
        self.idle.stop()
        self.help.stop()
        self.monitor.stop()
        for devices in self._devices:
            devices.stop()
        self.message.stop()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.stop()
        self._session.end(EndReason.FINISHED)
        super().closeEvent(event)

    def set_voice(self, voice) -> None:
        """Another voice from now on (tests listen with a recording one)."""
        self._voice = voice
        self.elder.set_voice(voice)

    def _on_stack_current_changed(self, index: int) -> None:
        self._speak(getattr(self.stack.widget(index), "prompt", None))

    def _current_prompt(self) -> Text | None:
        for dialog in (self.another_card, self.overlay):
            if dialog.isVisible():
                return dialog.prompt
        return getattr(self.stack.currentWidget(), "prompt", None)

    def _speak(self, prompt: Text | None) -> None:
        prompt = self.elder.prompt(prompt)  # elder-care mode speaks every step
        if self._voice is not None and prompt is not None:
            self._voice.say(prompt, self.language.current)

    # --- the scan → identify flow ----------------------------------------------------------

    def handle_scan(self, event: ScanEvent) -> None:
        if self.scan_tap is not None and self.scan_tap(event):
            return
        if self._session.state is State.IDENTIFYING:
            return  # one lookup at a time; a second read of the same code is common
        if self.services.offer_payment_code(event.text):
            return  # a payment code held up at the pay step: never an identity
        if self.services.flow is not None and self._offer_to_flow(event):
            return
        try:
            code = require_identity(classify(event.text, self._patterns, today=self._hospital_clock.today()))
        except CodeRejected as exc:
            if self._session.state is State.IDENTIFIED:
                return  # a stray read mid-visit must not throw the patient out of their service
            self._show_error(exc.message, exc.next_step, exc.code)
            return
        if self._session.state is State.IDENTIFIED:
            # A higher level replaces the visit only while it would open something.
            level = level_of(code.kind, _source(event)) if self.patient_home.level_short() else None
            if self.services.flow is None and self._session.stronger_id_replaces_visit(code, level):
                self._session.end(EndReason.FINISHED)  # the weak visit gives way to a strong one
                self._identify(event, code)
                return
            if self._session.is_current_patient(code):
                return  # their own card read again
            self._pending_scan = event
            self.another_card.cover()
            return
        self._identify(event, code)

    def handle_card(self, read: Any) -> None:
        """A chip card read (kiosk.cards): the current flow's if it waits for one (a
        guardian's ID card), else an identification by the number it carries, kept so a
        resident unknown here can register from it."""
        take = getattr(self.services.flow, "take_card", None)
        if take is not None and take(read):
            return
        number = getattr(read, "id_number", None) or getattr(read, "social_security_no", "")
        self._card_read = read if hasattr(read, "id_number") else None
        self.handle_scan(ScanEvent(number, SourceKind.CARD_READER))
        self._speak(TAKE_ID_CARD if self._card_read is not None else TAKE_SS_CARD)

    def _on_another_card_switch(self) -> None:
        event, self._pending_scan = self._pending_scan, None
        self.another_card.hide()
        self._session.end(EndReason.FINISHED)
        if event is not None:
            self.handle_scan(event)

    def _on_another_card_stay(self) -> None:
        self._pending_scan = None
        self.another_card.hide()

    def _identify(self, event: ScanEvent, code: ScanCode) -> None:
        self._session.begin_identify(self._clock())
        self._attempt += 1
        attempt = self._attempt
        self.busy.show_message(S.BUSY_IDENTIFY)
        self.stack.setCurrentWidget(self.busy)
        source = _source(event)
        # Services not known yet (the gateway was slow or away at start): ask again with this
        # patient's lookup, so the patient never sees a home without the hospital's services.
        refresh = not self._capabilities_known

        def work() -> tuple[Identification, Capabilities | None, NextActions]:
            found = self._client.identify(code.text, source)
            capabilities = None
            if refresh:
                try:
                    capabilities = self._client.capabilities()
                except Exception as exc:  # the patient is identified either way
                    logger.warning("capabilities unavailable: %s", type(exc).__name__)
            # The patient's next steps, so their home appears once and complete.
            api = self._context.next_actions if self._context is not None else None
            return found, capabilities, fetch_next_actions(api, found.visit, capabilities or self._capabilities)

        Operation(work, owner=self).success(
            lambda result: self._on_identified(attempt, *result)
        ).failure(lambda exc: self._on_identify_failed(attempt, exc)).run()

    def _offer_to_flow(self, event: ScanEvent) -> bool:
        """A flow that takes scans of its own (``take_scan``, e.g. the insurance
        e-voucher at payment) sees it before identification and may take it."""
        try:
            offered: ScanCode | None = classify(event.text, self._patterns, today=self._hospital_clock.today())
        except CodeRejected:
            offered = None  # unreadable: the step says so in its own words
        return self.services.offer_scan(offered)

    def _on_identified(
        self, attempt: int, result: Identification, capabilities: Capabilities | None = None,
        actions: NextActions | None = None,
    ) -> None:
        if capabilities is not None:
            self._on_capabilities(capabilities)
        if attempt != self._attempt or self._session.state is not State.IDENTIFYING:
            return
        self._card_read = None  # it served this lookup
        self._session.identified(result.patient, self._clock(), result.visit, result.assurance,
                                 result.identified_by)
        self.elder.mode.identified(result.patient, self._hospital_clock.today())
        self.monitor.report(True)
        self.patient_home.show(actions or NextActions())
        self.identified.emit(result.patient)

    def _on_identify_failed(self, attempt: int, exc: BaseException) -> None:
        if attempt != self._attempt or self._session.state is not State.IDENTIFYING:
            return
        # An ID card read serves this lookup only: never the next person's registration.
        read, self._card_read = self._card_read, None
        enrolment = enrolment_for(exc, read)
        if enrolment is not None:  # someone who may register here: no window needed
            self._session.begin_enrolment(self._clock())
            self.services.clear()
            self.services.start_flow(EnrolFlow(self.services, enrolment, self._on_enrolled))
            return
        self._session.identify_failed()
        if isinstance(exc, KioskError):
            if exc.code == "gateway_unavailable":
                self.monitor.report(False)
            self._show_error(exc.message, exc.next_step, exc.code)
        else:
            logger.error("identify failed unexpectedly: %s", type(exc).__name__)
            self._show_error(S.UNEXPECTED, GO_TO_WINDOW, "unexpected")

    def _on_enrolled(self, enrolled) -> None:
        found = enrolled.identification
        self._session.identified(found.patient, self._clock(), found.visit, found.assurance,
                                 found.identified_by)
        self.elder.mode.identified(found.patient, self._hospital_clock.today())
        self.patient_home.show()  # a new patient has no next steps yet: the menu
        self.identified.emit(found.patient)

    # --- endings ---------------------------------------------------------------------------

    def _on_session_ended(self, reason: EndReason) -> None:
        # Wipe every trace of the patient: their screens, the language they chose, the overlay.
        self.services.clear()
        self.overlay.hide()
        self.another_card.hide()
        self._pending_scan = None
        self.language.reset()
        self.elder.mode.session_ended()
        if reason is not EndReason.ERROR:
            self.stack.setCurrentWidget(self.home)

    def _on_session_visit_ended(self, visit) -> None:
        # The gateway ends the token too, so it cannot outlive the session; in the background,
        # and a failure only leaves the token to its own expiry.
        Operation(lambda: self._client.end_visit(visit), owner=self).failure(
            lambda exc: logger.info("visit not ended at the gateway: %s", type(exc).__name__)
        ).run()

    def _show_error(self, message: Text, next_step: Text, code: str) -> None:
        self.message.show_error(message, next_step)
        self.stack.setCurrentWidget(self.message)
        self.failed.emit(code)

    def _on_message_dismissed(self) -> None:
        self._session.end(EndReason.ERROR)
        self.language.reset()
        self.stack.setCurrentWidget(self.home)

    def reset_to_home(self) -> None:
        """After an unexpected error: a clean start, nothing of the patient kept."""
        self._session.end(EndReason.ERROR)
        self._show_error(S.UNEXPECTED, GO_TO_WINDOW, "unexpected")

    # --- gateway status --------------------------------------------------------------------

    def _on_capabilities(self, capabilities: Capabilities) -> None:
        self._capabilities = capabilities
        self._capabilities_known = True
        self.footer.offer_help(help_requests.CAPABILITY in capabilities.services)

    def _on_monitor_changed(self, online: bool) -> None:
        self.offline.setVisible(not online)
        if online:  # services may have changed while the gateway was away
            Operation(self._client.capabilities, owner=self).success(self._on_capabilities).failure(
                lambda exc: None
            ).run()


def _source(event: ScanEvent) -> str:
    return event.source.value if isinstance(event.source, SourceKind) else str(event.source)
