"""Where service flows live: the patient's screen stack, waits, errors and abandonment.

A *flow* (registration, payment, reports, …) is a small object built for one patient's use
of one service. It pushes screens, runs gateway calls through :meth:`ServiceHost.run` (which
shows the busy screen and never blocks the GUI thread), and is told to ``abandon()`` when the
patient leaves it any way other than finishing: Home, a new card, the idle timeout, an
error. That is where a flow releases what it holds at the gateway (a locked slot).

A flow that can take a scan of its own (the insurance e-voucher at payment) has a
``take_scan(code) -> bool``; the window offers every scan to the current flow first
(:meth:`ServiceHost.offer_scan`), and nothing needs clearing when the flow ends.

Signals: ``flow_started(str)``, ``flow_left(str)``, ``said(Text)``, ``failed(str)``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from kiosk.codes import ScanCode
from kiosk.errors import GO_TO_WINDOW, KioskError, Text
from kiosk.payment_code import recognise
from kiosk.session import EndReason, Hold, Session
from ui import strings as S
from ui.background import Operation
from ui.language import LanguageModel, TButton
from ui.screens.busy import BusyScreen
from ui.screens.generic import NoticeScreen

logger = logging.getLogger(__name__)


class Flow(Protocol):
    key: str

    def start(self) -> None: ...

    def abandon(self) -> None: ...


class Lease:
    """A step's hold on the idle countdown; ``release()`` once when the step is over (again,
    or after the patient's session ended, it changes nothing)."""

    def __init__(self, hold: Hold, clock: Callable[[], float]) -> None:
        self._hold = hold
        self._clock = clock

    def release(self) -> None:
        self._hold.release(self._clock())


