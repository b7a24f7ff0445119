"""Bodies of the usage-report endpoint."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, Field, model_validator

_UUID = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


class UsageReportBody(BaseModel):
    report_id: str = Field(pattern=_UUID, description="UUID made once by the kiosk's outbox.")
    visit_token: str | None = Field(default=None, max_length=128)
    health_card_id: str | None = Field(default=None, pattern=r"^[0-9A-Fa-f]{64}$")
    scene: Annotated[str, Field(max_length=16)] = Field(description="e.g. `0101081`.")
    channel: Literal["0200", "0100"] = Field(description="`0200` kiosk, `0100` manual window.")
    card_type: Literal["11"] = Field(description="`11` = electronic health card.")
    cost_type: Literal["0100", "0200", "0300"] | None = Field(
        default=None, description="`0100` self-pay, `0200` insurance, `0300` public; payments."
    )
    used_at: AwareDatetime
    terminal_id: str | None = Field(default=None, max_length=64)

    @model_validator(mode="after")
    def _someone(self) -> UsageReportBody:
        if not self.visit_token and not self.health_card_id:
            raise ValueError("visit_token or health_card_id is required")
        return self


class UsageReceipt(BaseModel):
    report_id: str
    status: Literal["recorded"]
    received_at: str
