"""Request and response bodies of the Kiosk Gateway API (the OpenAPI schema comes from here)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

ScanSource = Literal["camera", "serial", "evdev", "wedge", "demo", "manual", "card_reader"]
# ehc_platform: a code of a shape only the platform reads (provincial ciphertext), passed on.
IdentifiedBy = Literal["chip_read", "dynamic_code", "static_code", "typed_number"]
MatchedBy = Literal[
    "ehc_static", "ehc_dynamic", "ehc_platform", "id_number", "visit_card", "insurance_voucher",
    "inpatient_no",
]


class IdentifyRequest(BaseModel):
    text: str = Field(
        min_length=1,
        max_length=512,
        description="The scanned or typed text, unchanged. Treated as opaque and never echoed.",
    )
    source: ScanSource = Field(description="Which input produced the text.")
    terminal_id: str | None = Field(
        default=None, max_length=64, description="Scanner / kiosk identifier for the usage log."
    )


class Insurance(BaseModel):
    insured: bool
    insurance_no: str | None = Field(
        description="Medical-insurance number (= ID number), masked like `id_number`."
    )
    region: str | None = Field(description="Insured region code (GB/T 2260, city level).")


class Patient(BaseModel):
    patient_id: str = Field(description="The hospital's patient id (HIS), e.g. `P00012345`.")
    name: str = Field(description="Masked: `张*三`, `张*`, `L*** M***`.")
    gender: Literal["M", "F"]
    birth_date: str = Field(description="`YYYY-MM-DD`.")
    age: int = Field(
        ge=0, description="Whole years on the hospital's today (its time zone), for the kiosk's "
        "elder mode: a kiosk needs no birth date to decide it."
    )
    id_type: str = Field(description="`01` = resident identity card.")
    id_number: str = Field(description="Masked: `110101********1234` (15 digits: 6 + last 3).")
    health_card_id: str | None = Field(
        description="64-hex electronic health card id; null when the patient has no active card."
    )
    visit_card_no: str = Field(
        description="The hospital's visit-card number, masked to its last 4 digits."
    )
    insurance: Insurance


class IdentifyResponse(BaseModel):
    patient: Patient
    matched_by: MatchedBy
    assurance: Literal["strong", "wristband", "visit_card"] = Field(
        description="`strong`: a health code, an ID number or a voucher; the visit reaches "
        "every service. `wristband`: opened by an inpatient number from a wristband (short, "
        "sequential and printed on it), this visit reaches the inpatient services (admissions, "
        "daily list, deposit top-up and its payment, discharge pre-settlement and settlement, "
        "whose refunds go only to the channels the deposits came by) and the low-risk ones. "
        "`visit_card`: opened by a visit-card number, this visit reaches guidance, pharmacy "
        "pickup status and check-in only. Others answer 403 `stronger_id_required`: the "
        "patient shows the health card or ID card."
    )
    identified_by: IdentifiedBy = Field(
        description="How the person was identified, strongest first: `chip_read` (an ID or "
        "social-security card read by the kiosk's reader, `source: card_reader`), "
        "`dynamic_code` (a dynamic health code or insurance e-voucher), `static_code` (a "
        "static health code, or a code only the platform reads), `typed_number` (an ID or "
        "visit-card number, typed or scanned). Kiosks ask more than a number for sensitive "
        "services (the health record)."
    )
    visit_token: str = Field(
        description="Opaque; send as `X-Visit-Token` on every patient-scoped call."
    )
    visit_expires_at: str = Field(
        description="ISO 8601; 30 min after the last use of the token (each use extends it)."
    )


class Health(BaseModel):
    status: Literal["ok"]


class Hospital(BaseModel):
    code: str
    name: str
    name_en: str


class Capabilities(BaseModel):
    services: list[str] = Field(description="Services this gateway offers, e.g. `identify`.")
    hospital: Hospital


class DemoPatient(BaseModel):
    patient_id: str | None = Field(description="Null for residents unknown to the hospital.")
    name: str
    gender: Literal["M", "F"]
    health_card_id: str
    status: Literal["active", "cancelled", "unregistered"]
    insured: bool
    # Synthetic people: what the demo panel's simulated ID and social-security cards carry.
    id_number: str | None = None
    birth_date: str | None = None


class DemoPatients(BaseModel):
    patients: list[DemoPatient]


class CodeRequest(BaseModel):
    kind: Literal["dynamic", "static", "insurance"] = "dynamic"
    org_code: str | None = Field(
        default=None, pattern=r"^[0-9A-Z]{1,32}$", description="Appended as `::<org code>`."
    )
    age_s: int = Field(
        default=0,
        ge=0,
        le=86_400,
        description="Back-date the issue time by this many seconds (an expired code for tests).",
    )


class CodeResponse(BaseModel):
    text: str = Field(description="The text a scanner would read from the QR code.")
    expires_at: str | None = Field(description="ISO 8601 (UTC); null for static codes.")


class CardCode(CodeResponse):
    svg: str = Field(description="The QR code as an inline SVG element.")
    expires_in_s: float | None
    lifetime_s: int
