"""Bodies of the "your next step" endpoint: what the patient has to do next today.

Each action names the kiosk service that performs it (``service``, the kiosk's service key)
and carries what that service needs to perform it at once (the bills to pay, the reports to
print), with a short label in both languages for a large button.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from gateway.schemas.hospital import DepartmentRef, Location

_SERVICE = "The kiosk service that performs the action (its service key)."


class Labelled(BaseModel):
    label: str = Field(description="Short Chinese label for a large button: `签到 心血管内科 "
                       "14:30`, `缴费 ¥38.20`, `打印 2 份报告`, `到 3 号窗口取药`, `抽血检验 · 医技楼1楼`.")
    label_en: str = Field(description="The same in English: `Check in: Cardiology 14:30`, "
                          "`Pay ¥38.20`, `Print 2 reports`, `Collect medicine at window 3`, "
                          "`Blood test · Medical Technology Building, floor 1`.")


class CheckInAction(Labelled):
    service: Literal["check_in"] = Field(description=_SERVICE)
    appointment_id: str = Field(
        description="Check in with `POST /appointments/{appointment_id}/check-in`.")
    department: DepartmentRef
    date: str = Field(description="`YYYY-MM-DD`: today.")
    time: str = Field(description="The slot, `HH:MM-HH:MM`.")
    location: Location = Field(description="Where the doctor sees patients.")


class PayAction(Labelled):
    service: Literal["payment"] = Field(description=_SERVICE)
    bill_ids: list[str] = Field(
        min_length=1, description="Every unpaid bill, oldest first: pre-settle them together "
        "with `POST /settlements/previews`.")
    count: int = Field(ge=1, description="How many bills.")
    amount_fen: int = Field(
        ge=0, description="Their total in fen before insurance (the label's amount); the "
        "pre-settlement says what the patient pays once an insurance voucher is scanned.")


class PrintReportsAction(Labelled):
    service: Literal["reports"] = Field(description=_SERVICE)
    report_ids: list[str] = Field(
        min_length=1, description="Ready reports still below the print limit, newest first: "
        "print each and record it with `POST /reports/{report_id}/prints`.")
    count: int = Field(ge=1)


class CollectMedicineAction(Labelled):
    service: Literal["pharmacy"] = Field(description=_SERVICE)
    prescription_ids: list[str] = Field(
        min_length=1, description="The prescriptions ready at this window.")
    window: str | None = Field(description="The pickup window, e.g. `3`; null if not assigned.")
    pharmacy: str = Field(description="e.g. `门诊西药房`.")
    location: Location | None = Field(description="Where the pharmacy is.")


class GoToAction(Labelled):
    service: Literal["guidance"] = Field(description=_SERVICE)
    step: int = Field(ge=0, description="Index of the step in `GET /patients/me/itinerary`.")
    kind: Literal["consult", "lab", "imaging"] = Field(description="The itinerary step's kind.")
    title: str
    title_en: str
    location: Location | None
    queue_position: int | None = Field(description="People ahead of the patient there.")
    estimated_wait_min: int | None


class InpatientAction(Labelled):
    service: Literal["inpatient"] = Field(description=_SERVICE)
    admission_id: str
    kind: Literal["top_up", "discharge"] = Field(
        description="`top_up`: the balance is low (`预交金余额 ¥…，请续缴`); `discharge`: "
        "discharge is ordered and can be settled here.")
    balance_fen: int


NextAction = Annotated[
    CheckInAction | PayAction | PrintReportsAction | CollectMedicineAction | GoToAction
    | InpatientAction,
    Field(discriminator="service"),
]
WithheldService = Literal["payment", "reports"]


class NextActions(BaseModel):
    date: str = Field(description="`YYYY-MM-DD`: the hospital's today.")
    actions: list[NextAction] = Field(
        description="In the order to do them: check in, pay, print reports, collect medicine, "
        "then the next place on the itinerary. Empty when there is nothing to do: show the "
        "menu.")
    inpatient: bool = Field(
        default=False,
        description="The patient has an admission not yet settled: offer inpatient services "
        "(always false for a visit opened by a visit-card number).")
    withheld: list[WithheldService] = Field(
        description="Services not looked at because the visit was opened by a visit-card "
        "number (they need a health card or ID card); empty for other visits. Listed for every "
        "such visit, whether or not there is anything, so it tells nothing about the patient.")
