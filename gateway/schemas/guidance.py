"""Bodies of the guidance endpoints: the itinerary and the department recommender."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from gateway.schemas.hospital import Location

StepStatus = Literal["todo", "waiting", "done"]


class Step(BaseModel):
    kind: Literal["consult", "lab", "imaging", "payment", "pharmacy"]
    title: str
    title_en: str
    status: StepStatus = Field(
        description="`todo`: go there; `waiting`: in a queue or being prepared; `done`."
    )
    location: Location | None
    queue_position: int | None = Field(description="People ahead of the patient.")
    estimated_wait_min: int | None
    window: str | None = Field(description="Pharmacy pickup window, when ready.")
    report_id: str | None = Field(description="The lab / imaging report this step produces.")
    prescription_id: str | None


class Itinerary(BaseModel):
    date: str
    steps: list[Step]
    next: int | None = Field(description="Index of the first step not done; null when none.")


class TriageSymptom(BaseModel):
    code: str
    name: str
    name_en: str
    sex: Literal["M", "F"] | None = Field(description="Offered only to this sex.")


class TriageArea(BaseModel):
    code: str
    name: str
    name_en: str
    symptoms: list[TriageSymptom]


class TriageCatalogue(BaseModel):
    body_areas: list[TriageArea]


class TriageRequest(BaseModel):
    body_area: str = Field(max_length=32)
    symptoms: list[Annotated[str, Field(max_length=32)]] = Field(min_length=1, max_length=10)
    age: int = Field(ge=0, le=130, description="Whole years; 0 for infants.")
    sex: Literal["M", "F"]


class TriageRecommendation(BaseModel):
    department_code: str = Field(description="诊疗科目 code; start a registration with it.")
    name: str
    name_en: str
    reason: str
    reason_en: str
    urgent: bool = Field(description="Go to the emergency department now.")


class TriageResult(BaseModel):
    recommendations: list[TriageRecommendation]
