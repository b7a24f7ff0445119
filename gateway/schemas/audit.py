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
    kind: Literal["sign_in", "sign_out", "call", "dispense", "reprint", "lock"]
    staff_no: str = Field(min_length=1, max_length=32)
    at: AwareDatetime
    patient_ref: str | None = Field(default=None, max_length=64,
                                    description="Opaque (from queue / lookup), never a name.")
    detail: dict[str, Any] = Field(default_factory=dict,
                                   description="Small, non-personal context (ids, counts).")
    hash: str = Field(pattern=_HASH, description="SHA-256 (lowercase hex) of this entry.")
    prev_hash: str | None = Field(default=None, pattern=_HASH,
                                  description="The previous entry's hash; null for the first.")

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
