"""Outpatient payment: unpaid bills → pre-settle (insurance split) → scan-to-pay → settle.

Also the payment step of registration. Statuses of a payment order: ``processing`` (QR shown,
waiting for the patient's phone), ``success``, ``failed``, ``expired``, ``refunded``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from kiosk.gateway_client import GatewayClient
from kiosk.intents import IntentStore
from kiosk.models import Visit


class PaymentStatus(enum.StrEnum):
    PROCESSING = "processing"
    SUCCESS = "success"
    FAILED = "failed"
    EXPIRED = "expired"
    REFUNDED = "refunded"

    @property
    def final(self) -> bool:
        return self is not PaymentStatus.PROCESSING


@dataclass(frozen=True)
class PaymentOrder:
    payment_id: str
    qr_url: str
    amount_fen: int
    expires_at: str


class PaymentAPI:
    def __init__(self, client: GatewayClient, intents: IntentStore) -> None:
        self._client = client
        self._intents = intents

    def bills(self, visit: Visit) -> list[dict[str, Any]]:
        return self._client.call(
            "GET", "/api/v1/patients/me/bills", params={"status": "unpaid"}, visit=visit
        )["bills"]

    def preview(
        self, visit: Visit, flow_id: str, bill_ids: list[str], insurance_voucher: str | None
    ) -> dict[str, Any]:
        key = self._intents.key("preview", f"{flow_id}:{','.join(sorted(bill_ids))}")
        return self._client.call(
            "POST",
            "/api/v1/settlements/previews",
            json={"bill_ids": bill_ids, "insurance_voucher": insurance_voucher},
            visit=visit,
            idempotency_key=key,
        )

    def create_order(self, visit: Visit, purpose: str, reference: str, amount_fen: int) -> PaymentOrder:
        # One order per thing paid for: a retry after a lost reply finds the same order,
        # so the patient is never shown a second QR for the same bill.
        key = self._intents.key("pay", f"{purpose}:{reference}")
        body = self._client.call(
            "POST",
            "/api/v1/payments",
            json={"purpose": purpose, "reference": reference, "amount_fen": amount_fen},
            visit=visit,
            idempotency_key=key,
        )
        return PaymentOrder(
            payment_id=body["payment_id"],
            qr_url=body["qr_url"],
            amount_fen=amount_fen,
            expires_at=body["expires_at"],
        )

    def status(self, visit: Visit, payment_id: str) -> PaymentStatus:
        body = self._client.call("GET", f"/api/v1/payments/{payment_id}", visit=visit)
        return PaymentStatus(body["status"])

    def refund(self, visit: Visit | None, payment_id: str) -> None:
        key = self._intents.key("refund", payment_id)
        self._client.call(
            "POST", f"/api/v1/payments/{payment_id}/refund", json={}, visit=visit, idempotency_key=key
        )

    def settle(self, visit: Visit, preview_id: str, payment_id: str) -> dict[str, Any]:
        key = self._intents.key("settle", preview_id)
        body = self._client.call(
            "POST",
            "/api/v1/settlements",
            json={"preview_id": preview_id, "payment_id": payment_id},
            visit=visit,
            idempotency_key=key,
        )
        self._intents.finish("settle", preview_id)
        return body
