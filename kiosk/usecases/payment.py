"""Outpatient payment: unpaid bills → pre-settle (insurance split) → scan-to-pay → settle.

Also the payment step of registration. Statuses of a payment order: ``processing`` (QR shown,
waiting for the patient's phone), ``success``, ``failed``, ``expired``, ``refunded``.
"""

from __future__ import annotations

import enum

from kiosk.models import Visit
from kiosk.usecases.answers import Answer, Instant, UseCase, When
from kiosk.usecases.usage import CostType, Scene

SCENE = Scene.PAYMENT_UNPAID  # paying what is due at the kiosk (用卡: 门诊缴费)


class PaymentStatus(enum.StrEnum):
    PROCESSING = "processing"
    SUCCESS = "success"
    FAILED = "failed"
    EXPIRED = "expired"
    REFUNDED = "refunded"

    @property
    def final(self) -> bool:
        return self is not PaymentStatus.PROCESSING


class BillItem(Answer):
    name: str
    name_en: str | None = None
    spec: str = ""
    unit: str = ""
    unit_en: str | None = None
    qty: int
    amount_fen: int
    category: str = ""  # drug, lab, imaging, treatment


class Bill(Answer):
    bill_id: str
    date: str = ""
    department: str = ""
    department_en: str | None = None
    doctor: str = ""
    total_fen: int
    items: list[BillItem] = []


class InsuranceSplit(Answer):
    """The insurer's per-fund breakdown (2206 / 2207): fund + account + mutual aid + cash."""

    insutype: str = ""
    use_account: bool = True
    fund_fen: int = 0
    account_fen: int = 0
    mutual_aid_fen: int = 0
    cash_fen: int = 0
    balance_after_fen: int = 0


class EBillRef(Answer):
    ebill_id: str
    bill_code: str
    bill_number: str
    check_code: str = ""
    verify_url: str


class Preview(Answer):
    """A pre-settlement: what insurance pays and what the patient pays now."""

    preview_id: str
    total_fen: int
    insurance_fen: int
    self_pay_fen: int
    expires_at: When = None
    insurance: InsuranceSplit | None = None


class PaymentOrder(Answer):
    payment_id: str
    qr_url: str
    amount_fen: int
    expires_at: Instant


class _Payment(Answer):
    status: PaymentStatus


class Settlement(Answer):
    receipt_no: str
    total_fen: int
    insurance_fen: int
    self_pay_fen: int
    method: str | None = None  # wechat, alipay; None when nothing was self-paid
    pharmacy_window: str | None = None
    specimen_barcode: str | None = None
    items: list[BillItem] = []
    settled_at: When = None
    insurance: InsuranceSplit | None = None
    ebill: EBillRef | None = None

    @property
    def cost_type(self) -> CostType:
        return CostType.INSURANCE if self.insurance_fen else CostType.SELF_PAY


class PaymentAPI(UseCase):
    def bills(self, visit: Visit) -> list[Bill]:
        return self._get(
            list[Bill], "/api/v1/patients/me/bills", field="bills", params={"status": "unpaid"}, visit=visit
        )

    def preview(
        self, visit: Visit, flow_id: str, bill_ids: list[str], insurance_voucher: str | None,
        *, insurance: dict | None = None, use_account: bool = True,
    ) -> Preview:
        """``insurance``: an ``InsuranceCredential.body()`` (card or voucher) instead of the text."""
        body: dict = {"bill_ids": bill_ids, "insurance_voucher": insurance_voucher}
        if insurance is not None:
            body.update(insurance)
        if not use_account:
            body["use_personal_account"] = False
        return self._send(
            "preview", f"{flow_id}:{','.join(sorted(bill_ids))}", Preview, "/api/v1/settlements/previews",
            json=body, visit=visit,
        )

    def create_order(self, visit: Visit, purpose: str, reference: str, amount_fen: int) -> PaymentOrder:
        # One order per thing paid for: a retry after a lost reply finds the same order,
        # so the patient is never shown a second QR for the same bill.
        return self._send(
            "pay", f"{purpose}:{reference}", PaymentOrder, "/api/v1/payments",
            json={"purpose": purpose, "reference": reference, "amount_fen": amount_fen}, visit=visit,
        )

    def status(self, visit: Visit, payment_id: str) -> PaymentStatus:
        return self._get(_Payment, f"/api/v1/payments/{payment_id}", visit=visit).status

    def refund(self, visit: Visit | None, payment_id: str) -> None:
        key = self._intents.key("refund", payment_id)
        self._client.call(
            "POST", f"/api/v1/payments/{payment_id}/refund", json={}, visit=visit, idempotency_key=key
        )

    def settle(self, visit: Visit, preview_id: str, payment_id: str | None) -> Settlement:
        return self._once(
            "settle", preview_id, Settlement, "/api/v1/settlements",
            json={"preview_id": preview_id, "payment_id": payment_id}, visit=visit,
        )
