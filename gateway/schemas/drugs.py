"""Bodies of the drug catalogue and box-check endpoints."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field


# -- the catalogue -------------------------------------------------------------------------
class Drug(BaseModel):
    drug_code: str
    name: str = Field(description="Generic name, e.g. `阿托伐他汀钙片`.")
    brand: str | None = Field(description="Trade name, e.g. `立普妥 Lipitor`.")
    spec: str
    unit: str
    gtin: str | None = Field(description="GTIN-14 of imported boxes (GS1 codes), else null.")
    trace_prefixes: list[str] = Field(description="7-digit starts of its 20-digit codes.")
    manufacturer: str


class Drugs(BaseModel):
    drugs: list[Drug]


# -- read-only box check ---------------------------------------------------------------------
class CheckRequest(BaseModel):
    codes: list[Annotated[str, Field(min_length=1, max_length=256)]] = Field(
        min_length=1, max_length=200
    )


class CheckResult(BaseModel):
    code: str = Field(description="As sent.")
    valid: bool = Field(description="A traceability code at all (20 digits or GS1).")
    key: str | None = Field(description="The box's registry key (GS1: `01<GTIN>21<serial>`).")
    kind: Literal["trace20", "gs1"] | None
    drug_code: str | None = Field(description="The catalogue drug, or null if none matches.")
    dispensed_before: bool
    dispensed_at: str | None
    expiry: str | None
    expired: bool
    batch: str | None


class CheckResults(BaseModel):
    results: list[CheckResult]
