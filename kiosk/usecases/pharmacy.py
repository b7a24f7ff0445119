"""Pharmacy pickup: the patient's prescriptions and where each stands.

paid → preparing → ready (at a window) → collected; the pharmacy system moves them, the
kiosk only tells the patient whether to walk to a window now or to wait.
"""

from __future__ import annotations

from kiosk.errors import Text
from kiosk.models import Visit
from kiosk.usecases.answers import Answer, UseCase, When, counted, words
from kiosk.usecases.usage import Scene

SCENE = Scene.MEDICINE_PICKUP
COLLECTED = "collected"
ON_ITS_WAY = ("paid", "preparing", "ready")  # the patient is told where to collect it
# What the patient can act on first: go to a window now, then what is on its way.
_ORDER = {"ready": 0, "preparing": 1, "paid": 2, COLLECTED: 3}


class PrescriptionItem(Answer):
    drug: str = ""
    drug_en: str | None = None
    spec: str = ""
    qty: int | str = ""
    unit: str = ""
    unit_en: str | None = None
    usage: str = ""
    usage_en: str | None = None

    @property
    def drug_and_spec(self) -> str:
        return f"{self.drug} {self.spec}".strip()

    @property
    def drug_words(self) -> Text:
        return words(self.drug, self.drug_en)

    @property
    def amount_words(self) -> Text:
        return counted(self.qty, self.unit, self.unit_en)

    @property
    def usage_words(self) -> Text:
        return words(self.usage, self.usage_en)


class Prescription(Answer):
    prescription_id: str
    status: str  # paid → preparing → ready → collected
    department: str = ""
    department_en: str | None = None
    diagnosis: str = ""
    diagnosis_en: str | None = None
    pharmacy: str = ""
    location_code: str | None = None
    window: str | None = None
    prescribed_at: When = None
    collected_at: When = None
    items: list[PrescriptionItem] = []

    @property
    def department_words(self) -> Text:
        return words(self.department, self.department_en)

    @property
    def collected(self) -> bool:
        return self.status == COLLECTED

    @property
    def drugs(self) -> str:
        return "、".join(i.drug_and_spec for i in self.items)

    @property
    def drug_names(self) -> Text:
        """What was prescribed, in the patient's language: ``阿托伐他汀钙片 20mg×7片``."""
        names = [i.drug_words for i in self.items]
        specs = [i.spec for i in self.items]
        return Text(
            "、".join(f"{n.zh} {s}".strip() for n, s in zip(names, specs, strict=True)),
            "; ".join(f"{n.en} {s}".strip() for n, s in zip(names, specs, strict=True)),
        )


class PharmacyAPI(UseCase):
    def prescriptions(self, visit: Visit, chronic: bool | None = None) -> list[Prescription]:
        params = None if chronic is None else {"chronic": "true" if chronic else "false"}
        return self._get(
            list[Prescription], "/api/v1/patients/me/prescriptions", field="prescriptions",
            params=params, visit=visit,
        )


def by_urgency(prescriptions: list[Prescription]) -> list[Prescription]:
    """Ready first, collected last; the gateway's newest-first order within each status."""
    return sorted(prescriptions, key=lambda p: _ORDER.get(p.status, len(_ORDER)))


def renewable(prescriptions: list[Prescription]) -> list[Prescription]:
    """Only medicine already taken home runs low: a prescription still waiting at the
    pharmacy window (made today, paid, not collected) is not offered for renewal."""
    return [rx for rx in prescriptions if rx.collected]
