"""Guidance (导诊): today's itinerary and the symptom → department recommender.

The recommender is the gateway's rules table, not a diagnosis; the kiosk only offers the
symptoms that apply to the patient's sex and passes their age, both from the identified
patient, so nobody has to type personal details into a shared screen.
"""

from __future__ import annotations

import datetime as dt

from kiosk.errors import Text
from kiosk.models import Patient, Visit
from kiosk.usecases.answers import Answer, Named, Place, UseCase, words
from kiosk.usecases.usage import Scene

EMERGENCY_DEPARTMENT = "20"  # 急诊医学科, the national 诊疗科目 code
SCENE = Scene.GUIDANCE
DONE = "done"


class Step(Answer):
    kind: str = ""
    title: str = ""
    title_en: str | None = None
    status: str = "todo"  # todo: go there; waiting: in a queue or being prepared; done
    location: Place | None = None
    queue_position: int | None = None  # people ahead
    estimated_wait_min: int | None = None
    window: str | None = None  # the pharmacy window, when ready

    @property
    def words(self) -> Text:
        return words(self.title, self.title_en)

    @property
    def done(self) -> bool:
        return self.status == DONE


class Itinerary(Answer):
    steps: list[Step] = []
    next: int | None = None

    @property
    def next_step(self) -> Step | None:
        """The gateway's next step, or else the first not done."""
        if self.next is not None and 0 <= self.next < len(self.steps):
            return self.steps[self.next]
        return next((s for s in self.steps if not s.done), None)

    def ordered(self) -> list[Step]:
        """The next step first, then the rest of today in order, what is done last."""
        first = self.next_step
        rest = [s for s in self.steps if s is not first]
        return ([first] if first is not None else []) + [s for s in rest if not s.done] + [s for s in rest if s.done]


class Symptom(Named):
    code: str
    sex: str | None = None  # offered to this sex only


class BodyArea(Named):
    code: str
    symptoms: list[Symptom] = []

    def symptoms_for(self, patient: Patient) -> list[Symptom]:
        """The area's symptoms that apply to this patient (some are offered to one sex only)."""
        return [s for s in self.symptoms if s.sex in (None, patient.gender.value)]


class Recommendation(Named):
    department_code: str
    reason: str = ""
    reason_en: str | None = None
    urgent: bool = False

    @property
    def reason_words(self) -> Text:
        return words(self.reason, self.reason_en)


class _Department(Answer):
    code: str
    location_code: str | None = None


class GuidanceAPI(UseCase):
    def itinerary(self, visit: Visit) -> Itinerary:
        return self._get(Itinerary, "/api/v1/patients/me/itinerary", visit=visit)

    def catalogue(self) -> list[BodyArea]:
        return self._get(list[BodyArea], "/api/v1/triage/catalogue", field="body_areas")

    def recommend(
        self, patient: Patient, body_area: str, symptoms: list[str], today: dt.date
    ) -> list[Recommendation]:
        # A query that changes nothing: no idempotency key (the contract says so).
        body = {
            "body_area": body_area,
            "symptoms": symptoms,
            "age": max(0, patient.age(today)),
            "sex": patient.gender.value,
        }
        answer = self._client.call("POST", "/api/v1/triage", json=body)
        return self._read(list[Recommendation], answer, "POST /api/v1/triage", "recommendations")

    def department_location(self, code: str) -> Place | None:
        """Where a department sees patients (the emergency department, for urgent advice)."""
        departments = self._get(list[_Department], "/api/v1/departments", field="departments")
        department = next((d for d in departments if d.code == code), None)
        if department is None:
            return None
        return self.locations().get(department.location_code)


def urgent(recommendations: list[Recommendation]) -> Recommendation | None:
    return next((r for r in recommendations if r.urgent), None)
