"""Bodies of the inpatient endpoints (住院服务): admissions, the daily cost list (一日清单),
deposit top-up (住院预交金) and discharge settlement (出院结算). Amounts in fen."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from gateway.schemas.registration import PayMethod

AdmissionStatus = Literal["admitted", "discharge_ordered", "discharged", "settled"]
ChargeCategory = Literal["bed", "nursing", "drug", "test", "exam", "treatment", "material", "meal"]
DepositMethod = Literal["wechat", "alipay", "cash", "bank_card"]


class Admission(BaseModel):
    admission_id: str
    inpatient_no: str = Field(description="住院号 of the wristband, masked like the visit card "
                              "(`******1201`).")
    status: AdmissionStatus = Field(
        description="`admitted` → `discharge_ordered` (the doctor's discharge order) → "
        "`discharged` (left, not settled) → `settled`."
    )
    department: str
    department_en: str
    ward: str = Field(description="病区, e.g. `心血管内科一病区`.")
    ward_en: str
    bed: str = Field(description="床号, e.g. `12`.")
    admitted_at: str = Field(description="ISO 8601 instant.")
    days: int = Field(description="Hospital days so far, the admission day counting as one.")
    deposit_fen: int = Field(description="Deposits paid in so far (预交金).")
    charges_fen: int = Field(description="Charges posted so far (已发生费用).")
    balance_fen: int = Field(description="deposit − charges; negative when in arrears.")
    low_balance: bool = Field(description="Balance below `low_balance_fen`: ask for a top-up.")
    low_balance_fen: int
    top_up_allowed: bool
    top_up_refusal: str | None = Field(
        description="Why not, in words to show (Chinese); null when allowed."
    )
    top_up_refusal_en: str | None
    discharge_allowed: bool = Field(description="Self-service discharge settlement possible now.")
    discharge_refusal: str | None = Field(
        description='Why not, ending with what to do ("请到住院处办理"); null when allowed.'
    )
    discharge_refusal_en: str | None


class Admissions(BaseModel):
    admissions: list[Admission] = Field(description="Newest first; settled ones included.")


class Charge(BaseModel):
    name: str
    name_en: str | None = Field(None, description="From the hospital's glossary; null if none.")
    spec: str = Field(description="规格; empty for services.")
    unit: str
    unit_en: str | None = Field(None, description="The unit's singular English noun, if known.")
    qty: int
    price_fen: int
    amount_fen: int
    department: str = Field(description="执行科室.")
    charged_at: str = Field(description="ISO 8601 instant the charge was posted.")


class ChargeGroup(BaseModel):
    category: ChargeCategory
    name: str = Field(description="e.g. `床位费`, `西药费`.")
    name_en: str
    total_fen: int
    items: list[Charge]


class DailyList(BaseModel):
    admission_id: str
    date: str = Field(description="`YYYY-MM-DD`, the hospital's day.")
    first_date: str = Field(description="The admission day: the first day with a list.")
    last_date: str = Field(description="Today, or the discharge day.")
    total_fen: int
    categories: list[ChargeGroup] = Field(description="In a fixed order: bed, nursing, …")


class DepositRequest(BaseModel):
    amount_fen: int = Field(description="Whole yuan, within the kiosk limits (see errors).")


class DepositOrder(BaseModel):
    deposit_id: str = Field(description="Pay it with `POST /payments` purpose `deposit`.")
    admission_id: str
    amount_fen: int
    expires_at: str


class DepositCommit(BaseModel):
    payment_id: str = Field(min_length=1, max_length=64)


class DepositReceipt(BaseModel):
    deposit_id: str
    receipt_no: str = Field(description="预交金收据号, 14 digits.")
    admission_id: str
    inpatient_no: str
    ward: str
    bed: str
    amount_fen: int
    method: PayMethod
    trade_no: str
    deposit_fen: int = Field(description="All deposits of the admission after this one.")
    balance_fen: int
    paid_at: str


class DischargePreviewRequest(BaseModel):
    """Empty; present so the body can grow (an insurance voucher) without breaking kiosks."""


class DischargePreview(BaseModel):
    preview_id: str = Field(
        description="Settle with `POST /inpatient/discharge-settlements`; "
        "when `due_fen` > 0 pay it first (`POST /payments` purpose `discharge`)."
    )
    admission_id: str
    total_fen: int = Field(description="All charges of the stay.")
    insurance_fen: int = Field(description="Paid by medical insurance (统筹).")
    self_pay_fen: int = Field(description="total − insurance.")
    deposit_fen: int
    due_fen: int = Field(description="To pay now: self-pay beyond the deposits (补缴).")
    refund_fen: int = Field(
        description="Surplus deposit given back (退还), to the channels it was paid by."
    )
    expires_at: str


class DischargeSettlementRequest(BaseModel):
    preview_id: str = Field(min_length=1, max_length=64)
    payment_id: str | None = Field(
        default=None, max_length=64, description="Required when the preview's `due_fen` > 0."
    )


class Refund(BaseModel):
    deposit_receipt_no: str = Field(description="The deposit this part of the refund returns.")
    method: DepositMethod = Field(
        description="The deposit's channel: the refund goes back "
        "there (cash: collected at the admissions office)."
    )
    amount_fen: int
    state: Literal["pending", "done", "refused", "office"] = Field(
        "pending",
        description="At the payment provider: `pending` (claimed, being told: the settlement's "
        "own answer says so), `done` (refunded), `refused` (the provider refused it: the "
        "admissions office pays it out), `office` (cash or bank card: paid out there). "
        "`GET /inpatient/discharge-settlements/{id}` gives the current state.",
    )


class DischargeSettlement(BaseModel):
    settlement_id: str
    receipt_no: str = Field(description="出院结算单据号, 14 digits.")
    admission_id: str
    inpatient_no: str
    department: str
    ward: str
    bed: str
    admitted_at: str
    days: int
    total_fen: int
    insurance_fen: int
    self_pay_fen: int
    deposit_fen: int
    due_fen: int
    refund_fen: int
    method: PayMethod | None = Field(description="How `due_fen` was paid; null if nothing was.")
    trade_no: str | None
    refunds: list[Refund]
    categories: list[ChargeGroup] = Field(
        description="The stay's totals by category (items left out: the daily lists hold them)."
    )
    settled_at: str
