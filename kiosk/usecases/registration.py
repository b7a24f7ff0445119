"""Registration at the kiosk: department → schedule → slot → lock → pay → commit.

The slot is locked at the gateway while the patient pays; every lock the kiosk holds is
recorded in the intent store so that a flow abandoned in any way — Back, Home, idle timeout,
an error, or a crash of the kiosk — releases it (on restart, :meth:`release_stale_locks`).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from kiosk.errors import GatewayRejected, KioskError
from kiosk.intents import IntentState
from kiosk.models import Visit
from kiosk.usecases.answers import Answer, DepartmentRef, Doctor, Instant, Named, UseCase
from kiosk.usecases.payment import EBillRef, InsuranceSplit
from kiosk.usecases.usage import CostType, Scene

logger = logging.getLogger(__name__)

OPEN_LOCK = "open_lock"
LOCK_HELD_MIN = 5  # what the confirm screen promises; the gateway's lock lasts as long


class Department(Named):
    code: str
    location_code: str | None = None


class Schedule(Answer):
    """One doctor's session on one day."""

    schedule_id: str
    date: dt.date
    period: str = "AM"  # AM 上午 / PM 下午
    status: str = "open"  # open, full, stopped (停诊), closed (over)
    doctor: Doctor
    department: DepartmentRef | None = None
    total_fen: int
    remaining: int
    location_code: str | None = None

    @property
    def bookable(self) -> bool:
        return self.status == "open" and self.remaining > 0

    def scene(self, today: dt.date) -> Scene:
        """Which use of the card a registration for this session is (用卡数据监测)."""
        return Scene.SAME_DAY_REGISTRATION if self.date == today else Scene.APPOINTMENT_REGISTRATION


def bookable_first(schedules: list[Schedule]) -> list[Schedule]:
    """Bookable sessions first, soonest first; full or stopped ones after, for information."""
    return sorted(schedules, key=lambda s: (not s.bookable, s.date, s.period))


class Slot(Answer):
    slot_id: str
    seq: int
    start: str
    end: str
    available: bool

    @property
    def time(self) -> str:
        return f"{self.start}-{self.end}"


def nearest_slots(slots: list[Slot], n: int = 3) -> list[Slot]:
    """The ``n`` soonest free slots: elder-care mode offers these first, so most patients
    take one of three large buttons instead of paging through a morning of times."""
    return sorted((s for s in slots if s.available), key=lambda s: (s.start, s.seq))[:n]


class Fee(Answer):
    reg_fee_fen: int = 0
    treat_fee_fen: int = 0
    total_fen: int


class Lock(Answer):
    lock_id: str
    expires_at: Instant
    fee: Fee
    insurance_applicable: bool = False

    @property
    def total_fen(self) -> int:
        return self.fee.total_fen


class LockInsurance(Answer):
    """The insurer's split of a held slot's fee (2206): the payment step pays ``self_pay_fen``."""

    lock_id: str
    insurance_fen: int
    self_pay_fen: int
    insurance: InsuranceSplit


class Paid(Answer):
    method: str | None = None
    self_fen: int = 0
    insurance_fen: int = 0


class Registration(Answer):
    registration_id: str = ""  # also the appointment's id
    receipt_no: str = ""
    queue_no: int
    paid: Paid = Paid()
    insurance: InsuranceSplit | None = None
    ebill: EBillRef | None = None

    @property
    def cost_type(self) -> CostType:
        return CostType.INSURANCE if self.paid.insurance_fen else CostType.SELF_PAY


class RegistrationAPI(UseCase):
    # --- queries ---------------------------------------------------------------------------

    def departments(self) -> list[Department]:
        return self._get(list[Department], "/api/v1/departments", field="departments")

    def schedules(self, department_code: str, days: int = 7) -> list[Schedule]:
        return self._get(
            list[Schedule], f"/api/v1/departments/{department_code}/schedules",
            field="schedules", params={"days": days},
        )

    def slots(self, schedule_id: str) -> list[Slot]:
        return self._get(list[Slot], f"/api/v1/schedules/{schedule_id}/slots", field="slots")

    # --- state changes (idempotent) --------------------------------------------------------

    def lock(self, visit: Visit, flow_id: str, schedule_id: str, slot_id: str) -> Lock:
        lock = self._send(
            "lock", f"{flow_id}:{schedule_id}:{slot_id}", Lock, "/api/v1/registrations/locks",
            json={"schedule_id": schedule_id, "slot_id": slot_id}, visit=visit,
        )
        # Recorded at once: if the kiosk dies from here on, the next start releases it.
        self._intents.key(OPEN_LOCK, lock.lock_id)
        return lock

    def insure(self, visit: Visit, flow_id: str, lock_id: str, insurance: dict,
               use_account: bool = True) -> LockInsurance:
        """Pre-settle the lock's fee with insurance; ``insurance`` is an
        ``InsuranceCredential.body()`` (card or voucher). Each attempt is its own intent."""
        return self._send(
            "insure", f"{flow_id}:{lock_id}", LockInsurance,
            f"/api/v1/registrations/locks/{lock_id}/insurance",
            json={**insurance, "use_personal_account": use_account}, visit=visit,
        )

    def unlock(self, lock_id: str, visit: Visit | None = None) -> None:
        key = self._intents.key("unlock", lock_id)
        path = f"/api/v1/registrations/locks/{lock_id}"
        try:
            self._client.call("DELETE", path, visit=visit, idempotency_key=key)
        except GatewayRejected as exc:
            # The patient's session ended and the kiosk ended their visit at the gateway
            # meanwhile: the device's own token still releases what this kiosk locked.
            if visit is None or exc.code != "visit_expired":
                raise
            self._client.call("DELETE", path, idempotency_key=self._intents.key("unlock-device", lock_id))
        self._intents.finish(OPEN_LOCK, lock_id, IntentState.ABANDONED)

    def commit(self, visit: Visit, lock_id: str, payment_id: str | None) -> Registration:
        registration = self._once(
            "register", lock_id, Registration, "/api/v1/registrations",
            json={"lock_id": lock_id, "payment_id": payment_id}, visit=visit,
        )
        self._intents.finish(OPEN_LOCK, lock_id)
        return registration

    def release_stale_locks(self) -> int:
        """Release locks left by a flow that never finished (crash, power cut)."""
        released = 0
        for lock_id in self._intents.open_scopes(OPEN_LOCK):
            try:
                self.unlock(lock_id)
                released += 1
            except GatewayRejected as exc:
                logger.warning("stale lock could not be released: %s", exc.code)
                self._intents.finish(OPEN_LOCK, lock_id, IntentState.ABANDONED)
            except KioskError:
                break  # gateway away; try again at the next start or tick
        return released


def new_flow_id() -> str:
    return str(uuid.uuid4())
