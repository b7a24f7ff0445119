"""Configuration schema for identity assurance (``[identity]``): which services are sensitive
and how the patient must have been identified to use them (:mod:`kiosk.identity`)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kiosk.identity import IdentifiedBy, IdentityPolicy
from kiosk.services import CATALOGUE


class IdentitySettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sensitive_services: list[str] = Field(
        default_factory=lambda: ["health"],
        description="Services that show the health record or unmasked data (keys of the "
        "patient's menu: health, reports, my_card, ...).",
    )
    sensitive_level: IdentifiedBy = Field(
        IdentifiedBy.STATIC_CODE,
        description="The least a sensitive service accepts: chip_read > dynamic_code > "
        "static_code > typed_number (an ID or visit-card number typed or scanned).",
    )

    @field_validator("sensitive_services")
    @classmethod
    def _known(cls, keys: list[str]) -> list[str]:
        known = {s.key for s in CATALOGUE}
        unknown = sorted(set(keys) - known)
        if unknown:
            raise ValueError(f"unknown service {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        return keys

    def policy(self) -> IdentityPolicy:
        return IdentityPolicy(frozenset(self.sensitive_services), self.sensitive_level)
