"""Registration: department → doctor and session → time → confirm (slot locked) → pay →
commit → slip printed → usage reported.

The slot stays locked at the gateway only while this flow holds it: Back from the confirm
screen, Home, the idle timeout, a new card, or a failed payment all release it. A commit that
fails after the patient paid is refunded and said so.
"""

from __future__ import annotations

import logging
from typing import Any

from kiosk.errors import Text
from kiosk.models import Patient
from kiosk.money import method_name, yuan
from kiosk.usecases.after_payment import AfterFailure, after_commit_failed
from kiosk.usecases.registration import Lock, new_flow_id
from kiosk.usecases.usage import CostType, Scene
from printing.models import Hospital, RegistrationSlip
from ui import strings as S
from ui.background import Operation
from ui.screens.generic import Choice, ChoiceScreen, SummaryScreen
from ui.services.host import ServiceHost
from ui.services.pay_step import PayStep
from ui.services.refund_step import refund_then_tell
from ui.services.report_view import printed_patient
from ui.services.result import ResultScreen

logger = logging.getLogger(__name__)


def _bi(zh: str, en: str | None) -> Text:
    return Text(zh, en or zh)


def _bookable(schedule: dict) -> bool:
    return schedule.get("status", "open") == "open" and schedule["remaining"] > 0


_UNAVAILABLE = {"stopped": S.REG_STOPPED, "closed": S.REG_CLOSED}


def _period(period: str) -> Text:
    return S.AM if period == "AM" else S.PM


