"""Bodies of the payment-code (付款码) endpoints."""

from __future__ import annotations

from pydantic import BaseModel, Field


class PaymentCodeCharge(BaseModel):
    payment_code: str = Field(
        min_length=16,
        max_length=24,
        pattern=r"^[0-9]+$",
        description="The code the payer shows (WeChat: 18 digits from 10-15; Alipay: 16-24 "
        "digits from 25-30). Sent once, used for this charge only, never stored or logged; "
        "a retry with the same Idempotency-Key is the same charge.",
    )


class ReverseRequest(BaseModel):
    """Empty; present so the body can grow without breaking kiosks."""
