"""Guidance (导诊): today's itinerary and the symptom → department recommender.

The recommender is the gateway's rules table, not a diagnosis; the kiosk only offers the
symptoms that apply to the patient's sex and passes their age, both from the identified
patient, so nobody has to type personal details into a shared screen.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kiosk.gateway_client import GatewayClient
from kiosk.models import Patient, Visit

EMERGENCY_DEPARTMENT = "20"  # 急诊医学科, the national 诊疗科目 code


class GuidanceAPI:
    def __init__(self, client: GatewayClient) -> None:
        self._client = client

    def itinerary(self, visit: Visit) -> dict[str, Any]:
        return self._client.call("GET", "/api/v1/patients/me/itinerary", visit=visit)

    def catalogue(self) -> list[dict[str, Any]]:
        return self._client.call("GET", "/api/v1/triage/catalogue")["body_areas"]

    def recommend(
        self, patient: Patient, body_area: str, symptoms: list[str], today: dt.date
    ) -> list[dict[str, Any]]:
        # A query that changes nothing: no idempotency key (the contract says so).
        body = {
            "body_area": body_area,
            "symptoms": symptoms,
            "age": max(0, patient.age(today)),
            "sex": patient.gender.value,
        }
        return self._client.call("POST", "/api/v1/triage", json=body)["recommendations"]

    def department_location(self, code: str) -> dict[str, Any] | None:
        """Where a department sees patients (the emergency department, for urgent advice)."""
        departments = self._client.call("GET", "/api/v1/departments")["departments"]
        department = next((d for d in departments if d.get("code") == code), None)
        if department is None:
            return None
        locations = self._client.call("GET", "/api/v1/locations")["locations"]
        return next((loc for loc in locations if loc.get("code") == department.get("location_code")), None)


def symptoms_for(area: dict[str, Any], patient: Patient) -> list[dict[str, Any]]:
    """The area's symptoms that apply to this patient (some are offered to one sex only)."""
    sex = patient.gender.value
    return [s for s in area.get("symptoms", ()) if s.get("sex") in (None, sex)]


def next_step(itinerary: dict[str, Any]) -> dict[str, Any] | None:
    steps = itinerary.get("steps") or []
    index = itinerary.get("next")
    if isinstance(index, int) and 0 <= index < len(steps):
        return steps[index]
    return next((s for s in steps if s.get("status") != "done"), None)


def urgent(recommendations: list[dict[str, Any]]) -> dict[str, Any] | None:
    return next((r for r in recommendations if r.get("urgent")), None)
