"""Self-registration (自助建档) at the first visit: who may register, and the one call.

Two ways in: identify answered ``not_registered`` with an enrolment offer (the health-card
platform knows the resident: the kiosk confirms the masked identity and a phone number),
or an ID card was read for a resident the hospital does not know (the chip's fields are
the identity). A child under 14 or a newborn needs a guardian's ID card. The answer opens
the visit like identify and carries the new visit card's number for the slip's barcode.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from kiosk.cards import IdCardRead
from kiosk.errors import GatewayRejected, Text
from kiosk.identity import IdentifiedBy
from kiosk.models import Assurance, Gender, Identification, Insurance, Patient, Visit
from kiosk.privacy import mask_id_number, mask_name
from kiosk.usecases.answers import Answer, UseCase

CHILD_UNDER = 14
PHONE = re.compile(r"1[3-9][0-9]{9}")
# Refusals of identify after which registration may be offered (an ID card read only).
UNKNOWN_HERE = frozenset({"not_registered", "unknown_code"})

CONSENT = Text(
    zh="建档将在本院保存您的姓名、性别、出生日期、证件号码和手机号码，用于挂号、缴费和查询报告，"
       "并与您的电子健康卡绑定。",
    en="Registering keeps your name, sex, date of birth, ID number and mobile number at this "
       "hospital for appointments, payments and reports, bound to your health card.",
)


class Offer(Answer):
    """What identify's ``not_registered`` carries when the platform knows the resident."""

    offer_id: str
    name: str  # masked
    id_number: str  # masked
    gender: Literal["M", "F"]
    birth_date: dt.date
    phone: str | None = None  # masked
    guardian_required: bool = False


class _Patient(Answer):
    patient_id: str
    name: str
    gender: Literal["M", "F"]
    birth_date: dt.date
    id_type: str = "01"
    id_number: str
    health_card_id: str | None = None
    visit_card_no: str


class Created(Answer):
    created: bool
    patient: _Patient
    visit_card_barcode: str | None = None  # only for a record made now
    health_card_registered: bool = False
    visit_token: str


@dataclass(frozen=True, repr=False)
class Enrolment:
    """Who is being registered: an offer, or an ID card read (never both)."""

    offer: Offer | None = None
    card: IdCardRead | None = None

    @property
    def needs_guardian(self) -> bool:
        return bool(self.offer and self.offer.guardian_required)

    def needs_guardian_on(self, today: dt.date) -> bool:
        if self.card is not None:
            return self.card.age(today) < CHILD_UNDER
        return self.needs_guardian

    @property
    def masked_name(self) -> str:
        return self.offer.name if self.offer else mask_name(self.card.name if self.card else "")

    @property
    def masked_id(self) -> str:
        return self.offer.id_number if self.offer else mask_id_number(
            self.card.id_number if self.card else "")

    @property
    def platform_phone(self) -> str | None:
        """The masked number the platform holds (kept when the patient accepts it)."""
        return self.offer.phone if self.offer else None

    def __repr__(self) -> str:
        return f"Enrolment(offer={self.offer is not None}, card={self.card is not None})"


@dataclass(frozen=True)
class Enrolled:
    identification: Identification
    visit_card_barcode: str | None  # None: registered before, the card is not reprinted here
    created: bool


def offer_of(exc: BaseException) -> Offer | None:
    """The enrolment offer a refusal of identify carries, if any."""
    if not isinstance(exc, GatewayRejected) or exc.code != "not_registered":
        return None
    detail = (exc.detail or {}).get("enrolment")
    if not isinstance(detail, dict):
        return None
    try:
        return Offer.model_validate(detail)
    except ValueError:
        return None


def valid_phone(digits: str) -> bool:
    return PHONE.fullmatch(digits) is not None


def _card_identity(card: IdCardRead) -> dict:
    return {
        "source": "id_card", "name": card.name, "gender": card.gender, "nation": card.nation,
        "birth_date": card.birth_date.isoformat(), "id_number": card.id_number,
        "address": card.address[:70],
        "valid_to": card.valid_to.isoformat() if card.valid_to else "long-term",
    }


class EnrolAPI(UseCase):
    def create(self, flow_id: str, enrolment: Enrolment, phone: str | None,
               guardian: IdCardRead | None = None) -> Enrolled:
        """Create the record (``phone`` None keeps the platform's); keyed per flow, so a
        retry after a lost reply is answered with the same patient."""
        if enrolment.offer is not None:
            identity: dict = {"source": "offer", "offer_id": enrolment.offer.offer_id}
        elif enrolment.card is not None:
            identity = _card_identity(enrolment.card)
        else:
            raise ValueError("an enrolment needs an offer or an ID card read")
        body = {"consent": True, "identity": identity, "phone": phone,
                "terminal_id": self._client.terminal_id or None}
        if guardian is not None:
            body["guardian"] = {"name": guardian.name, "id_number": guardian.id_number}
        answer: Created = self._once("enrol", flow_id, Created, "/api/v1/patients", json=body,
                                     visit=None)
        p = answer.patient
        patient = Patient(
            patient_id=p.patient_id, name=p.name, gender=Gender(p.gender),
            birth_date=p.birth_date, id_type=p.id_type, id_number=p.id_number,
            health_card_id=p.health_card_id, visit_card_no=p.visit_card_no,
            insurance=Insurance(insured=False),
        )
        # Registered from the chip's read, or from an offer a health code brought (dynamic or
        # static: the lower is assumed).
        level = IdentifiedBy.CHIP_READ if enrolment.offer is None else IdentifiedBy.STATIC_CODE
        identification = Identification(patient=patient, matched_by="enrolment",
                                        visit=Visit(answer.visit_token),
                                        assurance=Assurance.STRONG, identified_by=level)
        return Enrolled(identification, answer.visit_card_barcode, answer.created)
