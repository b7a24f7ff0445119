"""The pay step's payment-code side (付款码, B扫C): a code held to the kiosk's scanner or
camera charges the order the pay screen shows.

The window offers every scan that has a payment code's shape to the host
(:meth:`ServiceHost.offer_payment_code`); while its pay screen is on top, this reader takes
it. After the charge, whatever it answered, the pay step's own poll decides: it sees
``success`` and goes on, ``failed`` and says so, ``processing`` while the phone asks for the
password, and ``expired`` when the order ran out (the gateway reverses a charge still waiting
then). A charge whose answer is lost is settled by asking, then by reversing
(:meth:`kiosk.usecases.payment_code.PaymentCodeAPI.settle_unknown`).

The code lives only in the call that sends it: never in a log line, a screen or an intent.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from kiosk.errors import GatewayRejected
from kiosk.payment_code import PaymentCode
from kiosk.usecases.payment import PaymentStatus
from kiosk.usecases.payment_code import PaymentCodeAPI
from ui.background import Operation
from ui.screens import pay_code_text as C

if TYPE_CHECKING:
    from ui.services.pay_step import PayStep

logger = logging.getLogger(__name__)


class PaymentCodeReader:
    def __init__(self, step: PayStep, api: PaymentCodeAPI) -> None:
        self._step = step
        self._api = api
        self._charging = False
        self.charged = False  # one charge per order: a second read waits for the first

    def take(self, code: PaymentCode) -> bool:
        step = self._step
        screen = step.screen
        if screen is None or step.host.top is not screen or step.order is None or step.finished:
            return False
        if self._charging or self.charged:
            return True  # the same code read twice, or shown again while the phone asks
        self._charging = True
        screen.show_code_progress(C.CHARGING)
        visit = step.host.session.visit
        payment_id = step.order.payment_id
        Operation(lambda: self._api.charge(visit, payment_id, code), owner=screen).success(
            self._answered
        ).failure(lambda exc: self._failed(exc, visit, payment_id)).run()
        return True

    def _answered(self, status: PaymentStatus) -> None:
        self._charging = False
        self.charged = status is not PaymentStatus.FAILED
        if status is PaymentStatus.PROCESSING and self._step.screen is not None:
            self._step.screen.show_code_progress(C.PASSWORD)
        self._step.poll_now()

    def _failed(self, exc: BaseException, visit, payment_id: str) -> None:
        screen = self._step.screen
        if isinstance(exc, GatewayRejected):
            # Refused before any charge (not a code, the order already closed): say so and
            # let the patient show the code again or scan the QR.
            self._charging = False
            logger.info("payment-code charge refused: %s", exc.code)
            if screen is not None:
                screen.show_code_progress(exc.message)
            self._step.poll_now()
            return
        self.charged = True  # the outcome is unknown: never charge this order again
        if screen is not None:
            screen.show_code_progress(C.CHECKING)

        def settled(status: PaymentStatus) -> None:
            self._charging = False
            self._step.poll_now()

        def still_unknown(error: BaseException) -> None:
            self._charging = False
            logger.warning("payment-code charge still unknown: %s", getattr(error, "code", type(error).__name__))
            if self._step.screen is not None:
                self._step.screen.show_code_progress(C.UNKNOWN)

        Operation(lambda: self._api.settle_unknown(visit, payment_id), owner=screen).success(
            settled
        ).failure(still_unknown).run()
