"""The demo stays' wristbands, for the kiosk's demo panel (its 住院腕带 button presents them in
turn, as a family member would scan the patient's wristband). Reference gateway only."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from gateway.core.auth import Device, State
from gateway.core.errors import INTERNAL_ERROR, UNAUTHORIZED, responses

router = APIRouter(tags=["demo"])


class DemoWristband(BaseModel):
    inpatient_no: str = Field(description="In full: what the wristband's barcode carries.")
    ward: str
    ward_en: str
    status: str


class DemoWristbands(BaseModel):
    wristbands: list[DemoWristband] = Field(description="Stays not yet settled, by admission.")


@router.get("/demo/v1/wristbands", response_model=DemoWristbands,
            summary="The wristband numbers of the demo stays not yet settled",
            responses=responses(UNAUTHORIZED, INTERNAL_ERROR))
def demo_wristbands(state: State, _device: Device) -> DemoWristbands:
    with state.db.transaction() as conn:
        rows = conn.execute(
            "SELECT inpatient_no, ward, ward_en, status FROM admissions"
            " WHERE status != 'settled' ORDER BY admission_id"
        ).fetchall()
    return DemoWristbands(wristbands=[DemoWristband(**dict(r)) for r in rows])
