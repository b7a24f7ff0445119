"""Registration at the kiosk: department → schedule → slot → lock → pay → commit.

The slot is locked at the gateway while the patient pays; every lock the kiosk holds is
recorded in the intent store so that a flow abandoned in any way — Back, Home, idle timeout,
an error, or a crash of the kiosk — releases it (on restart, :meth:`release_stale_locks`).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from kiosk.errors import GatewayRejected, KioskError
from kiosk.gateway_client import GatewayClient
from kiosk.intents import IntentState, IntentStore
from kiosk.models import Visit

logger = logging.getLogger(__name__)

OPEN_LOCK = "open_lock"


@dataclass(frozen=True)
class Lock:
    lock_id: str
    expires_at: str
    total_fen: int
    reg_fee_fen: int
    treat_fee_fen: int
    insurance_applicable: bool


class RegistrationAPI:
    def __init__(self, client: GatewayClient, intents: IntentStore) -> None:
        self._client = client
        self._intents = intents

    # --- queries ---------------------------------------------------------------------------

    def departments(self) -> list[dict[str, Any]]:
        return self._client.call("GET", "/api/v1/departments")["departments"]

    def locations(self) -> dict[str, dict[str, Any]]:
        rows = self._client.call("GET", "/api/v1/locations")["locations"]
        return {row["code"]: row for row in rows}

    def schedules(self, department_code: str, days: int = 7) -> list[dict[str, Any]]:
        return self._client.call(
            "GET", f"/api/v1/departments/{department_code}/schedules", params={"days": days}
        )["schedules"]

    def slots(self, schedule_id: str) -> list[dict[str, Any]]:
        return self._client.call("GET", f"/api/v1/schedules/{schedule_id}/slots")["slots"]

    # --- state changes (idempotent) --------------------------------------------------------

    def lock(self, visit: Visit, flow_id: str, schedule_id: str, slot_id: str) -> Lock:
        key = self._intents.key("lock", f"{flow_id}:{schedule_id}:{slot_id}")
        body = self._client.call(
            "POST",
            "/api/v1/registrations/locks",
            json={"schedule_id": schedule_id, "slot_id": slot_id},
            visit=visit,
            idempotency_key=key,
        )
        # Recorded at once: if the kiosk dies from here on, the next start releases it.
        self._intents.key(OPEN_LOCK, body["lock_id"])
        fee = body["fee"]
        return Lock(
            lock_id=body["lock_id"],
            expires_at=body["expires_at"],
            total_fen=int(fee["total_fen"]),
            reg_fee_fen=int(fee["reg_fee_fen"]),
            treat_fee_fen=int(fee["treat_fee_fen"]),
            insurance_applicable=bool(body.get("insurance_applicable", False)),
        )

    def unlock(self, lock_id: str, visit: Visit | None = None) -> None:
        key = self._intents.key("unlock", lock_id)
        path = f"/api/v1/registrations/locks/{lock_id}"
        try:
            self._client.call("DELETE", path, visit=visit, idempotency_key=key)
        except GatewayRejected as exc:
            # The patient's session ended and the kiosk ended their visit at the gateway
            # meanwhile: the device's own token still releases what this kiosk locked.
            if visit is None or exc.code != "visit_expired":
                raise
            self._client.call("DELETE", path, idempotency_key=self._intents.key("unlock-device", lock_id))
        self._intents.finish(OPEN_LOCK, lock_id, IntentState.ABANDONED)

    def commit(self, visit: Visit, lock_id: str, payment_id: str | None) -> dict[str, Any]:
        key = self._intents.key("register", lock_id)
        body = self._client.call(
            "POST",
            "/api/v1/registrations",
            json={"lock_id": lock_id, "payment_id": payment_id},
            visit=visit,
            idempotency_key=key,
        )
        self._intents.finish("register", lock_id)
        self._intents.finish(OPEN_LOCK, lock_id)
        return body

    def release_stale_locks(self) -> int:
        """Release locks left by a flow that never finished (crash, power cut)."""
        released = 0
        for lock_id in self._intents.open_scopes(OPEN_LOCK):
            try:
                self.unlock(lock_id)
                released += 1
            except GatewayRejected as exc:
                logger.warning("stale lock could not be released: %s", exc.code)
                self._intents.finish(OPEN_LOCK, lock_id, IntentState.ABANDONED)
            except KioskError:
                break  # gateway away; try again at the next start or tick
        return released


def new_flow_id() -> str:
    return str(uuid.uuid4())
