"""Domain models of the core. Reprs never contain personal data."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from kiosk.identity import IdentifiedBy
from kiosk.privacy import mask_id_number, mask_name


class Gender(enum.StrEnum):
    MALE = "M"
    FEMALE = "F"


@dataclass(frozen=True, repr=False)
class Insurance:
    insured: bool
    insurance_no: str | None = None
    region: str | None = None


@dataclass(frozen=True, repr=False)
class Patient:
    """A patient as the hospital gateway identified them."""

    patient_id: str
    name: str
    gender: Gender
    birth_date: dt.date
    id_type: str
    id_number: str
    health_card_id: str | None  # none when identified by visit card only
    visit_card_no: str
    insurance: Insurance = field(default_factory=lambda: Insurance(insured=False))
    # Whole years on the hospital's today, as the gateway counted them (None from an older
    # gateway: then :meth:`age` counts from the birth date).
    age_years: int | None = None

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_visit_card(self) -> str:
        return mask_id_number(self.visit_card_no)

    def age(self, today: dt.date) -> int:
        if self.age_years is not None:
            return self.age_years
        had_birthday = (today.month, today.day) >= (self.birth_date.month, self.birth_date.day)
        return today.year - self.birth_date.year - (0 if had_birthday else 1)

    def __repr__(self) -> str:  # an opaque hospital id only; never the name or ID number
        return f"Patient({self.patient_id})"


@dataclass(frozen=True, repr=False)
class Visit:
    """The gateway's opaque token for this patient's visit; scopes every patient call."""

    token: str

    def __repr__(self) -> str:
        return "Visit(...)"


class Assurance(enum.StrEnum):
    """How well identify proved who the patient is (the gateway's ``assurance``)."""

    STRONG = "strong"  # a health card code, an ID number with its check digit, a voucher
    # The inpatient number on a wristband: short, sequential and printed on it, so it opens
    # the stay's own services and the low-risk ones only.
    WRISTBAND = "wristband"
    VISIT_CARD = "visit_card"  # a number printed on paper and typed in: low-risk services only

    @classmethod
    def of(cls, value: object, matched_by: str) -> Assurance:
        """Fail closed: a visit-card match is never more than ``visit_card`` and a wristband
        match never more than ``wristband``, whatever the gateway says (an older gateway
        sends no ``assurance``, or ``strong`` for a wristband: the match decides); an
        assurance this kiosk does not know is ``visit_card``."""
        ceiling = _CEILING.get(matched_by, cls.STRONG)
        said = cls.STRONG if value is None else _KNOWN.get(str(value), cls.VISIT_CARD)
        return max(said, ceiling, key=_WEAKNESS.index)


_WEAKNESS = (Assurance.STRONG, Assurance.WRISTBAND, Assurance.VISIT_CARD)
_KNOWN = {a.value: a for a in Assurance}
_CEILING = {"visit_card": Assurance.VISIT_CARD, "inpatient_no": Assurance.WRISTBAND}


@dataclass(frozen=True)
class Identification:
    patient: Patient
    matched_by: str
    visit: Visit | None = None
    assurance: Assurance = Assurance.STRONG
    # How the person was identified (kiosk.identity); unknown: the lowest level.
    identified_by: IdentifiedBy = IdentifiedBy.TYPED_NUMBER


@dataclass(frozen=True)
class Capabilities:
    services: frozenset[str]
    hospital_code: str = ""
    hospital_name_zh: str = ""
    hospital_name_en: str = ""