class ServiceHost(QObject):
    flow_started = Signal(str)
    flow_left = Signal(str)
    said = Signal(object)  # a Text for the voice, beyond each screen's own prompt
    failed = Signal(str)  # a step went wrong: its error code, for the fleet's error counts

    def __init__(
        self,
        stack: QStackedWidget,
        busy: BusyScreen,
        language: LanguageModel,
        session: Session,
        clock: Callable[[], float],
        context: Any,
        parent: QObject | None = None,
        *,
        elder: Any = None,
    ) -> None:
        """``elder``: the window's elder-care mode (kiosk.elder.ElderMode); None: never on."""
        super().__init__(parent)
        self.stack = stack
        self.busy = busy
        self.language = language
        self.session = session
        self.clock = clock
        self.context = context  # the APIs, stores and printers flows need
        self._elder = elder
        self._screens: list[QWidget] = []
        self._flow: Flow | None = None
        # The pay step on top takes payment codes (付款码) while it runs.
        self.payment_code_taker: Callable[[Any], bool] | None = None
        # Whether the pay step opens on "show your payment code" (elder-care mode's default).
        self.payment_code_first: Callable[[], bool] = lambda: False

    @property
    def elder_on(self) -> bool:
        """Whether elder-care mode is on now: flows offer shorter choices then."""
        return self._elder is not None and self._elder.on

    # --- the patient's screen stack --------------------------------------------------------

    @property
    def top(self) -> QWidget | None:
        return self._screens[-1] if self._screens else None

    def push(self, screen: QWidget) -> QWidget:
        if hasattr(screen, "home"):
            screen.home.connect(self.patient_home)
        self._screens.append(screen)
        self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        return screen

    def pop(self) -> None:
        """Back one screen (never below the patient's home)."""
        if len(self._screens) > 1:
            self._drop(self._screens.pop())
        self.show_top()

    def pop_to(self, screen: QWidget) -> None:
        while self._screens and self._screens[-1] is not screen and len(self._screens) > 1:
            self._drop(self._screens.pop())
        self.show_top()

    def show_top(self) -> None:
        if self._screens:
            self.stack.setCurrentWidget(self._screens[-1])

    def patient_home(self) -> None:
        """Back to the services menu, leaving any flow."""
        self._leave_flow()
        while len(self._screens) > 1:
            self._drop(self._screens.pop())
        self.show_top()

    def clear(self) -> None:
        """The patient left: abandon the flow and destroy every screen that showed them."""
        self._leave_flow()
        while self._screens:
            self._drop(self._screens.pop())

    def _drop(self, screen: QWidget) -> None:
        self.stack.removeWidget(screen)
        screen.hide()
        screen.deleteLater()

    # --- flows -----------------------------------------------------------------------------

    def start_flow(self, flow: Flow) -> None:
        self._leave_flow()
        self._flow = flow
        self.flow_started.emit(flow.key)
        flow.start()

    def offer_scan(self, code: ScanCode | None) -> bool:
        """Whether the current flow took this scan (``code`` is None when it could not be
        read as any code); a flow without ``take_scan`` never does."""
        take = getattr(self._flow, "take_scan", None)
        return bool(take(code)) if take is not None else False

    def offer_payment_code(self, text: str) -> bool:
        """Whether the pay step on top took this scan as a payment code (付款码)."""
        taker = self.payment_code_taker
        code = recognise(text) if taker is not None else None
        return code is not None and taker(code)

    def finish_flow(self) -> None:
        """The flow completed: nothing to release."""
        if self._flow is not None:
            key = self._flow.key
            self._flow = None
            self.flow_left.emit(key)

    def _leave_flow(self) -> None:
        flow, self._flow = self._flow, None
        if flow is not None:
            try:
                flow.abandon()
            except Exception:  # abandoning must never keep the patient on a dead screen
                logger.exception("abandoning %s failed", flow.key)
            self.flow_left.emit(flow.key)

    @property
    def flow(self) -> Flow | None:
        return self._flow

    # --- waiting, holding, failing ---------------------------------------------------------

    def run(
        self,
        fn: Callable[[], Any],
        busy: Text,
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run ``fn`` off the GUI thread with the busy screen shown, then come back to the top
        screen and call ``on_success`` (or show what went wrong)."""
        self.busy.show_message(busy)
        self.stack.setCurrentWidget(self.busy)
        session_at_start = self.session.patient

        def succeeded(result: Any) -> None:
            if self.session.patient is not session_at_start or session_at_start is None:
                return  # the patient left while we waited
            self.show_top()
            on_success(result)

        def failed(exc: BaseException) -> None:
            if self.session.patient is not session_at_start or session_at_start is None:
                return
            self.show_top()
            (on_failure or self.notice)(exc)

        Operation(fn, owner=self).success(succeeded).failure(failed).run()

    def check_printer(self, printer: str, then: Callable[[], None]) -> None:
        """Before a flow that ends in paper, say now if the printer cannot print — not after
        the patient has paid — and let them carry on without it or go to a window."""
        service = getattr(self.context, "printer", None)
        if service is None:
            then()
            return

        def decided(state: Any) -> None:
            status = str(getattr(getattr(state, "status", None), "value", "unknown"))
            if status == "ready":
                then()
                return
            message = S.PRINTER_DOWN.get(status, S.PRINTER_DOWN["offline"])
            screen = NoticeScreen(message, S.PRINTER_DOWN_NEXT, self.language)
            screen.back.connect(self.patient_home)
            carry_on = TButton(S.CONTINUE_WITHOUT_SLIP, self.language, "primary")
            carry_on.clicked.connect(lambda: (self.pop(), then()))
            screen.nav.extra.addWidget(carry_on)
            screen.nav.extra.addSpacing(40)  # apart from Home, as on every confirm screen
            screen.carry_on = carry_on
            self.push(screen)

        self.run(lambda: service.state(printer), S.BUSY_PRINTER, decided, lambda exc: decided(None))

    def notice(self, exc: BaseException | tuple[Text, Text], *, error: bool = True) -> NoticeScreen:
        if isinstance(exc, tuple):
            message, next_step = exc
        elif isinstance(exc, KioskError):
            message, next_step = exc.message, exc.next_step
            if error:
                self.failed.emit(exc.code)
        else:
            logger.error("service step failed unexpectedly: %s", type(exc).__name__)
            message, next_step = S.UNEXPECTED_STEP, GO_TO_WINDOW
            self.failed.emit("unexpected")
        screen = NoticeScreen(message, next_step, self.language, error=error)
        screen.back.connect(self.pop)
        return self.push(screen)

    def say(self, text: Text) -> None:
        """Speak a fixed text now ("请取走凭条" as the paper comes out); never personal data."""
        self.said.emit(text)

    def hold(self) -> Lease:
        """A step that must not be cut off (payment, printing) has begun: the idle countdown
        stands still until the step releases the lease it was given."""
        return Lease(self.session.hold(), self.clock)

    def finish_visit(self) -> None:
        self.session.end(EndReason.FINISHED)
