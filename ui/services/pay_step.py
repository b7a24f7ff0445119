"""The scan-to-pay step shared by registration and bill payment.

Creates the payment order (idempotent: one order per thing paid for), shows its QR, polls
the gateway until the order settles, and reports the outcome. The session is held while the
QR is up, so the idle timeout never cuts a patient off mid-payment; the order's own expiry
ends the step instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QTimer

from kiosk.errors import KioskError, Text
from kiosk.usecases.payment import PaymentOrder, PaymentStatus
from ui import strings as S
from ui.background import Operation
from ui.screens.pay import PayScreen
from ui.services.host import Lease, ServiceHost
from ui.services.payment_code_reader import PaymentCodeReader

logger = logging.getLogger(__name__)


class PayStep(QObject):
    def __init__(
        self,
        host: ServiceHost,
        *,
        purpose: str,
        reference: str,
        amount_fen: int,
        on_paid: Callable[[str], None],
        on_not_paid: Callable[[Text], None],
        steps: list[Text] | None = None,
        step: int = 0,
    ) -> None:
        super().__init__(host)
        self._host = host
        self._api = host.context.payment
        self._purpose = purpose
        self._reference = reference
        self._amount = amount_fen
        self._on_paid = on_paid
        self._on_not_paid = on_not_paid
        self._steps = steps
        self._step = step
        self._order: PaymentOrder | None = None
        self._screen: PayScreen | None = None
        self._timer: QTimer | None = None
        self._polling = False
        self._done = False
        self._hold: Lease | None = None  # the step's hold on the idle clock while it runs
        self.code_reader = PaymentCodeReader(self, host.context.payment_code)

    @property
    def screen(self) -> PayScreen | None:
        return self._screen

    @property
    def order(self) -> PaymentOrder | None:
        return self._order

    @property
    def host(self) -> ServiceHost:
        return self._host

    @property
    def finished(self) -> bool:
        return self._done

    def start(self) -> None:
        visit = self._host.session.visit
        self._hold = self._host.hold()
        self._host.run(
            lambda: self._api.create_order(visit, self._purpose, self._reference, self._amount),
            S.BUSY_PAYMENT,
            self._show,
            self._failed_to_start,
        )

    def abandon(self) -> None:
        self._finish()

    # --- internals -------------------------------------------------------------------------

    def _failed_to_start(self, exc: BaseException) -> None:
        self._finish()
        self._host.notice(exc)

    def _show(self, order: PaymentOrder) -> None:
        self._order = order
        screen = PayScreen(order.amount_fen, order.qr_url, self._host.language, steps=self._steps, step=self._step)
        screen.cancelled.connect(self._on_screen_cancelled)
        self._screen = screen
        self._host.push(screen)
        self._host.payment_code_taker = self.code_reader.take
        if self._host.payment_code_first():
            screen.show_code_mode(True)  # elder-care mode: showing a code is the easier way
        self._timer = QTimer(screen)
        self._timer.setInterval(self._host.context.payment_poll_ms)
        self._timer.timeout.connect(self._poll)
        self._timer.start()
        self._update_countdown()

    def _remaining_s(self) -> float:
        if self._order is None:
            return 0.0
        # An aware instant: the use case read a time without an offset as hospital time.
        return self._order.expires_at.timestamp() - self._host.context.clock.timestamp()

    def _update_countdown(self) -> None:
        if self._screen is not None:
            self._screen.show_remaining(self._remaining_s())

    def poll_now(self) -> None:
        """Check the order at once (also what the timer does)."""
        self._poll()

    def _poll(self) -> None:
        if self._polling or self._done or self._order is None:
            return
        self._update_countdown()
        self._polling = True
        visit = self._host.session.visit
        payment_id = self._order.payment_id
        Operation(lambda: self._api.status(visit, payment_id), owner=self._screen).success(
            self._on_status
        ).failure(self._on_poll_failed).run()

    def _on_poll_failed(self, exc: BaseException) -> None:
        # A lost poll is not a lost payment: keep polling until the order itself settles.
        self._polling = False
        logger.warning("payment status unavailable: %s", getattr(exc, "code", type(exc).__name__))

    def _on_status(self, status: PaymentStatus) -> None:
        self._polling = False
        if self._done:
            return
        if status is PaymentStatus.SUCCESS:
            self._finish()
            self._on_paid(self._order.payment_id)
        elif status in (PaymentStatus.FAILED, PaymentStatus.REFUNDED):
            self._finish()
            self._on_not_paid(S.PAY_FAILED)
        elif status is PaymentStatus.EXPIRED:
            self._finish()
            self._on_not_paid(S.PAY_EXPIRED)

    def _on_screen_cancelled(self) -> None:
        if self._done or self._order is None:
            return
        # The patient may have paid a moment ago: ask once more before calling it off.
        visit = self._host.session.visit
        payment_id = self._order.payment_id
        self._done = True
        self._host.payment_code_taker = None
        self._stop_timer()

        def decided(status: PaymentStatus) -> None:
            self._release()
            if status is PaymentStatus.SUCCESS:
                self._on_paid(payment_id)
                return
            if status is PaymentStatus.PROCESSING:
                # Close the order so the QR still open on a phone can no longer be paid (a
                # payment racing in is given back by the same call).
                api = self._api
                Operation(lambda: api.refund(visit, payment_id)).failure(
                    lambda exc: logger.warning("payment order not closed: %s", getattr(exc, "code", type(exc).__name__))
                ).run()
            self._on_not_paid(S.PAY_CANCELLED)

        def unknown(exc: BaseException) -> None:
            self._release()
            message = exc.message if isinstance(exc, KioskError) else S.PAY_CANCELLED
            self._on_not_paid(message)

        self._host.run(lambda: self._api.status(visit, payment_id), S.BUSY_LOADING, decided, unknown)

    def _finish(self) -> None:
        self._done = True
        self._host.payment_code_taker = None
        self._stop_timer()
        self._release()

    def _stop_timer(self) -> None:
        # The timer belongs to the pay screen, which may already be gone.
        if self._timer is not None and shiboken6.isValid(self._timer):
            self._timer.stop()

    def _release(self) -> None:
        hold, self._hold = self._hold, None
        if hold is not None:
            hold.release()
