"""Registration: department → doctor and session → time → confirm (slot locked) → (insured:
the e-voucher, the fee's split with the account choice) → pay (the cash part) → commit → slip
printed → usage reported.

The slot stays locked at the gateway only while this flow holds it: Back from the confirm
screen, Home, the idle timeout, a new card, or a failed payment all release it. A commit that
fails after the patient paid is refunded and said so.
"""

from __future__ import annotations

import logging

from kiosk.errors import Text
from kiosk.insurance_voucher import InsuranceCredential
from kiosk.models import Patient
from kiosk.money import yuan
from kiosk.usecases.registration import (
    LOCK_HELD_MIN,
    Department,
    Lock,
    LockInsurance,
    Registration,
    Schedule,
    Slot,
    bookable_first,
    nearest_slots,
    new_flow_id,
)
from ui import strings as S
from ui.background import Operation
from ui.screens.generic import Choice, ChoiceScreen, SummaryScreen
from ui.services import insured_payment as IP
from ui.services import payment_text as T
from ui.services.after_payment import commit_after_payment, money
from ui.services.flow import PatientFlow
from ui.services.host import ServiceHost
from ui.services.pay_step import PayStep
from ui.services.result import ResultScreen
from ui.services.slips import period_words
from ui.services.voucher_step import VoucherStep

logger = logging.getLogger(__name__)

_UNAVAILABLE = {"stopped": S.REG_STOPPED, "closed": S.REG_CLOSED}
_ALL_TIMES = object()  # the "other times" choice of elder-care mode's short list
INSURED_NEXT = Text(zh="下一步：医保结算", en="Next: medical insurance")
INSURED_CHECK = Text(zh="核对挂号费用", en="Check the fee")


