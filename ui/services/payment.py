"""Outpatient payment (门诊缴费): unpaid bills → choose (all by default) → insurance e-voucher
(insured patients) → pre-settle → scan to pay → settle → receipt printed → usage reported.

Nothing is held at the gateway until the patient pays: a pre-settlement simply expires. Once
paid, the settlement is retried with the same idempotency key until its outcome is known; a
settlement the gateway definitely refuses is refunded at once, and the patient is told.
"""

from __future__ import annotations

import logging
from typing import Any

from kiosk.codes import CodeKind, ScanCode
from kiosk.errors import Text
from kiosk.models import Patient
from kiosk.money import yuan
from kiosk.usecases.after_payment import AfterFailure, after_commit_failed
from kiosk.usecases.registration import new_flow_id
from kiosk.usecases.usage import CostType, Scene
from printing.models import Hospital, PaymentReceipt, ReceiptItem
from ui import strings as S
from ui.background import Operation
from ui.screens.generic import ChoiceScreen, SummaryScreen
from ui.services import payment_text as T
from ui.services.host import ServiceHost
from ui.services.pay_step import PayStep
from ui.services.payment_screens import BillsScreen, VoucherScreen
from ui.services.refund_step import refund_then_tell
from ui.services.report_view import printed_patient
from ui.services.result import ResultScreen

logger = logging.getLogger(__name__)

# Refusals of the voucher itself: the patient can fix them at the voucher step.
_VOUCHER_ERRORS = {
    "expired_code": T.VOUCHER_EXPIRED,
    "unknown_code": T.VOUCHER_UNKNOWN,
    "malformed_code": T.VOUCHER_UNKNOWN,
    "voucher_mismatch": T.VOUCHER_MISMATCH,
}
_METHODS = {"wechat": T.WECHAT, "alipay": T.ALIPAY}



def _money(fen: int) -> Text:
    return Text(f"¥{yuan(fen)}", f"¥{yuan(fen)}")


