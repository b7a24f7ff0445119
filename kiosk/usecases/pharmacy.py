"""Pharmacy pickup: the patient's prescriptions and where each stands.

paid → preparing → ready (at a window) → collected; the pharmacy system moves them, the
kiosk only tells the patient whether to walk to a window now or to wait.
"""

from __future__ import annotations

from typing import Any

from kiosk.gateway_client import GatewayClient
from kiosk.models import Visit

# What the patient can act on first: go to a window now, then what is on its way.
_ORDER = {"ready": 0, "preparing": 1, "paid": 2, "collected": 3}


class PharmacyAPI:
    def __init__(self, client: GatewayClient) -> None:
        self._client = client

    def prescriptions(self, visit: Visit, chronic: bool | None = None) -> list[dict[str, Any]]:
        params = None if chronic is None else {"chronic": "true" if chronic else "false"}
        return self._client.call(
            "GET", "/api/v1/patients/me/prescriptions", params=params, visit=visit
        )["prescriptions"]


def by_urgency(prescriptions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Ready first, collected last; the gateway's newest-first order within each status."""
    return sorted(prescriptions, key=lambda p: _ORDER.get(p.get("status", ""), len(_ORDER)))
