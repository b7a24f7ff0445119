"""Bodies of the insurance lookup and of the electronic bills; amounts in fen."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class SocialSecurityCard(BaseModel):
    """What a social-security card reader gives (1101 with ``mdtrt_cert_type`` 03)."""

    social_security_no: str = Field(pattern=r"^[0-9]{17}[0-9X]$", description="= the ID number.")
    card_sn: str = Field(default="", max_length=64, description="The chip's identifier.")


class InsuranceLookup(BaseModel):
    insurance_voucher: str | None = Field(default=None, max_length=512,
                                          description="The e-voucher text or SDK token.")
    social_security_card: SocialSecurityCard | None = None


class InsuredPerson(BaseModel):
    """1101's answer for the patient of the visit; nothing that identifies them further."""

    insutype: Literal["310", "390"] = Field(
        description="310 employee basic medical insurance, 390 resident basic medical insurance.")
    insutype_name: str
    account_fen: int = Field(description="Personal account balance (个人账户余额).")
    has_account: bool = Field(description="Residents' insurance has no personal account.")
    mutual_aid_fen: int = Field(description="What the family mutual-aid pool (家庭共济) can pay.")
    region: str


class InsuranceSplit(BaseModel):
    """2206 / 2207's breakdown: total = fund + account + mutual aid + cash."""

    insutype: str
    use_account: bool
    fund_fen: int = Field(description="Pooled fund (统筹基金).")
    account_fen: int = Field(description="Personal account (个人账户).")
    mutual_aid_fen: int = Field(description="Family mutual-aid account (家庭共济).")
    cash_fen: int = Field(description="Cash due (现金支付): the scan-to-pay amount.")
    balance_after_fen: int = Field(description="Personal account balance after settling.")


EBillStatus = Literal["issued", "reversed"]


class EBill(BaseModel):
    """医疗收费电子票据. The payer's name is masked."""

    ebill_id: str
    bill_code: str = Field(description="票据代码, 8 digits.")
    bill_number: str = Field(description="票据号码, 10 digits.")
    check_code: str = Field(description="校验码, 6 characters.")
    kind: Literal["outpatient"] = "outpatient"
    receipt_no: str
    total_fen: int
    fund_fen: int
    account_fen: int
    mutual_aid_fen: int
    cash_fen: int
    payer_masked: str
    issuer: str = Field(description="开票单位 (the hospital).")
    status: EBillStatus = Field(description="`reversed` = 已红冲: not valid any more.")
    status_zh: str
    issued_at: str
    reversed_at: str | None
    print_count: int
    print_limit: int
    verify_url: str = Field(description="Show as a QR code: the bill-verification page.")


class EBills(BaseModel):
    ebills: list[EBill]


class EBillRef(BaseModel):
    """On a settlement: the bill it issued."""

    ebill_id: str
    bill_code: str
    bill_number: str
    check_code: str
    verify_url: str


class PrintRequest(BaseModel):
    """Empty; a print is counted against the bill's limit before the paper is made."""
