"""Health services: the family-doctor contract, the health-record summary (only after the
patient's on-screen consent, recorded at the gateway first) and chronic-prescription renewal.

Each request that changes something carries one idempotency key per patient intent, so a
retry after a lost reply files one request, not two.
"""

from __future__ import annotations

from kiosk.errors import Text
from kiosk.models import Visit
from kiosk.usecases.answers import Answer, UseCase, When, words
from kiosk.usecases.pharmacy import Prescription

HEALTH_RECORD = "health_record"
ALREADY_WAITING = ("request_pending", "renewal_pending")  # a request in review: not an error


class Contract(Answer):
    team_id: str = ""
    team: str = ""
    community: str = ""
    doctor: str = ""
    doctor_title: str = ""
    phone: str = ""  # the team's work number, in full: the patient is asked to call it
    signed_at: str = ""
    expires_at: str = ""


class Team(Answer):
    team_id: str
    name: str = ""
    community: str = ""
    doctor: str = ""
    doctor_title: str = ""
    intro: str = ""


class SignRequest(Answer):
    request_id: str
    team_id: str = ""
    submitted_at: When = None


class FamilyDoctor(Answer):
    contract: Contract | None = None
    pending_request: SignRequest | None = None
    teams: list[Team] = []

    @property
    def pending_team(self) -> Team | None:
        pending = self.pending_request
        return next((t for t in self.teams if pending and t.team_id == pending.team_id), None)


class RecentVisit(Answer):
    date: str = ""
    department: str = ""
    department_en: str | None = None
    diagnosis: str = ""
    diagnosis_en: str | None = None

    @property
    def department_words(self) -> Text:
        return words(self.department, self.department_en)

    @property
    def diagnosis_words(self) -> Text:
        return words(self.diagnosis, self.diagnosis_en)


def _paired(names: list[str], english: list[str | None]) -> list[Text]:
    # A gateway may send fewer English names than Chinese ones (or none): each name keeps
    # its own English, or the Chinese.
    return [words(name, english[i] if i < len(english) else None) for i, name in enumerate(names)]


class HealthSummary(Answer):
    blood_type: str | None = None
    allergies: list[str] = []
    allergies_en: list[str | None] = []
    chronic_conditions: list[str] = []
    chronic_conditions_en: list[str | None] = []
    recent_visits: list[RecentVisit] = []

    @property
    def allergy_words(self) -> list[Text]:
        return _paired(self.allergies, self.allergies_en)

    @property
    def condition_words(self) -> list[Text]:
        return _paired(self.chronic_conditions, self.chronic_conditions_en)

    def newest_first(self) -> list[RecentVisit]:
        return sorted(self.recent_visits, key=lambda v: v.date, reverse=True)


class Renewal(Answer):
    renewal_id: str


class HealthAPI(UseCase):
    def family_doctor(self, visit: Visit) -> FamilyDoctor:
        return self._get(FamilyDoctor, "/api/v1/patients/me/family-doctor", visit=visit)

    def request_signing(self, visit: Visit, flow_id: str, team_id: str) -> SignRequest:
        return self._once(
            "family_doctor", f"{flow_id}:{team_id}", SignRequest, "/api/v1/family-doctor/requests",
            json={"team_id": team_id}, visit=visit,
        )

    def consent_and_read_record(self, visit: Visit, flow_id: str) -> HealthSummary:
        """Record the consent the patient just gave, then read the summary it opens."""
        self._once(
            "consent", f"{flow_id}:{HEALTH_RECORD}", None, "/api/v1/patients/me/consents",
            json={"scope": HEALTH_RECORD}, visit=visit,
        )
        return self._get(HealthSummary, "/api/v1/patients/me/health-record", field="summary", visit=visit)

    def chronic_prescriptions(self, visit: Visit) -> list[Prescription]:
        return self._get(
            list[Prescription], "/api/v1/patients/me/prescriptions", field="prescriptions",
            params={"chronic": "true"}, visit=visit,
        )

    def request_renewal(self, visit: Visit, flow_id: str, prescription_id: str) -> Renewal:
        return self._once(
            "renewal", f"{flow_id}:{prescription_id}", Renewal, "/api/v1/chronic-renewals",
            json={"prescription_id": prescription_id}, visit=visit,
        )
