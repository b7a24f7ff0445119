"""Health-card usage reports (用卡数据监测), sent through the durable outbox.

Every use of a health card is reported with its scene and channel: 0200 for the patient
kiosk, 0100 for the staffed pharmacy window. Reports carry the opaque card id, never a name.
"""

from __future__ import annotations

import datetime as dt
import enum

from kiosk.gateway_client import GatewayClient
from kiosk.outbox import Outbox

TOPIC = "usage"


class Scene(enum.StrEnum):
    APPOINTMENT_REGISTRATION = "0101011"
    SAME_DAY_REGISTRATION = "0101012"
    APPOINTMENT_QUERY = "0101013"
    GUIDANCE = "0101014"
    PAYMENT_UNPAID = "0101051"
    PAYMENT_PAID = "0101052"
    INPATIENT_PAYMENT = "0101053"
    LAB_REPORT = "0101081"
    IMAGING_REPORT = "0101082"
    MEDICINE_PICKUP = "010103"


class Channel(enum.StrEnum):
    KIOSK = "0200"
    MANUAL_WINDOW = "0100"


class CostType(enum.StrEnum):
    SELF_PAY = "0100"
    INSURANCE = "0200"
    PUBLIC = "0300"


def report_usage(
    outbox: Outbox,
    health_card_id: str | None,
    scene: Scene,
    channel: Channel = Channel.KIOSK,
    cost_type: CostType = CostType.SELF_PAY,
    *,
    now: dt.datetime,
) -> str | None:
    if not health_card_id:
        return None  # identified by ID number or visit card only: no health card was used
    used_at = now.isoformat(timespec="seconds")  # the hospital clock's now
    return outbox.put(
        TOPIC,
        {
            "health_card_id": health_card_id,
            "scene": scene.value,
            "channel": channel.value,
            "card_type": "11",
            "cost_type": cost_type.value,
            "used_at": used_at,
        },
    )


def sender(client: GatewayClient):
    """The outbox's way of delivering a usage report: the message id is the report id and
    the idempotency key, so a report re-sent after a lost reply is recorded once."""

    def send(topic: str, body: dict) -> None:
        if topic != TOPIC:
            raise ValueError(f"unknown outbox topic {topic}")
        payload = {k: v for k, v in body.items() if k != "id"}
        payload["report_id"] = body["id"]
        client.call("POST", "/api/v1/usage-reports", json=payload, idempotency_key=body["id"])

    return send
