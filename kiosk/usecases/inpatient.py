"""Inpatient services (住院服务): the patient's stay, the daily cost list (一日清单), deposit
top-up (住院预交金) and discharge settlement (出院结算).

A top-up is a deposit order, paid by the shared payment step (purpose ``deposit``) and then
committed once; a discharge is pre-settled, the amount due (if any) paid the same way
(purpose ``discharge``), then settled once, surplus deposit going back where it came from.
Every change carries an intent key, so a retry after a lost reply is the same request.
"""

from __future__ import annotations

import datetime as dt

from kiosk.errors import Text
from kiosk.models import Visit
from kiosk.usecases.answers import Answer, Instant, UseCase, When, words
from kiosk.usecases.usage import Scene

SCENE = Scene.INPATIENT_PAYMENT  # 用卡: 住院缴费
CAPABILITY = "inpatient"
# The large buttons of a top-up, in yuan: what families usually pay in at the office.
PRESETS_YUAN = (500, 1000, 2000, 5000)
MIN_YUAN, MAX_YUAN = 100, 50_000


class Admission(Answer):
    admission_id: str
    inpatient_no: str = ""
    status: str
    department: str = ""
    department_en: str | None = None
    ward: str = ""
    ward_en: str | None = None
    bed: str = ""
    admitted_at: When = None
    days: int = 0
    deposit_fen: int
    charges_fen: int
    balance_fen: int
    low_balance: bool = False
    top_up_allowed: bool = False
    top_up_refusal: str | None = None
    top_up_refusal_en: str | None = None
    discharge_allowed: bool = False
    discharge_refusal: str | None = None
    discharge_refusal_en: str | None = None

    @property
    def open(self) -> bool:
        return self.status != "settled"

    @property
    def ward_words(self) -> Text:
        return words(self.ward, self.ward_en)

    @property
    def department_words(self) -> Text:
        return words(self.department, self.department_en)

    @property
    def top_up_refusal_words(self) -> Text:
        return words(self.top_up_refusal, self.top_up_refusal_en)

    @property
    def discharge_refusal_words(self) -> Text:
        return words(self.discharge_refusal, self.discharge_refusal_en)


class Charge(Answer):
    name: str
    name_en: str | None = None
    spec: str = ""
    unit: str = ""
    unit_en: str | None = None
    qty: int
    price_fen: int
    amount_fen: int
    department: str = ""
    charged_at: When = None

    @property
    def words(self) -> Text:
        return words(self.name, self.name_en)

    @property
    def unit_words(self) -> Text:
        return words(self.unit, self.unit_en)


class ChargeGroup(Answer):
    category: str
    name: str
    name_en: str | None = None
    total_fen: int
    items: list[Charge] = []

    @property
    def words(self) -> Text:
        return words(self.name, self.name_en)


class DailyList(Answer):
    admission_id: str
    date: str
    first_date: str
    last_date: str
    total_fen: int
    categories: list[ChargeGroup] = []

    @property
    def day(self) -> dt.date:
        return dt.date.fromisoformat(self.date)


class DepositOrder(Answer):
    deposit_id: str
    amount_fen: int
    expires_at: Instant


class DepositReceipt(Answer):
    deposit_id: str
    receipt_no: str
    inpatient_no: str = ""
    ward: str = ""
    bed: str = ""
    amount_fen: int
    method: str | None = None
    trade_no: str | None = None
    deposit_fen: int
    balance_fen: int
    paid_at: When = None


class DischargePreview(Answer):
    preview_id: str
    total_fen: int
    insurance_fen: int
    self_pay_fen: int
    deposit_fen: int
    due_fen: int
    refund_fen: int


class Refund(Answer):
    deposit_receipt_no: str = ""
    method: str = ""
    amount_fen: int


class DischargeSettlement(Answer):
    receipt_no: str
    inpatient_no: str = ""
    department: str = ""
    ward: str = ""
    bed: str = ""
    admitted_at: When = None
    days: int = 0
    total_fen: int
    insurance_fen: int
    self_pay_fen: int
    deposit_fen: int
    due_fen: int
    refund_fen: int
    method: str | None = None
    refunds: list[Refund] = []
    categories: list[ChargeGroup] = []
    settled_at: When = None


def custom_amount_error(digits: str) -> Text | None:
    """Why a typed amount (whole yuan) cannot be paid in, or None when it can."""
    if not digits:
        return Text("请输入金额", "Please type an amount")
    amount = int(digits)
    if amount < MIN_YUAN:
        return Text(f"最少 {MIN_YUAN} 元", f"At least ¥{MIN_YUAN}")
    if amount > MAX_YUAN:
        return Text(f"自助机单笔最多 {MAX_YUAN} 元，更多请到住院处", f"At most ¥{MAX_YUAN} here; more at the admissions office")
    return None


class InpatientAPI(UseCase):
    def admissions(self, visit: Visit) -> list[Admission]:
        return self._get(list[Admission], "/api/v1/patients/me/admissions", field="admissions", visit=visit)

    def daily_list(self, visit: Visit, admission_id: str, day: dt.date | None = None) -> DailyList:
        params = {"date": day.isoformat()} if day is not None else None
        return self._get(DailyList, f"/api/v1/inpatient/admissions/{admission_id}/daily-list",
                         visit=visit, params=params)

    def order_deposit(self, visit: Visit, flow_id: str, admission_id: str, amount_fen: int) -> DepositOrder:
        # One order per chosen amount of one top-up: a retry finds the same order.
        return self._send(
            "deposit", f"{flow_id}:{amount_fen}", DepositOrder,
            f"/api/v1/inpatient/admissions/{admission_id}/deposits", json={"amount_fen": amount_fen}, visit=visit,
        )

    def commit_deposit(self, visit: Visit, deposit_id: str, payment_id: str) -> DepositReceipt:
        return self._once(
            "deposit-commit", deposit_id, DepositReceipt, f"/api/v1/inpatient/deposits/{deposit_id}/commit",
            json={"payment_id": payment_id}, visit=visit,
        )

    def preview_discharge(self, visit: Visit, flow_id: str, admission_id: str) -> DischargePreview:
        return self._send(
            "discharge-preview", flow_id, DischargePreview,
            f"/api/v1/inpatient/admissions/{admission_id}/discharge-previews", json={}, visit=visit,
        )

    def settle_discharge(self, visit: Visit, preview_id: str, payment_id: str | None) -> DischargeSettlement:
        return self._once(
            "discharge", preview_id, DischargeSettlement, "/api/v1/inpatient/discharge-settlements",
            json={"preview_id": preview_id, "payment_id": payment_id}, visit=visit,
        )
