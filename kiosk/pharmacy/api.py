"""The pharmacy counter's calls to the gateway (docs/api/pharmacy-contract.md).

Every call but sign-in carries the staff session (``X-Staff-Session``), so the gateway
attributes it to the staff member; state changes carry an idempotency key.
"""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from kiosk.clock import DEFAULT_TIME_ZONE
from kiosk.errors import GatewayUnavailable
from kiosk.gateway_client import GatewayClient
from kiosk.pharmacy.models import (
    CodeCheck,
    Dispense,
    Drug,
    Lookup,
    QueueEntry,
    checks_from,
    dispense_from,
    drug_from,
    lookup_from,
    queue_from,
    staff_from,
)
from kiosk.pharmacy.staff import SignedIn

API = "/api/v1"
CAPABILITY = "pharmacy_counter"


class CounterAPI:
    def __init__(self, client: GatewayClient, zone: str | ZoneInfo = DEFAULT_TIME_ZONE) -> None:
        self._client = client
        # What a time without an offset means: the hospital's wall time (kiosk.clock.on_wall).
        self._zone = zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)

    def sign_in(self, staff_no: str, password: str) -> SignedIn:
        # Sign-in changes nothing a retry could double (a second session at most), and the
        # password must not wait in an idempotency cache: no key.
        body = self._client.call(
            "POST", f"{API}/staff/sessions", json={"staff_no": staff_no, "password": password}
        )
        try:
            token = str(body["staff_session"])
        except (KeyError, TypeError):
            raise GatewayUnavailable() from None
        return SignedIn(staff_from(body["staff"]), token)

    def sign_out(self, token: str) -> None:
        self._client.call("DELETE", f"{API}/staff/sessions/current", staff=token)

    def queue(self, token: str, window: str) -> list[QueueEntry]:
        body = self._client.call(
            "GET", f"{API}/pharmacy/queue", params={"window": window}, staff=token
        )
        return queue_from(body, self._zone)

    def call_next(self, token: str, window: str) -> dict:
        # Each press is a new call: a fresh key, reused only by the client's own retries.
        return self._client.call(
            "POST", f"{API}/pharmacy/queue/call-next", json={"window": window}, staff=token,
            idempotency_key=str(uuid.uuid4()),
        )

    def recall(self, token: str, queue_id: str) -> dict:
        return self._client.call(
            "POST", f"{API}/pharmacy/queue/{queue_id}/call", json={}, staff=token,
            idempotency_key=str(uuid.uuid4()),
        )

    def lookup(
        self, token: str, text: str, source: str, health_card_id: str | None, window: str
    ) -> Lookup:
        body = self._client.call(
            "POST", f"{API}/pharmacy/lookup", json={"text": text, "source": source}, staff=token
        )
        return lookup_from(body, health_card_id, window)

    def drug(self, token: str, drug_code: str) -> Drug:
        return drug_from(self._client.call("GET", f"{API}/pharmacy/drugs/{drug_code}", staff=token))

    def drugs(self, token: str, drug_codes: set[str]) -> dict[str, Drug]:
        return {code: self.drug(token, code) for code in sorted(drug_codes)}

    def check_codes(self, token: str, codes: list[str]) -> list[CodeCheck]:
        body = self._client.call(
            "POST", f"{API}/pharmacy/trace-codes/check", json={"codes": codes}, staff=token
        )
        return checks_from(body, self._zone)

    def dispense(
        self, token: str, prescription_ids: list[str], boxes: list[dict[str, str]], key: str
    ) -> Dispense:
        body = self._client.call(
            "POST",
            f"{API}/pharmacy/dispenses",
            json={"prescription_ids": prescription_ids, "boxes": boxes},
            staff=token,
            idempotency_key=key,
        )
        return dispense_from(body, self._zone)
