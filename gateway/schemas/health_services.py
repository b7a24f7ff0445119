"""Bodies of the health-service endpoints: contracts, the health record, renewals."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

_ID = Annotated[str, Field(min_length=1, max_length=32)]


class Contract(BaseModel):
    team_id: str
    team: str
    community: str
    doctor: str
    doctor_title: str
    # The team's work number, which the patient is asked to call: not the patient's personal
    # data, so it is sent (and shown) in full; a masked number cannot be dialled.
    phone: str = Field(description="The team's service phone, in full: `010-62345678`.")
    signed_at: str = Field(description="Date, `YYYY-MM-DD`.")
    expires_at: str = Field(description="Date, `YYYY-MM-DD`.")


class Team(BaseModel):
    team_id: str
    name: str
    community: str
    doctor: str
    doctor_title: str
    intro: str


class SignRequest(BaseModel):
    request_id: str
    team_id: str
    status: Literal["submitted", "accepted", "declined"]
    submitted_at: str


class FamilyDoctor(BaseModel):
    contract: Contract | None
    pending_request: SignRequest | None = Field(description="A signing request in review.")
    teams: list[Team] = Field(description="Teams the patient can ask to sign with.")


class SignRequestBody(BaseModel):
    team_id: _ID


class ConsentBody(BaseModel):
    scope: Literal["health_record"]


class Consent(BaseModel):
    consent_id: str
    scope: Literal["health_record"]
    granted_at: str


class RecentVisit(BaseModel):
    date: str
    department: str
    department_en: str | None = Field(default=None, description="null where unknown.")
    diagnosis: str
    diagnosis_en: str | None = Field(default=None, description="null where the glossary has none.")


class HealthSummary(BaseModel):
    blood_type: str | None
    allergies: list[str]
    allergies_en: list[str | None] = Field(
        default_factory=list, description="The English of each allergy, in the same order; null"
        " where the glossary has none.")
    chronic_conditions: list[str]
    chronic_conditions_en: list[str | None] = Field(
        default_factory=list, description="The English of each condition, in the same order.")
    recent_visits: list[RecentVisit]


class HealthRecord(BaseModel):
    summary: HealthSummary


class RenewalBody(BaseModel):
    prescription_id: _ID


class Renewal(BaseModel):
    renewal_id: str
    prescription_id: str
    status: Literal["submitted", "approved", "declined"]
    submitted_at: str
