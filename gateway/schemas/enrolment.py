"""Self-registration (自助建档): the enrolment offer and the create-patient request/answer."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from gateway.schemas.identify import Patient

PHONE_PATTERN = r"^1[3-9][0-9]{9}$"


class EnrolmentOffer(BaseModel):
    """In ``not_registered``'s ``detail.enrolment``: the platform knows this resident."""

    offer_id: str = Field(description="Opaque; valid on this device only, until `expires_at`.")
    expires_at: str = Field(description="ISO 8601 (UTC); a few minutes after the scan.")
    name: str = Field(description="Masked, as on every patient screen: `张*三`.")
    id_number: str = Field(description="Masked: `110101********1234`.")
    gender: Literal["M", "F"]
    birth_date: str = Field(description="`YYYY-MM-DD`.")
    phone: str | None = Field(
        description="The platform's mobile number masked (`138****5678`), null when it has "
        "none; sending `phone: null` keeps it."
    )
    guardian_required: bool = Field(
        description="Under 14 on the hospital's today: a guardian's identity is required."
    )


class ConsentGiven(BaseModel):
    consent: bool = Field(
        description="The patient agreed to what is stored (the kiosk showed and spoke it); "
        "false is refused with `consent_required`."
    )


class Guardian(BaseModel):
    name: str = Field(min_length=1, max_length=40)
    id_number: str = Field(
        min_length=15, max_length=18, description="Resident ID number, read from the card."
    )
    relation: Literal["parent", "guardian"] = "parent"


class FromOffer(BaseModel):
    source: Literal["offer"]
    offer_id: str = Field(min_length=8, max_length=64)


class FromIdCard(BaseModel):
    """The fields a resident ID card chip read gives (never the photo)."""

    source: Literal["id_card"]
    name: str = Field(min_length=1, max_length=40)
    gender: Literal["M", "F"]
    nation: str = Field(default="", max_length=2, description="GB 3304 code, e.g. `01`.")
    birth_date: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    id_number: str = Field(min_length=18, max_length=18)
    address: str = Field(default="", max_length=70)
    valid_to: str = Field(
        pattern=r"^([0-9]{4}-[0-9]{2}-[0-9]{2}|long-term)$",
        description="`YYYY-MM-DD` or `long-term`; an expired card is refused (`id_card_expired`)."
    )


class FromBirthCertificate(BaseModel):
    """A newborn with a birth-certificate number (出生医学证明, id type 08)."""

    source: Literal["birth_certificate"]
    name: str = Field(min_length=1, max_length=40)
    gender: Literal["M", "F"]
    birth_date: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    certificate_no: str = Field(pattern=r"^[A-Z][0-9]{9}$")


Identity = Annotated[FromOffer | FromIdCard | FromBirthCertificate, Field(discriminator="source")]


class CreatePatientRequest(ConsentGiven):
    identity: Identity
    phone: str | None = Field(
        default=None, max_length=32,
        description="Mainland mobile number (11 digits, `1[3-9]…`); null keeps the platform's.",
    )
    guardian: Guardian | None = Field(
        default=None, description="Required under 14 and for a birth certificate."
    )
    terminal_id: str | None = Field(default=None, max_length=64)


class CreatedPatient(BaseModel):
    created: bool = Field(description="False: the resident was registered already (that record).")
    patient: Patient
    visit_card_barcode: str | None = Field(
        description="The new visit card's number in full, for the Code 128 barcode on the "
        "registration slip (the card the patient takes away); shown nowhere else. Null when the "
        "resident was registered already: a name and an ID number never fetch someone's card."
    )
    health_card_registered: bool = Field(
        description="The platform issued a new health card for the resident at this enrolment."
    )
    matched_by: Literal["enrolment"] = "enrolment"
    assurance: Literal["strong"] = "strong"
    visit_token: str
    visit_expires_at: str