class PaymentFlow:
    key = "payment"

    def __init__(self, host: ServiceHost, patient: Patient) -> None:
        self._host = host
        self._patient = patient
        self._api = host.context.payment
        self._flow_id = new_flow_id()
        self._locations: dict[str, dict] = {}
        self._bills: list[dict[str, Any]] = []
        self._previews = 0
        self._previewing = False
        self._preview: dict[str, Any] | None = None
        self._payment_id: str | None = None
        self._visit = None  # kept for a settlement retried after the session has ended
        self._settle_unknown = False
        self._pay: PayStep | None = None
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

    def _show_bills(self, loaded: tuple[list[dict], dict]) -> None:
        bills, self._locations = loaded
        if not bills:
            screen = ChoiceScreen(T.BILLS, [], self._host.language, steps=T.STEPS, step=0, empty=T.NO_BILLS)
            screen.back.connect(self._host.patient_home)
            self._host.push(screen)
            self._host.finish_flow()
            return
        screen = BillsScreen(bills, self._host.language, steps=T.STEPS, step=0)
        screen.back.connect(self._host.patient_home)
        screen.confirmed.connect(self._on_bills_chosen)
        self._host.push(screen)
        self.bills_screen = screen

    def _on_bills_chosen(self, bills: list[dict[str, Any]]) -> None:
        self._bills = bills
        if self._patient.insurance.insured:
            self._show_voucher()
        else:
            self._make_preview(None)

    # --- the insurance e-voucher -----------------------------------------------------------

    def _show_voucher(self) -> None:
        screen = VoucherScreen(self._host.language, steps=T.STEPS, step=1)
        screen.back.connect(self._back_from_voucher)
        screen.self_pay.connect(lambda: self._make_preview(None))
        self._host.push(screen)
        self.voucher_screen = screen  # while it is on top, take_scan takes the voucher

    def _back_from_voucher(self) -> None:
        self.voucher_screen = None
        self._host.pop()

    def take_scan(self, code: ScanCode | None) -> bool:
        """The voucher arrives as a scan: the window offers every scan to this flow first."""
        screen = self.voucher_screen
        if screen is None or self._host.top is not screen:
            return False  # not at the voucher step: the scan is the window's as usual
        if self._previewing:
            return True  # a second read of the same voucher while the first is checked
        if code is None or code.kind is not CodeKind.INSURANCE_VOUCHER:
            # Taken all the same: the patient is mid-payment, and a health code shown by
            # mistake must not end their visit.
            screen.show_hint(T.NOT_A_VOUCHER)
            return True
        self._make_preview(code.text)
        return True

    # --- pre-settlement and confirmation ---------------------------------------------------

    def _make_preview(self, voucher: str | None) -> None:
        visit = self._host.session.visit
        bill_ids = [b["bill_id"] for b in self._bills]
        # Each attempt is its own intent (a voucher, then self-pay, must not share a key);
        # retries of one attempt reuse its key inside the client.
        self._previews += 1
        intent = f"{self._flow_id}:{self._previews}"
        self._previewing = True

        def failed(exc: BaseException) -> None:
            self._previewing = False
            hint = _VOUCHER_ERRORS.get(getattr(exc, "code", "")) if voucher else None
            if hint is not None and self.voucher_screen is not None and self._host.top is self.voucher_screen:
                self.voucher_screen.show_hint(hint)
            else:
                self._host.notice(exc)

        self._host.run(
            lambda: self._api.preview(visit, intent, bill_ids, voucher),
            T.BUSY_PREVIEW,
            self._show_confirm,
            failed,
        )

    def _show_confirm(self, preview: dict[str, Any]) -> None:
        self._previewing = False
        self._preview = preview
        self._payment_id = None
        items = sum(len(b.get("items", [])) for b in self._bills)
        rows = [
            (T.LBL_BILLS, T.BILL_COUNT.format(n=len(self._bills), items=items)),
            (T.LBL_TOTAL, _money(preview["total_fen"])),
            (T.LBL_INSURANCE, _money(preview["insurance_fen"])),
            (T.LBL_SELF, _money(preview["self_pay_fen"])),
        ]
        self_pay = preview["self_pay_fen"]
        action = T.SETTLE_ACTION if self_pay == 0 else T.PAY_ACTION.format(amount=yuan(self_pay))
        note = T.INSURANCE_USED if preview["insurance_fen"] else T.NO_INSURANCE_USED
        screen = SummaryScreen(
            T.CONFIRM, rows, action, self._host.language, steps=T.STEPS, step=2, note=note, emphasis=3
        )
        screen.back.connect(self._host.pop)
        screen.confirmed.connect(self._on_confirmed)
        self._host.push(screen)
        self.confirm_screen = screen

    def _on_confirmed(self) -> None:
        preview = self._preview
        if self._payment_id is not None or preview["self_pay_fen"] == 0:
            self._settle()  # already paid (a settlement to retry), or nothing to pay
            return
        self._pay = PayStep(
            self._host,
            purpose="bills",
            reference=preview["preview_id"],
            amount_fen=preview["self_pay_fen"],
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
        preview_id = self._preview["preview_id"]
        payment_id = self._payment_id
        hold = self._host.hold()

        def done(settlement: dict[str, Any]) -> None:
            hold.release()
            self._settle_unknown = False
            self._host.finish_flow()
            self._show_result(settlement)

        def failed(exc: BaseException) -> None:
            hold.release()
            then = after_commit_failed(exc, paid=payment_id is not None)
            if then is AfterFailure.REFUND:
                self._settle_unknown = False
                refund_then_tell(self._host, self._api, visit, payment_id,
                                 refunded=T.NOT_SETTLED_REFUNDED, not_refunded=T.NOT_SETTLED_NOT_REFUNDED)
            elif then is AfterFailure.RETRY:
                # Unknown outcome: the same key makes another try safe (Back, then confirm).
                # Going back to choose bills again could charge twice, so that way is shut.
                self._settle_unknown = True
                if self.confirm_screen is not None:
                    self.confirm_screen.nav.back_button.hide()
                self._host.notice((T.SETTLE_UNKNOWN, T.SETTLE_RETRY))
            else:
                self._host.notice(exc)

        self._host.run(lambda: self._api.settle(visit, preview_id, payment_id), T.BUSY_SETTLE, done, failed)

    # --- the result ------------------------------------------------------------------------

    def _place(self, code: str, fallback: Text) -> Text:
        loc = self._locations.get(code)
        return Text(loc["text"], loc.get("text_en") or loc["text"]) if loc else fallback

    def _method(self, settlement: dict[str, Any]) -> Text:
        parts = []
        if settlement.get("insurance_fen"):
            parts.append(T.INSURANCE_FUND)
        if settlement.get("self_pay_fen") and settlement.get("method") in _METHODS:
            parts.append(_METHODS[settlement["method"]])
        return Text("+".join(p.zh for p in parts), " + ".join(p.en for p in parts))

    def _show_result(self, settlement: dict[str, Any]) -> None:
        rows = [
            (S.LBL_RECEIPT, Text(settlement["receipt_no"], settlement["receipt_no"])),
            (T.LBL_TOTAL, _money(settlement["total_fen"])),
            (T.LBL_INSURANCE, _money(settlement["insurance_fen"])),
            (T.LBL_SELF, _money(settlement["self_pay_fen"])),
            (T.LBL_METHOD, self._method(settlement)),
        ]
        window = settlement.get("pharmacy_window")
        if window:
            place = self._place(T.PHARMACY_LOCATION, Text("药房", "the pharmacy"))
            rows.append((T.LBL_PHARMACY, Text(
                T.PHARMACY_AT.zh.format(place=place.zh, window=window),
                T.PHARMACY_AT.en.format(place=place.en, window=window),
            )))
        barcode = settlement.get("specimen_barcode")
        if barcode:
            place = self._place(T.LAB_LOCATION, Text("检验科", "the laboratory"))
            rows.append((T.LBL_SPECIMEN, Text(
                T.SPECIMEN_AT.zh.format(place=place.zh, code=barcode),
                T.SPECIMEN_AT.en.format(place=place.en, code=barcode),
            )))
        screen = ResultScreen(self._host, T.DONE, rows, steps=T.STEPS, step=4)
        self._host.push(screen)
        self.result_screen = screen
        cost = CostType.INSURANCE if settlement.get("insurance_fen") else CostType.SELF_PAY
        self._host.context.report_usage(self._patient.health_card_id, Scene.PAYMENT_UNPAID, cost_type=cost)
        screen.print_document(self._receipt(settlement), "slip")

    def _receipt(self, settlement: dict[str, Any]) -> PaymentReceipt:
        p = self._patient
        clock = self._host.context.clock
        paid_at = clock.parse(settlement.get("settled_at")) or clock.now()
        window = settlement.get("pharmacy_window")
        pharmacy = self._locations.get(T.PHARMACY_LOCATION, {}).get("name", "药房")
        items = tuple(
            ReceiptItem(
                name=f"{i['name']} {i.get('spec', '')}".strip(),
                quantity=f"{i['qty']}{i.get('unit', '')}",
                amount_fen=int(i["amount_fen"]),
                category=T.CATEGORY.get(i.get("category", ""), ""),
            )
            for i in settlement.get("items", [])
        )
        return PaymentReceipt(
            hospital=Hospital(self._host.context.hospital.zh),
            patient=printed_patient(p, clock),
            receipt_no=settlement["receipt_no"],
            items=items,
            total_fen=int(settlement["total_fen"]),
            insurance_fen=int(settlement["insurance_fen"]),
            self_pay_fen=int(settlement["self_pay_fen"]),
            payment_method=self._method(settlement).zh,
            paid_at=paid_at,
            kiosk_id=self._host.context.terminal_id,
            pharmacy_window=f"{pharmacy} {window}号窗口" if window else "",
            specimen_barcode=settlement.get("specimen_barcode") or "",
        )

    # --- leaving ---------------------------------------------------------------------------

    def abandon(self) -> None:
        if self._pay is not None:
            self._pay.abandon()
        if self._settle_unknown and self._payment_id is not None and self._preview is not None:
            # Paid, outcome unknown, and the patient left: try once more in the background
            # with the same key, so the bills end up settled rather than paid-for and open.
            visit = self._visit
            api, preview_id, payment_id = self._api, self._preview["preview_id"], self._payment_id
            Operation(lambda: api.settle(visit, preview_id, payment_id)).failure(
                lambda exc: logger.warning("settlement left to reconcile: %s", getattr(exc, "code", type(exc).__name__))
            ).run()