class RegistrationFlow(VoucherStep, PatientFlow):
    key = "registration"
    _voucher_steps = S.REG_STEPS
    _voucher_step = 4

    def __init__(self, host: ServiceHost, patient: Patient, department_code: str | None = None) -> None:
        super().__init__(host, patient)
        self._preselected = department_code  # from a guidance recommendation
        self._api = host.context.registration
        self._flow_id = new_flow_id()
        self._department: Department | None = None
        self._schedule: Schedule | None = None
        self._slot: Slot | None = None
        self._lock: Lock | None = None
        self._locations: dict = {}
        self._pay: PayStep | None = None
        self._committed = False
        self._lock_attempts = 0
        self._lock_visit = None
        self._slots_screen = None
        self.result_screen: ResultScreen | None = None
        # The insurance step (insured patients): see VoucherStep.
        self.voucher_screen = None
        self._previewing = False
        self._previews = 0
        self._credential: InsuranceCredential | None = None
        self._use_account = True
        self._insured: LockInsurance | None = None
        self.split_screen: SummaryScreen | None = None

    # --- steps -----------------------------------------------------------------------------

    def start(self) -> None:
        # The flow ends in a slip: find out first whether one can be printed.
        self._host.check_printer("slip", self._begin)

    def _begin(self) -> None:
        self._host.run(
            lambda: (self._api.departments(), self._api.locations()),
            S.BUSY_LOADING,
            self._show_departments,
        )

    def _show_departments(self, loaded: tuple[list[Department], dict]) -> None:
        departments, self._locations = loaded
        choices = [Choice(d.words, d) for d in departments]
        screen = ChoiceScreen(
            S.REG_DEPARTMENT, choices, self._host.language, steps=S.REG_STEPS, step=0, columns=3, empty=S.REG_NONE
        )
        screen.back.connect(self._host.patient_home)
        screen.chosen.connect(self._on_department)
        self._host.push(screen)
        # Straight on to the recommended department's doctors; Back still offers them all.
        chosen = next((d for d in departments if d.code == self._preselected), None)
        if chosen is not None:
            self._on_department(chosen)

    def _on_department(self, department: Department) -> None:
        self._department = department
        self._host.run(lambda: self._api.schedules(department.code), S.BUSY_LOADING, self._show_schedules)

    def _show_schedules(self, schedules: list[Schedule]) -> None:
        choices = []
        for s in bookable_first(schedules):
            left = S.REG_LEFT if s.bookable else _UNAVAILABLE.get(s.status, S.REG_FULL)
            detail = Text.same("{date} {period} · ¥{fee} · {left}").format(
                date=str(s.date), period=period_words(s.period), fee=yuan(s.total_fen),
                left=left.format(n=s.remaining),
            )
            choices.append(Choice(s.doctor.words, s, detail, enabled=s.bookable))
        screen = ChoiceScreen(S.REG_SCHEDULE, choices, self._host.language, steps=S.REG_STEPS, step=1, empty=S.REG_NONE)
        screen.back.connect(self._host.pop)
        screen.chosen.connect(self._on_schedule)
        self._host.push(screen)

    def _on_schedule(self, schedule: Schedule) -> None:
        self._schedule = schedule
        self._host.run(lambda: self._api.slots(schedule.schedule_id), S.BUSY_LOADING, self._show_slots)

    def _show_slots(self, slots: list[Slot]) -> None:
        nearest = nearest_slots(slots)
        if self._host.elder_on and nearest and len(nearest) < len(slots):
            # One short decision first (taken times left out); every other free time is one
            # touch further for who wants it.
            choices = [Choice(Text.same(s.time), s, Text(f"{s.seq}号", f"No. {s.seq}")) for s in nearest]
            if sum(s.available for s in slots) > len(nearest):
                choices.append(Choice(S.REG_OTHER_TIMES, _ALL_TIMES))
            # Two columns: four large buttons fit one page on a landscape panel too.
            screen = ChoiceScreen(S.REG_SLOT_NEAREST, choices, self._host.language, steps=S.REG_STEPS, step=2,
                                  columns=2)
            screen.back.connect(self._host.pop)
            screen.chosen.connect(lambda v: self._all_slots(slots) if v is _ALL_TIMES else self._on_slot(v))
            self._host.push(screen)
            self._slots_screen = screen
            return
        self._slots_screen = self._all_slots(slots)

    def _all_slots(self, slots: list[Slot]) -> ChoiceScreen:
        choices = [
            Choice(Text.same(s.time), s,
                   # A taken time says so in words, not only by a paler button.
                   Text(f"{s.seq}号", f"No. {s.seq}") if s.available
                   else Text(f"{s.seq}号 · {S.REG_TAKEN.zh}", f"No. {s.seq} · {S.REG_TAKEN.en}"),
                   enabled=s.available)
            for s in slots
        ]
        screen = ChoiceScreen(S.REG_SLOT, choices, self._host.language, steps=S.REG_STEPS, step=2, columns=3, empty=S.REG_NONE)
        screen.back.connect(self._host.pop)
        screen.chosen.connect(self._on_slot)
        self._host.push(screen)
        return screen

    def _on_slot(self, slot: Slot) -> None:
        self._slot = slot
        visit = self._host.session.visit
        schedule_id = self._schedule.schedule_id
        # Each choice is a new intent (Back then the same slot again must lock anew);
        # retries of this one request reuse its key inside the client.
        self._lock_attempts += 1
        intent = f"{self._flow_id}:{self._lock_attempts}"
        self._host.run(
            lambda: self._api.lock(visit, intent, schedule_id, slot.slot_id),
            S.BUSY_LOCKING,
            self._show_confirm,
        )

    def _location_text(self) -> Text:
        code = self._schedule.location_code or self._department.location_code
        place = self._locations.get(code or "")
        return place.words if place is not None else Text.same("")

    def _summary_rows(self) -> list[tuple[Text, Text]]:
        s = self._schedule
        when = Text.same("{date} {period} {time}").format(date=str(s.date), period=period_words(s.period), time=self._slot.time)
        return [
            (S.LBL_DEPARTMENT, self._department.words),
            (S.LBL_DOCTOR, s.doctor.words),
            (S.LBL_TIME, when),
            (S.LBL_LOCATION, self._location_text()),
            (S.LBL_FEE, money(self._lock.total_fen)),
        ]

    def _show_confirm(self, lock: Lock) -> None:
        self._lock = lock
        self._lock_visit = self._host.session.visit
        action = S.REG_FREE if lock.total_fen == 0 else S.REG_PAY.format(amount=yuan(lock.total_fen))
        if self._insurable():
            action = INSURED_NEXT
        screen = SummaryScreen(
            S.REG_CONFIRM, self._summary_rows(), action, self._host.language, steps=S.REG_STEPS, step=3,
            note=S.REG_HELD.format(m=LOCK_HELD_MIN),
        )
        screen.back.connect(self._back_from_confirm)
        screen.confirmed.connect(self._on_confirmed)
        self._host.push(screen)
        self.confirm_screen = screen

    def _back_from_confirm(self) -> None:
        self._release_lock()
        self._host.pop()

    def _insurable(self) -> bool:
        lock = self._lock
        return lock.total_fen > 0 and lock.insurance_applicable and self._patient.insurance.insured

    def _on_confirmed(self) -> None:
        self._insured = None
        if self._insurable():
            self._show_voucher()
            return
        self._pay_cash(self._lock.total_fen)

    # --- the insured fee: the e-voucher, the split, the account choice ---------------------

    def _make_preview(self, credential: InsuranceCredential | None) -> None:
        self._credential = credential
        if credential is None:  # 自费 at the voucher step: the whole fee by scan
            self._insured = None
            self._pay_cash(self._lock.total_fen)
            return
        visit = self._host.session.visit
        lock_id = self._lock.lock_id
        use_account = self._use_account
        # Each attempt is its own intent (the other account choice is a new one).
        self._previews += 1
        intent = f"{self._flow_id}:{self._previews}"
        self._previewing = True
        self._host.run(
            lambda: self._api.insure(visit, intent, lock_id, credential.body(), use_account),
            T.BUSY_PREVIEW,
            self._show_split,
            lambda exc: self._preview_failed(exc, credential),
        )

    def _split_screen(self) -> SummaryScreen | None:
        return self.split_screen

    def _show_split(self, insured: LockInsurance) -> None:
        self._previewing = False
        self._insured = insured
        split = insured.insurance
        # What the slot is was on the confirm screen: here the money alone, so the cash line
        # and the balance note stay in view on a landscape panel.
        rows = [(S.LBL_FEE, money(self._lock.total_fen)),
                *IP.split_rows(split, balance=False)]
        cash = insured.self_pay_fen
        action = T.SETTLE_ACTION if cash == 0 else S.REG_PAY.format(amount=yuan(cash))
        note = IP.account_note(split) if IP.has_account(split) else T.INSURANCE_USED
        screen = SummaryScreen(
            INSURED_CHECK, rows, action, self._host.language, steps=S.REG_STEPS, step=4, note=note,
            emphasis=len(rows) - 1,
        )
        if IP.has_account(split):
            IP.add_account_choice(screen, split, self._choose_account)
        screen.back.connect(self._host.pop)
        screen.confirmed.connect(lambda: self._pay_cash(insured.self_pay_fen))
        self._host.push(screen)
        self.split_screen = screen

    def _pay_cash(self, amount_fen: int) -> None:
        """The payment step for what the patient pays now (none: straight to the commit)."""
        if amount_fen == 0:
            self._commit(None)
            return
        self._pay = PayStep(
            self._host,
            purpose="registration",
            reference=self._lock.lock_id,
            amount_fen=amount_fen,
            on_paid=self._commit,
            on_not_paid=self._not_paid,
            steps=S.REG_STEPS,
            step=4,
        )
        self._pay.start()

    @property
    def pay_step(self) -> PayStep | None:
        return self._pay

    def _not_paid(self, reason: Text) -> None:
        # The hold is gone: leave the pay and confirm screens so Back on the notice lands on
        # the list of times, where the patient can choose again.
        self._release_lock()
        self._pay = None
        if self._slots_screen is not None:
            self._host.pop_to(self._slots_screen)
        self._host.notice((reason, S.PAY_AGAIN), error=reason is not S.PAY_CANCELLED)

    def _commit(self, payment_id: str | None) -> None:
        visit = self._host.session.visit
        lock_id = self._lock.lock_id

        def done(registration: Registration) -> None:
            self._committed = True
            self._host.finish_flow()
            self._show_result(registration)

        def refunding() -> None:
            self._committed = False
            self._release_lock()

        commit_after_payment(
            self._host, lambda: self._api.commit(visit, lock_id, payment_id), visit, payment_id,
            busy=S.BUSY_CONFIRMING, done=done, refunding=refunding,
            refunded=S.REG_NOT_CONFIRMED, not_refunded=S.REG_NOT_REFUNDED,
        )

    def _show_result(self, registration: Registration) -> None:
        rows = [*self._summary_rows(), (S.LBL_RECEIPT, Text.same(registration.receipt_no))]
        if registration.insurance is not None:
            rows += IP.split_rows(registration.insurance)
        screen = ResultScreen(self._host, S.REG_DONE, rows, headline=(S.LBL_QUEUE, str(registration.queue_no)))
        self._host.push(screen)
        self.result_screen = screen
        context = self._host.context
        scene = self._schedule.scene(context.clock.today())
        context.report_usage(self._patient.health_card_id, scene, cost_type=registration.cost_type)
        slip = context.paper.registration(
            self._patient, self._department, self._schedule, self._slot, self._location_text(), self._lock,
            registration,
        )
        screen.print_document(slip, "slip")

    # --- leaving ---------------------------------------------------------------------------

    def abandon(self) -> None:
        if self._pay is not None:
            self._pay.abandon()
        if not self._committed:
            self._release_lock()

    def _release_lock(self) -> None:
        lock, self._lock = self._lock, None
        if lock is None:
            return
        # The visit of the lock, not the session's: after an idle timeout the session has
        # already forgotten it, and the release must still be authorised.
        visit = self._lock_visit
        api = self._api
        # Fire and forget: if the gateway is away the lock stays recorded as open and is
        # released at the next start; it also expires by itself at the gateway.
        Operation(lambda: api.unlock(lock.lock_id, visit)).failure(
            lambda exc: logger.warning("lock not released now: %s", getattr(exc, "code", type(exc).__name__))
        ).run()
