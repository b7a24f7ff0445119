"""Giving a payment back after a refused commit, and saying so only once it is known.

Shared by registration and bills (the rule that decides to refund lives in
:mod:`kiosk.usecases.after_payment`): the busy screen while the refund runs, then the
patient's home with a notice that says whether the money is back, and what to do if not.
"""

from __future__ import annotations

import logging

from kiosk.errors import Text
from kiosk.models import Visit
from kiosk.usecases.payment import PaymentAPI
from ui.services.host import ServiceHost

logger = logging.getLogger(__name__)

BUSY = Text(zh="未能完成，正在为您退款…", en="That could not be completed; refunding you…")
REFUND_AT_WINDOW = Text(
    zh="请保留手机上的支付记录，到收费窗口办理退款，工作人员会帮助您。",
    en="Please keep the payment record on your phone and go to the cashier's window for the refund.",
)
AGAIN = Text(zh="您可以重新办理，或到人工窗口咨询。", en="You can try again, or ask at a staffed window.")


def refund_then_tell(
    host: ServiceHost,
    api: PaymentAPI,
    visit: Visit | None,
    payment_id: str,
    *,
    refunded: Text,
    not_refunded: Text,
) -> None:
    hold = host.hold()  # a refund under way must not be cut off by the idle timeout

    def done(_: object) -> None:
        hold.release()
        host.patient_home()
        host.notice((refunded, AGAIN))

    def failed(exc: BaseException) -> None:
        hold.release()
        logger.warning("refund after a refused commit failed: %s", getattr(exc, "code", type(exc).__name__))
        host.patient_home()
        host.notice((not_refunded, REFUND_AT_WINDOW))

    host.run(lambda: api.refund(visit, payment_id), BUSY, done, failed)
