"""Health services: the family-doctor contract, the health-record summary (only after the
patient's on-screen consent, recorded at the gateway first) and chronic-prescription renewal.

Each request that changes something carries one idempotency key per patient intent, so a
retry after a lost reply files one request, not two.
"""

from __future__ import annotations

from typing import Any

from kiosk.gateway_client import GatewayClient
from kiosk.intents import IntentStore
from kiosk.models import Visit

HEALTH_RECORD = "health_record"


class HealthAPI:
    def __init__(self, client: GatewayClient, intents: IntentStore) -> None:
        self._client = client
        self._intents = intents

    def family_doctor(self, visit: Visit) -> dict[str, Any]:
        return self._client.call("GET", "/api/v1/patients/me/family-doctor", visit=visit)

    def request_signing(self, visit: Visit, flow_id: str, team_id: str) -> dict[str, Any]:
        scope = f"{flow_id}:{team_id}"
        body = self._client.call(
            "POST", "/api/v1/family-doctor/requests", json={"team_id": team_id}, visit=visit,
            idempotency_key=self._intents.key("family_doctor", scope),
        )
        self._intents.finish("family_doctor", scope)
        return body

    def consent_and_read_record(self, visit: Visit, flow_id: str) -> dict[str, Any]:
        """Record the consent the patient just gave, then read the summary it opens."""
        scope = f"{flow_id}:{HEALTH_RECORD}"
        self._client.call(
            "POST", "/api/v1/patients/me/consents", json={"scope": HEALTH_RECORD}, visit=visit,
            idempotency_key=self._intents.key("consent", scope),
        )
        self._intents.finish("consent", scope)
        return self._client.call("GET", "/api/v1/patients/me/health-record", visit=visit)["summary"]

    def chronic_prescriptions(self, visit: Visit) -> list[dict[str, Any]]:
        return self._client.call(
            "GET", "/api/v1/patients/me/prescriptions", params={"chronic": "true"}, visit=visit
        )["prescriptions"]

    def request_renewal(self, visit: Visit, flow_id: str, prescription_id: str) -> dict[str, Any]:
        scope = f"{flow_id}:{prescription_id}"
        body = self._client.call(
            "POST", "/api/v1/chronic-renewals", json={"prescription_id": prescription_id},
            visit=visit, idempotency_key=self._intents.key("renewal", scope),
        )
        self._intents.finish("renewal", scope)
        return body
