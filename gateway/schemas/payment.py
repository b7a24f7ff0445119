"""Bodies of the bill, pre-settlement, payment and settlement endpoints. Amounts in fen."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from gateway.schemas.insurance import EBillRef, InsuranceSplit, SocialSecurityCard
from gateway.schemas.registration import PayMethod

Category = Literal["drug", "lab", "imaging", "treatment"]
PaymentStatus = Literal["processing", "success", "failed", "expired", "refunded"]
PaymentPurpose = Literal["registration", "bills", "deposit", "discharge"]


class BillItem(BaseModel):
    name: str
    name_en: str | None = Field(
        default=None, description="The item's English name; null where the glossary has none.")
    spec: str = Field(description="规格, e.g. `0.25g×24粒`; empty for services.")
    unit: str
    unit_en: str | None = Field(default=None, description="e.g. `box`; null where the glossary has none.")
    qty: int
    price_fen: int
    amount_fen: int
    category: Category
    insurance_class: Literal["A", "B", "C"] = Field(
        description="甲类 A (fully eligible), 乙类 B (80 % eligible), 丙类 C (self-pay)."
    )


class Bill(BaseModel):
    bill_id: str
    status: Literal["unpaid", "paid"]
    date: str
    department: str
    department_en: str = Field(description="The department's English name, for English mode.")
    department_code: str
    doctor: str
    total_fen: int
    items: list[BillItem]


class Bills(BaseModel):
    bills: list[Bill]


class PreviewRequest(BaseModel):
    bill_ids: list[str] = Field(min_length=1, max_length=20)
    insurance_voucher: str | None = Field(
        default=None, max_length=512,
        description="The scanned insurance e-voucher of this patient (or the e-voucher "
        "SDK's token); with neither this nor `social_security_card` all is self-paid.",
    )
    social_security_card: SocialSecurityCard | None = Field(
        default=None, description="The patient's social-security card, read by the kiosk.")
    use_personal_account: bool = Field(
        default=True, description="Whether the personal account (and family mutual aid) "
        "pays what the pooled fund does not; false: that part is paid in cash.")


class Preview(BaseModel):
    preview_id: str
    bill_ids: list[str]
    total_fen: int
    insurance_fen: int = Field(
        description="Paid by medical insurance: pooled fund + personal account + mutual aid.")
    self_pay_fen: int = Field(description="What the patient pays now: the payment amount.")
    expires_at: str
    insurance: InsuranceSplit | None = Field(
        default=None, description="2206's per-fund breakdown; null when self-paid.")


class PaymentRequest(BaseModel):
    purpose: PaymentPurpose
    reference: str = Field(
        min_length=1, max_length=64,
        description="The lock_id (registration), preview_id (bills), deposit_id (deposit) or "
        "discharge preview_id (discharge).",
    )
    amount_fen: int = Field(ge=1, le=10_000_000)


class PaymentOrder(BaseModel):
    payment_id: str
    status: PaymentStatus
    amount_fen: int
    qr_url: str = Field(description="Show as a QR code; opens the payer's wallet page.")
    expires_at: str


class Payment(BaseModel):
    payment_id: str
    status: PaymentStatus
    purpose: PaymentPurpose
    reference: str
    amount_fen: int
    method: PayMethod | None
    trade_no: str | None
    expires_at: str
    paid_at: str | None


class RefundRequest(BaseModel):
    """Empty; present so the body can grow without breaking kiosks."""


class SettlementRequest(BaseModel):
    preview_id: str = Field(min_length=1, max_length=64)
    payment_id: str | None = Field(
        default=None, max_length=64, description="Null only when nothing is self-paid."
    )


class Settlement(BaseModel):
    settlement_id: str
    receipt_no: str = Field(description="单据号, 14 digits.")
    bill_ids: list[str]
    total_fen: int
    insurance_fen: int
    self_pay_fen: int
    method: PayMethod | None
    trade_no: str | None
    pharmacy_window: str | None = Field(
        description="取药窗口 number when drugs were paid, e.g. `3`; the window is in the "
        "outpatient pharmacy (location `OP1-PHARM`)."
    )
    specimen_barcode: str | None = Field(
        description="检验条码, 12 digits (print as Code 128) when lab tests were paid."
    )
    items: list[BillItem]
    settled_at: str
    insurance: InsuranceSplit | None = Field(
        default=None, description="2207's per-fund breakdown; null when self-paid.")
    ebill: EBillRef | None = Field(default=None, description="The electronic bill issued.")


class DemoPaymentAction(BaseModel):
    method: PayMethod = "wechat"
