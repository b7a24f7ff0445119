"""E-bills (电子票据): the patient's bills → one bill → print it on A4, or show its QR to
save it on the phone.

A print is counted at the gateway before the paper is made (refused for a reversed bill or
one at its limit), then the gateway's PDF goes through the print queue like a report. A
reversed (已红冲) bill is shown as such and offers no print.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kiosk.errors import Text
from kiosk.models import Patient
from kiosk.money import yuan
from kiosk.usecases.ebills import EBill
from kiosk.usecases.next_actions import Action
from printing.models import ElectronicBillPaper
from ui.screens.generic import Choice, ChoiceScreen, ServiceScreen, SummaryScreen
from ui.screens.pay import qr_pixmap
from ui.services import ebills_text as T
from ui.services import insured_payment as IP
from ui.services.flow import PatientFlow
from ui.services.host import ServiceHost
from ui.services.result import ResultScreen

A4 = "a4"


class EBillsFlow(PatientFlow):
    key = "ebills"

    def __init__(self, host: ServiceHost, patient: Patient, action: Action | None = None) -> None:
        super().__init__(host, patient, action)
        self._api = host.context.ebills
        self._flow_id = str(uuid.uuid4())
        self._presses = 0
        self.list_screen: ChoiceScreen | None = None
        self.detail_screen: SummaryScreen | None = None
        self.qr_screen: ServiceScreen | None = None
        self.result_screen: ResultScreen | None = None

    def start(self) -> None:
        visit = self._host.session.visit
        self._host.run(lambda: self._api.ebills(visit), T.BUSY, self._show_list)

    def _show_list(self, bills: list[EBill]) -> None:
        choices = [Choice(self._heading(b), b, self._status(b)) for b in bills]
        screen = ChoiceScreen(T.TITLE, choices, self._host.language, empty=T.NONE, columns=1,
                              steps=T.STEPS, step=0)
        screen.back.connect(self._host.patient_home)
        screen.chosen.connect(self._show_detail)
        self._host.push(screen)
        self.list_screen = screen

    def _heading(self, bill: EBill) -> Text:
        date = self._host.context.clock.local(bill.issued_at).strftime("%Y-%m-%d")
        return T.HEADING.format(date=date, number=bill.bill_number, amount=yuan(bill.total_fen))

    @staticmethod
    def _status(bill: EBill) -> Text:
        if bill.reversed:
            return T.REVERSED
        return T.ISSUED.format(n=bill.prints_left) if bill.prints_left else T.PRINTED_ALL

    def _show_detail(self, bill: EBill) -> None:
        rows = [
            (T.LBL_CODE, Text.same(bill.bill_code)),
            (T.LBL_NUMBER, Text.same(bill.bill_number)),
            (T.LBL_CHECK, Text.same(bill.check_code)),
            (T.LBL_PAYER, Text.same(bill.payer_masked)),
            (T.LBL_TOTAL, IP.money(bill.total_fen)),
            (IP.LBL_FUND, IP.money(bill.fund_fen)),
            (IP.LBL_ACCOUNT, IP.money(bill.account_fen + bill.mutual_aid_fen)),
            (IP.LBL_CASH, IP.money(bill.cash_fen)),
            (T.LBL_STATUS, T.STATUS[bill.status]),
            (T.LBL_PRINTS, Text.same(f"{bill.print_count}/{bill.print_limit}")),
        ]
        printable = bill.prints_left > 0
        note = T.REVERSED_NOTE if bill.reversed else (T.PRINT_NOTE if printable else T.LIMIT_NOTE)
        screen = SummaryScreen(T.DETAIL, rows, T.PRINT if printable else None, self._host.language,
                               note=note, steps=T.STEPS, step=1)
        screen.back.connect(self._host.pop)
        screen.confirmed.connect(lambda: self._print(bill))
        if not bill.reversed:
            save = screen.add_choice(T.SAVE)
            save.clicked.connect(lambda: self._show_qr(bill))
        self._host.push(screen)
        self.detail_screen = screen

    def _show_qr(self, bill: EBill) -> None:
        screen = ServiceScreen(T.QR_TITLE, self._host.language, steps=T.STEPS, step=2)
        qr = QLabel()
        qr.setPixmap(qr_pixmap(bill.verify_url, 360))
        qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        qr.setAccessibleName("e-bill QR")
        screen.body.addWidget(qr)
        screen.qr = qr
        screen.add_text(T.QR_HOW, "nextStep")
        screen.body.addStretch(1)
        screen.back.connect(self._host.pop)
        self._host.push(screen)
        self.qr_screen = screen

    def _print(self, bill: EBill) -> None:
        visit = self._host.session.visit
        self._presses += 1
        press = f"{self._flow_id}:{self._presses}"

        def work() -> tuple[EBill, bytes]:
            counted = self._api.count_print(visit, press, bill.ebill_id)
            return counted, self._api.document(visit, bill.ebill_id, counted.print_count)

        self._host.check_printer(A4, lambda: self._host.run(work, T.BUSY_PRINT, self._printed))

    def _printed(self, done: tuple[EBill, bytes]) -> None:
        bill, pdf = done
        rows = [(T.LBL_NUMBER, Text.same(f"{bill.bill_code}-{bill.bill_number}")),
                (T.LBL_TOTAL, IP.money(bill.total_fen)),
                (T.LBL_PRINTS, Text.same(f"{bill.print_count}/{bill.print_limit}"))]
        screen = ResultScreen(self._host, T.PRINTED, rows, steps=T.STEPS, step=2)
        self._host.push(screen)
        self.result_screen = screen
        self._host.finish_flow()
        screen.print_document(ElectronicBillPaper(pdf), A4)
