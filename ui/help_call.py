"""Call staff (叫工作人员): the footer's button, the banner that answers it, and the request.

One press posts a help request (terminal, screen code, seconds waited; nothing about the
patient) through :class:`kiosk.usecases.help.HelpAPI`, shows "工作人员正在赶来" under the
header and holds the session's idle clock, so the patient is not signed out while they wait
for a person. The request is followed until staff close it (the banner then goes and the
hold is released); when staff acknowledge it the banner says who is coming. The patient may
cancel; a patient who leaves (the session ends) cancels it too. Without the gateway's
``help_requests`` capability the button is not shown and the footer says where to ask.

The hold is bounded, so a kiosk is never held by a call forever: when the gateway cannot be
reached for ``LOST_AFTER_S`` the banner says so and sends the patient to a window; after
``HOLD_MAX_S`` (staff acknowledged but nobody closed it) the idle clock runs again, and the
idle warning asks the patient whether they are still there.

Signals: ``HelpCall.changed(object)``: the request as it now stands, or None.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from kiosk.errors import Text
from kiosk.session import EndReason, Hold, Session
from kiosk.usecases.help import HelpAPI, HelpRequest, screen_code
from ui import strings as S
from ui.background import Operation
from ui.language import LanguageModel, TButton, TLabel
from ui.theme import PAGE_MARGIN

logger = logging.getLogger(__name__)

POLL_MS = 3000
LOST_AFTER_S = 60.0  # no answer from the gateway this long: the call is lost
HOLD_MAX_S = 600.0  # the longest a call holds the session's idle clock


class HelpBanner(QFrame):
    """Under the header on every screen while a call is under way."""

    cancel = Signal()

    def __init__(self, language: LanguageModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(self)
        row.setContentsMargins(PAGE_MARGIN, 8, PAGE_MARGIN, 8)
        self.text = TLabel(S.STAFF_COMING, language, "helpText")
        row.addWidget(self.text, 1)
        self.cancel_button = TButton(S.HELP_CANCEL, language, "help")
        self.cancel_button.clicked.connect(self.cancel)
        row.addWidget(self.cancel_button)
        self.hide()

    def show_request(self, request: HelpRequest | None, failed: Text | None = None) -> None:
        """``failed``: what went wrong with the call, in place of the request's state."""
        if failed is not None:
            self.text.set_text(failed)
            self.cancel_button.set_text(S.HELP_DISMISS)
        elif request is None or request.closed:
            self.hide()
            return
        elif request.acknowledged and request.acknowledged_by:
            self.text.set_text(S.STAFF_ACKNOWLEDGED, name=request.acknowledged_by)
            self.cancel_button.set_text(S.HELP_CANCEL)
        else:
            self.text.set_text(S.STAFF_COMING)
            self.cancel_button.set_text(S.HELP_CANCEL)
        self.show()


class HelpCall(QObject):
    changed = Signal(object)
    said = Signal(object)  # a fixed Text for the voice

    def __init__(self, api: HelpAPI | None, session: Session, terminal_id: str,
                 clock: Callable[[], float], where: Callable[[], str], banner: HelpBanner,
                 poll_ms: int = POLL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._api = api
        self._session = session
        self._terminal_id = terminal_id
        self._clock = clock
        self._where = where
        self._banner = banner
        self._request: HelpRequest | None = None
        self._asking = False
        self._hold: Hold | None = None
        self._asked_at = 0.0
        self._heard_at = 0.0  # the gateway's last answer about the request
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self._follow)
        banner.cancel.connect(self.cancel)
        session.on_ended(self._on_session_ended)

    @property
    def request(self) -> HelpRequest | None:
        return self._request

    @property
    def under_way(self) -> bool:
        return self._asking or (self._request is not None and not self._request.closed)

    def ask(self) -> None:
        if self._api is None or self.under_way:
            return  # one call at a time; the banner already says staff are coming
        self._asking = True
        self._hold = self._session.hold()
        self._asked_at = self._heard_at = self._clock()
        api, terminal, screen = self._api, self._terminal_id, self._where()
        waited = self._session.waited(self._clock())
        self._banner.show_request(None)
        self._banner.text.set_text(S.HELP_CALLING)
        self._banner.show()
        Operation(lambda: api.ask(terminal, screen, waited), owner=self).success(self._on_asked).failure(
            self._on_ask_failed).run()

    def cancel(self) -> None:
        """The patient needs no one after all, or dismisses a failed call."""
        request, api = self._request, self._api
        self._finish(None)
        if request is not None and not request.closed and api is not None:
            Operation(lambda: api.cancel(request.request_id), owner=self).failure(
                lambda exc: logger.info("help request not cancelled: %s", type(exc).__name__)).run()

    def _on_asked(self, request: HelpRequest) -> None:
        self._asking = False
        if self._hold is None:  # cancelled, or the patient left, while it was being sent
            self._request = request
            self.cancel()
            return
        self._request = request
        self._heard_at = self._clock()
        self._show(request)
        self.said.emit(S.STAFF_COMING)
        self._timer.start()

    def _on_ask_failed(self, exc: BaseException) -> None:
        self._asking = False
        logger.warning("help request not sent: %s", getattr(exc, "code", type(exc).__name__))
        if self._hold is None:
            return  # cancelled, or the patient left, while it was being sent: nothing to say
        self._release()
        self._banner.show_request(None, failed=S.HELP_FAILED)
        self.said.emit(S.HELP_FAILED)

    def _follow(self) -> None:
        request, api = self._request, self._api
        if request is None or api is None:
            self._timer.stop()
            return
        if self._hold is not None and self._clock() - self._asked_at >= HOLD_MAX_S:
            self._release()  # still followed; the idle warning now asks if they are there
        Operation(lambda: api.follow(request.request_id), owner=self).success(self._show).failure(
            self._on_follow_failed).run()

    def _on_follow_failed(self, exc: BaseException) -> None:
        logger.info("help request not followed: %s", type(exc).__name__)
        if self._request is None or self._clock() - self._heard_at < LOST_AFTER_S:
            return  # a poll or two may fail; the next may get through
        logger.warning("help request lost: the gateway did not answer for %.0f s", LOST_AFTER_S)
        self._finish(None)
        self._banner.show_request(None, failed=S.HELP_LOST)
        self.said.emit(S.HELP_LOST)

    def _show(self, request: HelpRequest) -> None:
        if self._request is None or self._request.request_id != request.request_id:
            return  # finished (cancelled, closed) while this answer was on its way
        self._heard_at = self._clock()
        if request.closed:
            self._finish(None)  # staff came and closed it
            return
        self._request = request
        self._banner.show_request(request)
        self.changed.emit(request)

    def _finish(self, request: HelpRequest | None) -> None:
        self._timer.stop()
        self._request = request
        self._release()
        self._banner.show_request(None)
        self._banner.hide()
        self.changed.emit(None)

    def _release(self) -> None:
        hold, self._hold = self._hold, None
        if hold is not None:
            hold.release(self._clock())

    def _on_session_ended(self, reason: EndReason) -> None:
        # The patient left (or was signed out): nobody is waiting any more.
        if self.under_way:
            self.cancel()

    def stop(self) -> None:
        self._timer.stop()


def where_code(flow: str | None, screen: QWidget | None) -> str:
    """The screen code a request carries (``payment.bills``): the step, never its content."""
    return screen_code(flow, type(screen).__name__ if screen is not None else "home")
