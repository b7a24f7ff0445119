"""The ``[stores]`` table: how long the kiosk's durable stores keep what they hold, and how
the outbox retries a message the gateway refused for now.

Finished intents (idempotency keys) and parked outbox messages hold opaque ids and card ids
only, but nothing is kept for ever: both are purged at start and every ``purge_interval_s``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator


class StoresSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    intent_retention_days: int = Field(
        7, ge=1, le=90,
        description="Days an idempotency key is kept after its intent began (for retries and "
        "reconciliation), then purged. Open slot locks are kept until released.")
    parked_retention_days: int = Field(
        30, ge=1, le=365,
        description="Days a parked outbox message is kept for staff to list and re-drive "
        "(python -m kiosk.outbox), then purged.")
    purge_interval_s: int = Field(
        3600, ge=60, le=86400, description="How often the purge runs while the kiosk is up.")
    outbox_retry_initial_s: float = Field(
        30.0, ge=1, le=3600,
        description="First delay before re-sending a message the gateway refused for now "
        "(401, 403, 404, 429 …); doubles on each refusal.")
    outbox_retry_max_s: float = Field(
        3600.0, ge=1, le=86400, description="Longest delay between such re-sends.")
    outbox_max_attempts: int = Field(
        24, ge=1, le=1000,
        description="Refusals after which a message is parked for staff. Outages never count.")

    @model_validator(mode="after")
    def _backoff_ordered(self) -> StoresSettings:
        if self.outbox_retry_max_s < self.outbox_retry_initial_s:
            raise ValueError("outbox_retry_max_s must be >= outbox_retry_initial_s")
        return self
