"""The step after a payment, shared by registration and bills: commit, and when the commit
fails, act on the one rule of :mod:`kiosk.usecases.after_payment` — refund what was
definitely not bought (and say so only once it is known), never what may have been.

The idle countdown stands still while the commit and any refund run: a patient who paid is
never cut off before they know where their money is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from kiosk.errors import Text
from kiosk.models import Visit
from kiosk.money import yuan
from kiosk.usecases.after_payment import AfterFailure, after_commit_failed
from ui.services.host import ServiceHost

logger = logging.getLogger(__name__)

BUSY_REFUND = Text(zh="未能完成，正在为您退款…", en="That could not be completed; refunding you…")
REFUND_AT_WINDOW = Text(
    zh="请保留手机上的支付记录，到收费窗口办理退款，工作人员会帮助您。",
    en="Please keep the payment record on your phone and go to the cashier's window for the refund.",
)
AGAIN = Text(zh="您可以重新办理，或到人工窗口咨询。", en="You can try again, or ask at a staffed window.")


def money(fen: int) -> Text:
    return Text.same(f"¥{yuan(fen)}")


def commit_after_payment(
    host: ServiceHost,
    commit: Callable[[], Any],
    visit: Visit | None,
    payment_id: str | None,
    *,
    busy: Text,
    done: Callable[[Any], None],
    refunded: Text,
    not_refunded: Text,
    refunding: Callable[[], None] = lambda: None,
    unknown: Callable[[BaseException], None] | None = None,
) -> None:
    """Run ``commit``; on success ``done(answer)``. On failure: nothing paid, or the outcome
    unknown (``unknown``, else the error's own notice; the intent key makes a retry safe), or
    definitely refused — then ``refunding()`` and the refund, told as ``refunded`` or
    ``not_refunded``."""
    hold = host.hold()

    def succeeded(answer: Any) -> None:
        hold.release()
        done(answer)

    def failed(exc: BaseException) -> None:
        hold.release()
        then = after_commit_failed(exc, paid=payment_id is not None)
        if then is AfterFailure.REFUND:
            refunding()
            refund_then_tell(host, visit, payment_id, refunded=refunded, not_refunded=not_refunded)
        elif then is AfterFailure.RETRY and unknown is not None:
            unknown(exc)
        else:
            host.notice(exc)

    host.run(commit, busy, succeeded, failed)


def refund_then_tell(
    host: ServiceHost, visit: Visit | None, payment_id: str, *, refunded: Text, not_refunded: Text
) -> None:
    """The busy screen while the refund runs, then the patient's home with a notice that says
    whether the money is back, and what to do if not."""
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

    host.run(lambda: host.context.payment.refund(visit, payment_id), BUSY_REFUND, done, failed)
