"""The two inpatient steps that move money: topping up the deposit, settling the discharge.

Both go through the shared payment step (scan to pay), then commit once with an intent key:
a lost reply is retried with the same key; a commit the gateway definitely refuses after
paying is refunded at once (:func:`ui.services.after_payment.commit_after_payment`); one whose
outcome stays unknown is tried once more in the background if the patient leaves.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from kiosk.errors import Text
from kiosk.models import Patient
from kiosk.money import yuan
from kiosk.usecases.inpatient import (
    Admission,
    DepositOrder,
    DepositReceipt,
    DischargePreview,
    DischargeSettlement,
)
from kiosk.usecases.registration import new_flow_id
from ui import strings as S
from ui.background import Operation
from ui.screens.generic import SummaryScreen
from ui.services import inpatient_paper as paper
from ui.services import inpatient_text as T
from ui.services.after_payment import commit_after_payment, money
from ui.services.host import ServiceHost
from ui.services.inpatient_screens import AmountKeypadScreen, AmountScreen
from ui.services.pay_step import PayStep
from ui.services.result import ResultScreen

logger = logging.getLogger(__name__)


def _method(method: str | None) -> Text:
    return T.METHODS.get(method or "", Text.same(method or ""))


class _MoneySteps:
    """What both steps share: a pay step, a commit with an unknown outcome to retry."""

    def __init__(self, host: ServiceHost, patient: Patient, stay: Admission, flow: Any) -> None:
        self._host = host
        self._patient = patient
        self._stay = stay
        self._flow = flow
        self._api = host.context.inpatient
        self._flow_id = new_flow_id()
        self._attempts = 0
        self._pay: PayStep | None = None
        self._payment_id: str | None = None
        self._visit = None
        self._pending: Callable[[], Any] | None = None  # a commit whose outcome is unknown
        self.confirm_screen: SummaryScreen | None = None
        self.result_screen: ResultScreen | None = None

    @property
    def pay_step(self) -> PayStep | None:
        return self._pay

    def _intent(self) -> str:
        # Each press of the confirm button is its own intent; a retry of one reuses its key.
        self._attempts += 1
        return f"{self._flow_id}:{self._attempts}"

    def _pay_then(self, purpose: str, reference: str, amount_fen: int, steps: list[Text], step: int,
                  back_to: Any) -> None:
        def paid(payment_id: str) -> None:
            self._payment_id = payment_id
            self._pay = None
            if self.confirm_screen is not None:
                self._host.pop_to(self.confirm_screen)  # the QR is spent; never show it again
            self._commit()

        def not_paid(reason: Text) -> None:
            self._pay = None
            self._host.pop_to(back_to)
            self._host.notice((reason, S.PAY_AGAIN), error=reason is not S.PAY_CANCELLED)

        self._pay = PayStep(self._host, purpose=purpose, reference=reference, amount_fen=amount_fen,
                            on_paid=paid, on_not_paid=not_paid, steps=steps, step=step)
        self._pay.start()

    def _run_commit(self, commit: Callable[[], Any], busy: Text, done: Callable[[Any], None],
                    refunded: Text, not_refunded: Text, unknown_text: Text) -> None:
        self._visit = self._host.session.visit
        payment_id = self._payment_id
        self._pending = commit

        def succeeded(answer: Any) -> None:
            self._pending = None
            self._host.finish_flow()
            done(answer)

        def refunding() -> None:
            self._pending = None

        def unknown(exc: BaseException) -> None:
            # The same key makes another try safe (Back, then confirm); choosing again could
            # pay twice, so that way is shut.
            if self.confirm_screen is not None:
                self.confirm_screen.nav.back_button.hide()
            self._host.notice((unknown_text, T.COMMIT_RETRY))

        commit_after_payment(self._host, commit, self._visit, payment_id, busy=busy, done=succeeded,
                             refunding=refunding, unknown=unknown, refunded=refunded, not_refunded=not_refunded)

    def _commit(self) -> None:
        raise NotImplementedError

    def abandon(self) -> None:
        if self._pay is not None:
            self._pay.abandon()
        commit, self._pending = self._pending, None
        if commit is not None:
            # Outcome unknown and the patient left: once more in the background, same key.
            Operation(commit).failure(
                lambda exc: logger.warning("inpatient commit left to reconcile: %s",
                                           getattr(exc, "code", type(exc).__name__))).run()


class TopUpSteps(_MoneySteps):
    """Amount (presets or keypad) → confirm → scan to pay → paid in → deposit receipt."""

    def __init__(self, host: ServiceHost, patient: Patient, stay: Admission, flow: Any) -> None:
        super().__init__(host, patient, stay, flow)
        self._order: DepositOrder | None = None
        self._amount = 0
        self.amount_screen: AmountScreen | None = None
        self.keypad_screen: AmountKeypadScreen | None = None

    def start(self) -> None:
        self._host.check_printer("slip", self._choose)

    def _choose(self) -> None:
        screen = AmountScreen(self._host.language, steps=T.STEPS_TOP_UP, step=0)
        screen.back.connect(self._host.pop)
        screen.amount.connect(self._confirm)
        screen.other.connect(self._keypad)
        self._host.push(screen)
        self.amount_screen = screen

    def _keypad(self) -> None:
        screen = AmountKeypadScreen(self._host.language, steps=T.STEPS_TOP_UP, step=0)
        screen.back.connect(self._host.pop)
        screen.amount.connect(self._confirm)
        self._host.push(screen)
        self.keypad_screen = screen

    def _confirm(self, amount_fen: int) -> None:
        self._amount = amount_fen
        self._payment_id = None
        stay = self._stay
        rows = [(T.LBL_WARD, Text(f"{stay.ward}  {stay.bed} 床", f"{stay.ward_words.en}, bed {stay.bed}")),
                (T.LBL_BALANCE, money(stay.balance_fen)), (T.LBL_AMOUNT, money(amount_fen))]
        screen = SummaryScreen(T.CONFIRM_TOP_UP, rows, T.PAY_ACTION.format(amount=yuan(amount_fen)),
                               self._host.language, steps=T.STEPS_TOP_UP, step=1, emphasis=2)
        screen.back.connect(self._host.pop)
        screen.confirmed.connect(self._on_confirmed)
        self._host.push(screen)
        self.confirm_screen = screen

    def _on_confirmed(self) -> None:
        if self._payment_id is not None:
            self._commit()  # paid already: the commit to retry
            return
        visit = self._host.session.visit
        intent, admission_id, amount = self._intent(), self._stay.admission_id, self._amount

        def ordered(order: DepositOrder) -> None:
            self._order = order
            self._pay_then("deposit", order.deposit_id, order.amount_fen, T.STEPS_TOP_UP, 2, self.confirm_screen)

        self._host.run(lambda: self._api.order_deposit(visit, intent, admission_id, amount), T.BUSY_ORDER, ordered)

    def _commit(self) -> None:
        visit, deposit_id, payment_id = self._host.session.visit, self._order.deposit_id, self._payment_id
        self._run_commit(lambda: self._api.commit_deposit(visit, deposit_id, payment_id), T.BUSY_COMMIT,
                         self._show_receipt, T.NOT_COMMITTED_REFUNDED, T.NOT_COMMITTED_NOT_REFUNDED,
                         T.COMMIT_UNKNOWN)

    def _show_receipt(self, receipt: DepositReceipt) -> None:
        rows = [(S.LBL_RECEIPT, Text.same(receipt.receipt_no)), (T.LBL_AMOUNT, money(receipt.amount_fen)),
                (T.LBL_METHOD, _method(receipt.method)), (T.LBL_DEPOSIT, money(receipt.deposit_fen)),
                (T.LBL_BALANCE, money(receipt.balance_fen))]
        screen = ResultScreen(self._host, T.TOP_UP_DONE, rows, steps=T.STEPS_TOP_UP, step=3)
        self._host.push(screen)
        self.result_screen = screen
        context = self._host.context
        screen.print_document(paper.deposit_receipt(context.paper, self._patient, self._stay, receipt), "slip")


class DischargeSteps(_MoneySteps):
    """Pre-settle → check the sums → pay what is due (if any) → settled → discharge slip."""

    def __init__(self, host: ServiceHost, patient: Patient, stay: Admission, flow: Any) -> None:
        super().__init__(host, patient, stay, flow)
        self._preview: DischargePreview | None = None

    def start(self) -> None:
        self._host.check_printer("slip", self._pre_settle)

    def _pre_settle(self) -> None:
        visit, intent, admission_id = self._host.session.visit, self._intent(), self._stay.admission_id
        self._host.run(lambda: self._api.preview_discharge(visit, intent, admission_id), T.BUSY_PREVIEW,
                       self._show_preview)

    def _show_preview(self, preview: DischargePreview) -> None:
        self._preview = preview
        self._payment_id = None
        rows = [(T.LBL_TOTAL, money(preview.total_fen)), (T.LBL_INSURANCE, money(preview.insurance_fen)),
                (T.LBL_SELF, money(preview.self_pay_fen)), (T.LBL_DEPOSIT, money(preview.deposit_fen))]
        if preview.due_fen:
            rows.append((T.LBL_DUE, money(preview.due_fen)))
            action, note = T.PAY_ACTION.format(amount=yuan(preview.due_fen)), T.DUE_NOTE
        elif preview.refund_fen:
            rows.append((T.LBL_REFUND, money(preview.refund_fen)))
            action, note = T.SETTLE_REFUND_ACTION.format(amount=yuan(preview.refund_fen)), T.REFUND_NOTE
        else:
            action, note = T.SETTLE_ACTION, None
        screen = SummaryScreen(T.DISCHARGE_TITLE, rows, action, self._host.language, steps=T.STEPS_DISCHARGE,
                               step=0, emphasis=len(rows) - 1 if len(rows) > 4 else None, note=note)
        screen.back.connect(self._host.pop)
        screen.confirmed.connect(self._on_confirmed)
        self._host.push(screen)
        self.confirm_screen = screen

    def _on_confirmed(self) -> None:
        preview = self._preview
        if self._payment_id is not None or preview.due_fen == 0:
            self._commit()
            return
        self._pay_then("discharge", preview.preview_id, preview.due_fen, T.STEPS_DISCHARGE, 1, self.confirm_screen)

    def _commit(self) -> None:
        visit, preview_id, payment_id = self._host.session.visit, self._preview.preview_id, self._payment_id
        self._run_commit(lambda: self._api.settle_discharge(visit, preview_id, payment_id), T.BUSY_SETTLE,
                         self._show_result, T.NOT_SETTLED_REFUNDED, T.NOT_SETTLED_NOT_REFUNDED, T.SETTLE_UNKNOWN)

    def _show_result(self, settlement: DischargeSettlement) -> None:
        rows = [(S.LBL_RECEIPT, Text.same(settlement.receipt_no)), (T.LBL_TOTAL, money(settlement.total_fen)),
                (T.LBL_INSURANCE, money(settlement.insurance_fen)), (T.LBL_DEPOSIT, money(settlement.deposit_fen))]
        if settlement.due_fen:
            rows += [(T.LBL_PAID_DUE, money(settlement.due_fen)), (T.LBL_METHOD, _method(settlement.method))]
        for refund in settlement.refunds:
            rows.append((T.LBL_REFUNDED, T.REFUND_TO.format(method=_method(refund.method),
                                                             amount=yuan(refund.amount_fen))))
        screen = ResultScreen(self._host, T.DISCHARGE_DONE, rows, steps=T.STEPS_DISCHARGE, step=2)
        screen.add_text(T.AFTER_DISCHARGE, "nextStep")
        self._host.push(screen)
        self.result_screen = screen
        context = self._host.context
        screen.print_document(paper.discharge_receipt(context.paper, self._patient, settlement), "slip")
