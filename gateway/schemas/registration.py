"""Bodies of the registration and check-in endpoints."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from gateway.schemas.hospital import DepartmentRef, Doctor, Fee, Location, Period
from gateway.schemas.insurance import EBillRef, InsuranceSplit, SocialSecurityCard

PayMethod = Literal["wechat", "alipay"]


class LockRequest(BaseModel):
    schedule_id: str = Field(min_length=1, max_length=64)
    slot_id: str = Field(min_length=1, max_length=64)


class Lock(BaseModel):
    lock_id: str
    expires_at: str = Field(description="ISO 8601; the hold ends then unless committed.")
    schedule_id: str
    slot_id: str
    fee: Fee
    insurance_applicable: bool = Field(
        description="The patient is insured (the fee itself is paid by scan at the kiosk)."
    )


class LockStatus(BaseModel):
    lock_id: str
    status: Literal["released", "expired", "committed"]


class CommitRequest(BaseModel):
    lock_id: str = Field(min_length=1, max_length=64)
    payment_id: str | None = Field(
        default=None, max_length=64, description="A successful payment for this lock's fee."
    )


class LockInsuranceRequest(BaseModel):
    insurance_voucher: str | None = Field(
        default=None, max_length=512,
        description="The scanned insurance e-voucher of this patient (or the e-voucher SDK's "
        "token); exactly one of this and `social_security_card`.")
    social_security_card: SocialSecurityCard | None = None
    use_personal_account: bool = Field(
        default=True, description="Whether the personal account (and family mutual aid) pays "
        "what the pooled fund does not; false: that part is paid in cash.")


class LockInsurance(BaseModel):
    lock_id: str
    fee: Fee
    insurance_fen: int = Field(description="Fund + personal account + mutual aid.")
    self_pay_fen: int = Field(description="The cash part: the payment amount (0: no payment).")
    insurance: InsuranceSplit


class Paid(BaseModel):
    self_fen: int
    insurance_fen: int
    method: PayMethod | None


class Registration(BaseModel):
    registration_id: str = Field(description="Also the appointment id.")
    status: Literal["registered"]
    appointment_status: Literal["booked", "checked_in"] = Field(
        description="`checked_in` for a same-day registration (already in the queue); "
        "`booked` for a later day (check in on the day)."
    )
    queue_no: int = Field(description="挂号序号: the slot's number.")
    department: DepartmentRef
    doctor: Doctor
    date: str
    period: Period
    time: str = Field(description="`08:00-08:15`.")
    location: Location
    fee: Fee
    paid: Paid
    receipt_no: str = Field(description="单据号, 14 digits.")
    created_at: str
    insurance: InsuranceSplit | None = Field(
        default=None, description="2207's per-fund breakdown; null when self-paid.")
    ebill: EBillRef | None = Field(
        default=None, description="The e-bill of an insured registration's fee.")


AppointmentStatus = Literal["booked", "checked_in", "cancelled", "expired"]


class Appointment(BaseModel):
    appointment_id: str
    status: AppointmentStatus
    date: str
    period: Period
    time: str
    queue_no: int
    department: DepartmentRef
    doctor: Doctor
    location: Location


class Appointments(BaseModel):
    appointments: list[Appointment]


class CheckInRequest(BaseModel):
    """Empty; present so the body can grow without breaking kiosks."""


class CheckIn(BaseModel):
    appointment_id: str
    status: Literal["checked_in"]
    queue_no: int
    position: int = Field(description="1 = next in to see the doctor.")
    estimated_wait_min: int
    location: Location