class RegistrationFlow:
    key = "registration"

    def __init__(self, host: ServiceHost, patient: Patient, department_code: str | None = None) -> None:
        self._host = host
        self._patient = patient
        self._preselected = department_code  # from a guidance recommendation
        self._api = host.context.registration
        self._flow_id = new_flow_id()
        self._department: dict[str, Any] | None = None
        self._schedule: dict[str, Any] | None = None
        self._slot: dict[str, Any] | None = None
        self._lock: Lock | None = None
        self._locations: dict[str, dict] = {}
        self._pay: PayStep | None = None
        self._committed = False
        self._lock_attempts = 0
        self._lock_visit = None
        self._slots_screen = None
        self.result_screen: ResultScreen | None = None

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

    def _show_departments(self, loaded: tuple[list[dict], dict]) -> None:
        departments, self._locations = loaded
        choices = [Choice(_bi(d["name"], d.get("name_en")), d) for d in departments]
        screen = ChoiceScreen(
            S.REG_DEPARTMENT, choices, self._host.language, steps=S.REG_STEPS, step=0, columns=3, empty=S.REG_NONE
        )
        screen.back.connect(self._host.patient_home)
        screen.chosen.connect(self._on_department)
        self._host.push(screen)
        # Straight on to the recommended department's doctors; Back still offers them all.
        chosen = next((d for d in departments if d["code"] == self._preselected), None)
        if chosen is not None:
            self._on_department(chosen)

    def _on_department(self, department: dict) -> None:
        self._department = department
        self._host.run(lambda: self._api.schedules(department["code"]), S.BUSY_LOADING, self._show_schedules)

    def _show_schedules(self, schedules: list[dict]) -> None:
        # Bookable sessions first, soonest first; full or stopped ones after, for information.
        schedules = sorted(schedules, key=lambda s: (not _bookable(s), s["date"], s["period"]))
        choices = []
        for s in schedules:
            doctor = s["doctor"]
            period = _period(s["period"])
            left = S.REG_LEFT if _bookable(s) else _UNAVAILABLE.get(s.get("status", "full"), S.REG_FULL)
            title = Text(
                f"{doctor['name']} {doctor.get('title', '')}",
                f"{doctor['name']} {doctor.get('title_en') or doctor.get('title', '')}",
            )
            detail = Text(
                f"{s['date']} {period.zh} · ¥{yuan(s['total_fen'])} · {left.zh.format(n=s['remaining'])}",
                f"{s['date']} {period.en} · ¥{yuan(s['total_fen'])} · {left.en.format(n=s['remaining'])}",
            )
            choices.append(Choice(title, s, detail, enabled=_bookable(s)))
        screen = ChoiceScreen(S.REG_SCHEDULE, choices, self._host.language, steps=S.REG_STEPS, step=1, empty=S.REG_NONE)
        screen.back.connect(self._host.pop)
        screen.chosen.connect(self._on_schedule)
        self._host.push(screen)

    def _on_schedule(self, schedule: dict) -> None:
        self._schedule = schedule
        self._host.run(lambda: self._api.slots(schedule["schedule_id"]), S.BUSY_LOADING, self._show_slots)

    def _show_slots(self, slots: list[dict]) -> None:
        choices = [
            Choice(Text(f"{s['start']}-{s['end']}", f"{s['start']}-{s['end']}"), s,
                   # A taken time says so in words, not only by a paler button.
                   Text(f"{s['seq']}号", f"No. {s['seq']}") if s["available"]
                   else Text(f"{s['seq']}号 · {S.REG_TAKEN.zh}", f"No. {s['seq']} · {S.REG_TAKEN.en}"),
                   enabled=bool(s["available"]))
            for s in slots
        ]
        screen = ChoiceScreen(S.REG_SLOT, choices, self._host.language, steps=S.REG_STEPS, step=2, columns=3, empty=S.REG_NONE)
        screen.back.connect(self._host.pop)
        screen.chosen.connect(self._on_slot)
        self._host.push(screen)
        self._slots_screen = screen

    def _on_slot(self, slot: dict) -> None:
        self._slot = slot
        visit = self._host.session.visit
        schedule_id = self._schedule["schedule_id"]
        # Each choice is a new intent (Back then the same slot again must lock anew);
        # retries of this one request reuse its key inside the client.
        self._lock_attempts += 1
        intent = f"{self._flow_id}:{self._lock_attempts}"
        self._host.run(
            lambda: self._api.lock(visit, intent, schedule_id, slot["slot_id"]),
            S.BUSY_LOCKING,
            self._show_confirm,
        )

    def _location_text(self) -> Text:
        code = (self._schedule or {}).get("location_code") or (self._department or {}).get("location_code")
        loc = self._locations.get(code or "", {})
        return _bi(loc.get("text", ""), loc.get("text_en"))

    def _summary_rows(self) -> list[tuple[Text, Text]]:
        s, d = self._schedule, self._department
        doctor = s["doctor"]
        period = _period(s["period"])
        when = Text(
            f"{s['date']} {period.zh} {self._slot['start']}-{self._slot['end']}",
            f"{s['date']} {period.en} {self._slot['start']}-{self._slot['end']}",
        )
        return [
            (S.LBL_DEPARTMENT, _bi(d["name"], d.get("name_en"))),
            (S.LBL_DOCTOR, Text(f"{doctor['name']} {doctor.get('title', '')}", f"{doctor['name']} {doctor.get('title_en', '')}")),
            (S.LBL_TIME, when),
            (S.LBL_LOCATION, self._location_text()),
        ]

    def _show_confirm(self, lock: Lock) -> None:
        self._lock = lock
        self._lock_visit = self._host.session.visit
        rows = [*self._summary_rows(), (S.LBL_FEE, Text(f"¥{yuan(lock.total_fen)}", f"¥{yuan(lock.total_fen)}"))]
        action = S.REG_FREE if lock.total_fen == 0 else Text(
            S.REG_PAY.zh.format(amount=yuan(lock.total_fen)), S.REG_PAY.en.format(amount=yuan(lock.total_fen))
        )
        screen = SummaryScreen(
            S.REG_CONFIRM, rows, action, self._host.language, steps=S.REG_STEPS, step=3,
            note=Text(S.REG_HELD.zh.format(m=5), S.REG_HELD.en.format(m=5)),
        )
        screen.back.connect(self._back_from_confirm)
        screen.confirmed.connect(self._on_confirmed)
        self._host.push(screen)
        self.confirm_screen = screen

    def _back_from_confirm(self) -> None:
        self._release_lock()
        self._host.pop()

    def _on_confirmed(self) -> None:
        if self._lock.total_fen == 0:
            self._commit(None)
            return
        self._pay = PayStep(
            self._host,
            purpose="registration",
            reference=self._lock.lock_id,
            amount_fen=self._lock.total_fen,
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
        hold = self._host.hold()

        def done(registration: dict) -> None:
            hold.release()
            self._committed = True
            self._host.finish_flow()
            self._show_result(registration)

        def failed(exc: BaseException) -> None:
            hold.release()
            self._committed = False
            then = after_commit_failed(exc, paid=payment_id is not None)
            if then is AfterFailure.REFUND:
                self._release_lock()
                refund_then_tell(self._host, self._host.context.payment, visit, payment_id,
                                 refunded=S.REG_NOT_CONFIRMED, not_refunded=S.REG_NOT_REFUNDED)
            else:
                # Nothing paid, or the outcome is unknown (gateway away): the intent key makes
                # a later retry safe, and a refund now could undo a registration that happened.
                self._host.notice(exc)

        self._host.run(lambda: self._api.commit(visit, lock_id, payment_id), S.BUSY_CONFIRMING, done, failed)

    def _show_result(self, registration: dict) -> None:
        rows = [
            *self._summary_rows(),
            (S.LBL_FEE, Text(f"¥{yuan(self._lock.total_fen)}", f"¥{yuan(self._lock.total_fen)}")),
            (S.LBL_RECEIPT, Text(registration.get("receipt_no", ""), registration.get("receipt_no", ""))),
        ]
        screen = ResultScreen(
            self._host, S.REG_DONE, rows, headline=(S.LBL_QUEUE, str(registration.get("queue_no", "")))
        )
        self._host.push(screen)
        self.result_screen = screen
        today = self._host.context.clock.today().isoformat()
        scene = Scene.SAME_DAY_REGISTRATION if self._schedule["date"] == today else Scene.APPOINTMENT_REGISTRATION
        cost = CostType.INSURANCE if registration.get("paid", {}).get("insurance_fen") else CostType.SELF_PAY
        self._host.context.report_usage(self._patient.health_card_id, scene, cost_type=cost)
        screen.print_document(self._slip(registration), "slip")

    def _slip(self, registration: dict) -> RegistrationSlip:
        p = self._patient
        s = self._schedule
        doctor = s["doctor"]
        return RegistrationSlip(
            hospital=Hospital(self._host.context.hospital.zh),
            patient=printed_patient(p, self._host.context.clock),
            department=self._department["name"],
            doctor=doctor["name"],
            doctor_title=doctor.get("title", ""),
            visit_date=s["date"],
            session=_period(s["period"]).zh,
            time_slot=f"{self._slot['start']}-{self._slot['end']}",
            location=self._location_text().zh,
            queue_number=str(registration.get("queue_no", "")),
            fee_fen=self._lock.total_fen,
            payment_method=method_name((registration.get("paid") or {}).get("method")),
            receipt_no=registration.get("receipt_no", ""),
            transaction_at=self._host.context.clock.now(),
            kiosk_id=self._host.context.terminal_id,
        )

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
