"""Outpatient payment (门诊缴费): unpaid bills → choose (all by default) → insurance e-voucher
(insured patients) → pre-settle → scan to pay → settle → receipt printed → usage reported.

Nothing is held at the gateway until the patient pays: a pre-settlement simply expires. Once
paid, the settlement is retried with the same idempotency key until its outcome is known; a
settlement the gateway definitely refuses is refunded at once, and the patient is told.
"""

from __future__ import annotations

import logging

from kiosk.errors import Text
from kiosk.insurance_voucher import InsuranceCredential
from kiosk.models import Patient
from kiosk.money import yuan
from kiosk.usecases.next_actions import Action, PayAction
from kiosk.usecases.payment import SCENE, Bill, Preview, Settlement
from kiosk.usecases.registration import new_flow_id
from ui import strings as S
from ui.background import Operation
from ui.screens.generic import ChoiceScreen, SummaryScreen
from ui.services import insured_payment as IP
from ui.services import payment_text as T
from ui.services.after_payment import commit_after_payment, money
from ui.services.flow import PatientFlow
from ui.services.host import ServiceHost
from ui.services.pay_step import PayStep
from ui.services.payment_screens import BillsScreen, VoucherScreen
from ui.services.result import ResultScreen
from ui.services.slips import paid_with
from ui.services.voucher_step import VoucherStep

logger = logging.getLogger(__name__)

