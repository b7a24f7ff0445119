"""Paying an order by the payment code the patient shows (付款码, B扫C).

The order is the pay step's own (``POST /payments``): the code charges it, so a QR paid a
moment earlier and a code shown now can never both take money (the gateway charges an
order once). The code goes into one request body and nowhere else: the intent that keys
the charge is named by the order, not by the code, and nothing here logs it.

When the charge's answer never comes (timeouts, lost replies past the client's retries),
:meth:`PaymentCodeAPI.settle_unknown` asks for the order's status, and if that too stays
unknown, reverses the order, so no charge is ever left unknown.
"""

from __future__ import annotations

import logging

from kiosk.errors import KioskError
from kiosk.models import Visit
from kiosk.payment_code import PaymentCode
from kiosk.usecases.answers import Answer, UseCase
from kiosk.usecases.payment import PaymentStatus

logger = logging.getLogger(__name__)


class _Payment(Answer):
    status: PaymentStatus


class PaymentCodeAPI(UseCase):
    def charge(self, visit: Visit, payment_id: str, code: PaymentCode) -> PaymentStatus:
        """Charge the order by ``code``: ``success``, ``processing`` (the phone asks for the
        password: poll the order) or ``failed``."""
        return self._once(
            "paycode", payment_id, _Payment, f"/api/v1/payments/{payment_id}/code",
            json={"payment_code": code.digits}, visit=visit,
        ).status

    def reverse(self, visit: Visit | None, payment_id: str) -> PaymentStatus:
        """Undo the order at the provider, whatever became of its charge."""
        return self._once(
            "paycode-reverse", payment_id, _Payment, f"/api/v1/payments/{payment_id}/reverse",
            json={}, visit=visit,
        ).status

    def settle_unknown(self, visit: Visit, payment_id: str) -> PaymentStatus:
        """The charge's outcome is unknown: the order's status, or, if that cannot be
        learnt either, the order reversed (raises only when even the reversal is lost; the
        intent stays open then, and the gateway reverses the order when it runs out)."""
        try:
            return self._get(_Payment, f"/api/v1/payments/{payment_id}", visit=visit).status
        except KioskError as exc:
            logger.warning("payment-code charge unknown, reversing: %s", getattr(exc, "code", type(exc).__name__))
        return self.reverse(visit, payment_id)
