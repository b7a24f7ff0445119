"""Bodies of the counter audit-event endpoints."""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, Field, field_validator

MAX_DETAIL_CHARS = 4096


_UUID = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


_HASH = r"^[0-9a-f]{64}$"


class AuditEvent(BaseModel):
    event_id: str = Field(pattern=_UUID, description="UUID made once by the workstation.")
    chain: str = Field(pattern=_UUID, description="The workstation's chain (UUID made with its "
                       "log's first event); chains are kept per device.")
    seq: int = Field(ge=1, le=2**53, description="Place in the chain: 1, 2, … without gaps.")
    kind: Literal["sign_in", "sign_out", "call", "dispense", "reprint", "lock"]
    staff_no: str = Field(min_length=1, max_length=32)
    at: AwareDatetime
    patient_ref: str | None = Field(default=None, max_length=64,
                                    description="Opaque (from queue / lookup), never a name.")
    detail: dict[str, Any] = Field(default_factory=dict,
                                   description="Small, non-personal context (ids, counts).")
    prev_link: str = Field(pattern=_HASH, description="The previous event's `link`; 64 zeros "
                           "for the first. Must equal the last link accepted for this chain.")
    link: str = Field(pattern=_HASH, description="HMAC-SHA256 (lowercase hex) of this event with "
                      "the workstation's key, which the gateway does not hold.")

    @field_validator("detail")
    @classmethod
    def _small(cls, value: dict[str, Any]) -> dict[str, Any]:
        if len(json.dumps(value, ensure_ascii=False)) > MAX_DETAIL_CHARS:
            raise ValueError("detail too large")
        return value


class AuditReceipt(BaseModel):
    event_id: str
    status: Literal["recorded"]
    received_at: str


class AuditAnchor(BaseModel):
    chain: str
    seq: int = Field(description="How many events of this chain were accepted.")
    link: str = Field(description="The link of the last accepted event.")
    accepted_at: str = Field(description="When the last event was accepted (ISO 8601, UTC).")


class AuditChains(BaseModel):
    chains: list[AuditAnchor] = Field(description="This device's chains, oldest first.")
