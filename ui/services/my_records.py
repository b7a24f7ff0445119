"""My records (我的记录): today's and recent transactions → one record → reprint its slip
(counted at the gateway, printed marked 补打) or cancel a booked appointment with its
refund to the channel it was paid with (confirmed first; the gateway refunds once).

Nothing is held at the gateway between steps, so leaving needs no abandon().
"""

from __future__ import annotations

from kiosk.errors import Text
from kiosk.models import Patient
from kiosk.money import method_name, yuan
from kiosk.usecases.my_records import Cancellation, Record, Reprint
from kiosk.usecases.next_actions import Action
from printing.models import Hospital, PaymentReceipt
from ui import strings as S
from ui.language import TButton
from ui.screens.generic import Choice, ChoiceScreen, SummaryScreen
from ui.services import my_records_text as T
from ui.services.flow import PatientFlow
from ui.services.host import ServiceHost
from ui.services.result import ResultScreen
from ui.services.slips import period_words

SLIP_TITLES = {"registration": "挂号凭条", "payment": "门诊缴费凭条", "deposit": "住院预交金凭条"}


class MyRecordsFlow(PatientFlow):
    key = "my_records"

    def __init__(self, host: ServiceHost, patient: Patient, action: Action | None = None) -> None:
        super().__init__(host, patient, action)
        self._api = host.context.my_records
        self.record_screen: SummaryScreen | None = None
        self.result_screen: ResultScreen | None = None

    def start(self) -> None:
        visit = self._host.session.visit
        self._host.run(lambda: self._api.records(visit), S.BUSY_LOADING, self._show_records)

    def _show_records(self, records: list[Record]) -> None:
        choices = [Choice(self._what(r), r, self._detail(r)) for r in records]
        screen = ChoiceScreen(T.CHOOSE, choices, self._host.language, steps=T.STEPS, step=0,
                              columns=1, empty=T.NONE)
        screen.back.connect(self._host.patient_home)
        screen.chosen.connect(self._show_record)
        self._host.push(screen)

    @staticmethod
    def _what(r: Record) -> Text:
        kind = T.REGISTRATION if r.kind == "registration" else T.PAYMENT
        return Text(f"{kind.zh} · {r.title} · ¥{yuan(r.total_fen)}",
                    f"{kind.en} · {r.title_en or r.title} · ¥{yuan(r.total_fen)}")

    def _when(self, r: Record) -> Text:
        made = self._host.context.clock.local(r.at).strftime("%m-%d %H:%M") if r.at else ""
        if r.date and r.period:
            period = period_words(r.period)
            return Text(f"{r.date} {period.zh}（{made} 挂号）", f"{r.date} {period.en} (booked {made})")
        return Text.same(made)

    def _detail(self, r: Record) -> Text:
        status = T.STATUS.get(r.status, Text.same(r.status))
        when = self._when(r)
        receipt = r.receipt_no or "—"
        return Text(f"{S.LBL_RECEIPT.zh} {receipt} · {when.zh} · {status.zh}",
                    f"{S.LBL_RECEIPT.en} {receipt} · {when.en} · {status.en}")

    def _show_record(self, record: Record) -> None:
        rows = [
            (T.LBL_WHAT, self._what(record)),
            (S.LBL_RECEIPT, Text.same(record.receipt_no or "—")),
            (T.LBL_WHEN, self._when(record)),
            (T.LBL_STATUS, T.STATUS.get(record.status, Text.same(record.status))),
            (T.LBL_REPRINTS, Text.same(str(record.reprints_left))),
        ]
        can_reprint = record.receipt_no is not None and record.reprints_left > 0
        screen = SummaryScreen(T.DETAIL, rows, T.REPRINT if can_reprint else None,
                               self._host.language, steps=T.STEPS, step=1,
                               note=None if can_reprint or record.receipt_no is None else T.NO_REPRINT)
        screen.back.connect(self._host.pop)
        screen.confirmed.connect(lambda: self._reprint(record))
        screen.cancel_button = None
        if record.cancellable:
            screen.cancel_button = TButton(T.CANCEL, self._host.language)
            screen.cancel_button.clicked.connect(lambda: self._confirm_cancel(record))
            screen.nav.extra.addWidget(screen.cancel_button)
        self._host.push(screen)
        self.record_screen = screen

    # --- reprint ---------------------------------------------------------------------------

    def _reprint(self, record: Record) -> None:
        self._host.check_printer("slip", lambda: self._send_reprint(record))

    def _send_reprint(self, record: Record) -> None:
        visit = self._host.session.visit
        self._host.run(lambda: self._api.reprint(visit, record), T.BUSY_REPRINT, self._reprinted)

    def _reprinted(self, reprint: Reprint) -> None:
        self._host.finish_flow()
        title = T.REPRINTED.format(n=reprint.reprint_no)
        rows = [(S.LBL_RECEIPT, Text.same(reprint.receipt_no)), (T.LBL_WHAT, self._what(reprint.record))]
        screen = ResultScreen(self._host, title, rows, steps=T.STEPS, step=2)
        self._host.push(screen)
        self.result_screen = screen
        screen.print_document(self._slip(reprint), "slip")

    def _slip(self, reprint: Reprint) -> PaymentReceipt:
        r = reprint.record
        paper = self._host.context.paper
        return PaymentReceipt(
            hospital=Hospital(paper.hospital), patient=paper.patient(self._patient),
            receipt_no=reprint.receipt_no, items=(), total_fen=r.total_fen,
            insurance_fen=r.insurance_fen, self_pay_fen=r.self_pay_fen,
            payment_method=method_name(r.method),
            paid_at=paper.clock.local(r.at) if r.at else paper.clock.now(), kiosk_id=paper.terminal_id,
            # Marked on paper as a reprint, with its number: never taken for a second payment.
            title=f"{SLIP_TITLES.get(r.kind, '凭条')}{T.REPRINT_MARK}第{reprint.reprint_no}次",
        )

    # --- cancellation ----------------------------------------------------------------------

    def _confirm_cancel(self, record: Record) -> None:
        rows = [(T.LBL_WHAT, self._what(record)), (T.LBL_WHEN, self._when(record)),
                (T.LBL_REFUND, Text.same(f"¥{yuan(record.self_pay_fen)}"))]
        screen = SummaryScreen(T.CONFIRM_CANCEL, rows, T.CONFIRM, self._host.language,
                               steps=T.STEPS, step=1, note=T.CONFIRM_NOTE, emphasis=2)
        screen.back.connect(self._host.pop)
        screen.confirmed.connect(lambda: self._cancel(record))
        self._host.push(screen)

    def _cancel(self, record: Record) -> None:
        visit = self._host.session.visit
        self._host.run(lambda: self._api.cancel(visit, record), T.BUSY_CANCEL, self._cancelled)

    def _cancelled(self, done: Cancellation) -> None:
        self._host.finish_flow()
        rows = [(S.LBL_RECEIPT, Text.same(done.receipt_no)),
                (T.LBL_REFUND, Text.same(f"¥{yuan(done.refund_fen)}"))]
        if done.insurance_revoked_fen:
            rows.append((T.LBL_INSURANCE, Text.same(f"¥{yuan(done.insurance_revoked_fen)}")))
        note = Text(done.arrives, done.arrives_en or done.arrives)
        screen = ResultScreen(self._host, T.CANCELLED, rows, steps=T.STEPS, step=2, note=note)
        self._host.push(screen)
        self.result_screen = screen