class PaymentFlow(VoucherStep, PatientFlow):
    key = "payment"

    def __init__(self, host: ServiceHost, patient: Patient, action: Action | None = None) -> None:
        super().__init__(host, patient, action)
        self._api = host.context.payment
        self._flow_id = new_flow_id()
        self._locations: dict = {}
        self._bills: list[Bill] = []
        self._previews = 0
        self._previewing = False
        self._preview: Preview | None = None
        self._payment_id: str | None = None
        self._visit = None  # kept for a settlement retried after the session has ended
        self._settle_unknown = False
        self._pay: PayStep | None = None
        self._credential: InsuranceCredential | None = None
        self._use_account = True
        self.bills_screen: BillsScreen | None = None
        self.voucher_screen: VoucherScreen | None = None
        self.confirm_screen: SummaryScreen | None = None
        self.result_screen: ResultScreen | None = None

    @property
    def pay_step(self) -> PayStep | None:
        return self._pay

    # --- bills -----------------------------------------------------------------------------

    def start(self) -> None:
        # The flow ends in a slip: find out first whether one can be printed.
        self._host.check_printer("slip", self._begin)

    def _begin(self) -> None:
        visit = self._host.session.visit
        self._host.run(
            lambda: (self._api.bills(visit), self._host.context.registration.locations()),
            S.BUSY_LOADING,
            self._show_bills,
        )

    def _show_bills(self, loaded: tuple[list[Bill], dict]) -> None:
        bills, self._locations = loaded
        if not bills:
            screen = ChoiceScreen(T.BILLS, [], self._host.language, steps=T.STEPS, step=0, empty=T.NO_BILLS)
            screen.back.connect(self._host.patient_home)
            self._host.push(screen)
            self._host.finish_flow()
            return
        if isinstance(self._action, PayAction):
            # The home's button named the bills (its amount): straight on to paying them.
            chosen = [b for b in bills if b.bill_id in set(self._action.bill_ids)]
            if chosen:
                self._on_bills_chosen(chosen)
                return
        screen = BillsScreen(bills, self._host.language, steps=T.STEPS, step=0)
        screen.back.connect(self._host.patient_home)
        screen.confirmed.connect(self._on_bills_chosen)
        self._host.push(screen)
        self.bills_screen = screen

    def _on_bills_chosen(self, bills: list[Bill]) -> None:
        self._bills = bills
        if self._patient.insurance.insured:
            self._show_voucher()
        else:
            self._make_preview(None)

    # --- pre-settlement and confirmation ---------------------------------------------------

    def _make_preview(self, credential: InsuranceCredential | None) -> None:
        self._credential = credential
        voucher = credential
        visit = self._host.session.visit
        bill_ids = [b.bill_id for b in self._bills]
        # Each attempt is its own intent (a voucher, then self-pay, must not share a key);
        # retries of one attempt reuse its key inside the client.
        self._previews += 1
        intent = f"{self._flow_id}:{self._previews}"
        self._previewing = True

        self._host.run(
            lambda: self._api.preview(visit, intent, bill_ids, None,
                                      insurance=credential.body() if credential else None,
                                      use_account=self._use_account),
            T.BUSY_PREVIEW,
            self._show_confirm,
            lambda exc: self._preview_failed(exc, voucher),
        )

    @staticmethod
    def _amounts(answer: Preview | Settlement) -> list[tuple[Text, Text]]:
        if answer.insurance is not None:
            # The balance after is in the check screen's note: the amounts stay in one view.
            return [(T.LBL_TOTAL, money(answer.total_fen)), *IP.split_rows(answer.insurance, balance=False)]
        return [
            (T.LBL_TOTAL, money(answer.total_fen)),
            (T.LBL_INSURANCE, money(answer.insurance_fen)),
            (T.LBL_SELF, money(answer.self_pay_fen)),
        ]

    def _show_confirm(self, preview: Preview) -> None:
        self._previewing = False
        self._preview = preview
        self._payment_id = None
        items = sum(len(b.items) for b in self._bills)
        rows = [(T.LBL_BILLS, T.BILL_COUNT.format(n=len(self._bills), items=items)), *self._amounts(preview)]
        self_pay = preview.self_pay_fen
        action = T.SETTLE_ACTION if self_pay == 0 else T.PAY_ACTION.format(amount=yuan(self_pay))
        note = T.INSURANCE_USED if preview.insurance_fen else T.NO_INSURANCE_USED
        split = preview.insurance
        if IP.has_account(split):
            note = IP.account_note(split)
        cash_row = next(i for i, (label, _v) in enumerate(rows) if label in (T.LBL_SELF, IP.LBL_CASH))
        screen = SummaryScreen(
            T.CONFIRM, rows, action, self._host.language, steps=T.STEPS, step=2, note=note, emphasis=cash_row
        )
        if IP.has_account(split):
            IP.add_account_choice(screen, split, self._choose_account)
        screen.back.connect(self._host.pop)
        screen.confirmed.connect(self._on_confirmed)
        self._host.push(screen)
        self.confirm_screen = screen

    def _split_screen(self) -> SummaryScreen | None:
        return self.confirm_screen

    def _on_confirmed(self) -> None:
        preview = self._preview
        if self._payment_id is not None or preview.self_pay_fen == 0:
            self._settle()  # already paid (a settlement to retry), or nothing to pay
            return
        self._pay = PayStep(
            self._host,
            purpose="bills",
            reference=preview.preview_id,
            amount_fen=preview.self_pay_fen,
            on_paid=self._on_paid,
            on_not_paid=self._not_paid,
            steps=T.STEPS,
            step=3,
        )
        self._pay.start()

    def _not_paid(self, reason: Text) -> None:
        # The order of this pre-settlement is spent: paying again starts from the bills, with
        # a new pre-settlement and so a new order.
        self._pay = None  # finished; its screen goes below
        if self.bills_screen is not None:
            self._host.pop_to(self.bills_screen)
        else:  # started from the home's button: paying again starts from there
            self._host.patient_home()
        self.voucher_screen = None
        self._host.notice((reason, S.PAY_AGAIN), error=reason is not S.PAY_CANCELLED)

    def _on_paid(self, payment_id: str) -> None:
        self._payment_id = payment_id
        self._pay = None  # finished; its screen goes below
        if self.confirm_screen is not None:
            self._host.pop_to(self.confirm_screen)  # the QR is spent; never show it again
        self._settle()

    # --- settlement ------------------------------------------------------------------------

    def _settle(self) -> None:
        visit = self._visit = self._host.session.visit
        preview_id = self._preview.preview_id
        payment_id = self._payment_id

        def done(settlement: Settlement) -> None:
            self._settle_unknown = False
            self._host.finish_flow()
            self._show_result(settlement)

        def refunding() -> None:
            self._settle_unknown = False

        def unknown(exc: BaseException) -> None:
            # Unknown outcome: the same key makes another try safe (Back, then confirm).
            # Going back to choose bills again could charge twice, so that way is shut.
            self._settle_unknown = True
            if self.confirm_screen is not None:
                self.confirm_screen.nav.back_button.hide()
            self._host.notice((T.SETTLE_UNKNOWN, T.SETTLE_RETRY))

        commit_after_payment(
            self._host, lambda: self._api.settle(visit, preview_id, payment_id), visit, payment_id,
            busy=T.BUSY_SETTLE, done=done, refunding=refunding, unknown=unknown,
            refunded=T.NOT_SETTLED_REFUNDED, not_refunded=T.NOT_SETTLED_NOT_REFUNDED,
        )

    # --- the result ------------------------------------------------------------------------

    def _place(self, code: str, fallback: Text) -> Text:
        place = self._locations.get(code)
        return place.words if place is not None else fallback

    def _show_result(self, settlement: Settlement) -> None:
        rows = [
            (S.LBL_RECEIPT, Text.same(settlement.receipt_no)),
            *self._amounts(settlement),
            (T.LBL_METHOD, paid_with(settlement)),
        ]
        if settlement.pharmacy_window:
            place = self._place(T.PHARMACY_LOCATION, Text("药房", "the pharmacy"))
            rows.append((T.LBL_PHARMACY, T.PHARMACY_AT.format(place=place, window=settlement.pharmacy_window)))
        if settlement.specimen_barcode:
            place = self._place(T.LAB_LOCATION, Text("检验科", "the laboratory"))
            rows.append((T.LBL_SPECIMEN, T.SPECIMEN_AT.format(place=place, code=settlement.specimen_barcode)))
        screen = ResultScreen(self._host, T.DONE, rows, steps=T.STEPS, step=4)
        self._host.push(screen)
        self.result_screen = screen
        context = self._host.context
        context.report_usage(self._patient.health_card_id, SCENE, cost_type=settlement.cost_type)
        pharmacy = self._locations.get(T.PHARMACY_LOCATION)
        receipt = context.paper.receipt(self._patient, settlement, pharmacy.name if pharmacy and pharmacy.name else "药房")
        screen.print_document(receipt, "slip")

    # --- leaving ---------------------------------------------------------------------------

    def abandon(self) -> None:
        if self._pay is not None:
            self._pay.abandon()
        if self._settle_unknown and self._payment_id is not None and self._preview is not None:
            # Paid, outcome unknown, and the patient left: try once more in the background
            # with the same key, so the bills end up settled rather than paid-for and open.
            visit = self._visit
            api, preview_id, payment_id = self._api, self._preview.preview_id, self._payment_id
            Operation(lambda: api.settle(visit, preview_id, payment_id)).failure(
                lambda exc: logger.warning("settlement left to reconcile: %s", getattr(exc, "code", type(exc).__name__))
            ).run()
