"""Usage reports (用卡数据监测): the scenes, and whose card a report is about."""

from __future__ import annotations

import hashlib
import json

from gateway.core.clock import local
from gateway.core.errors import UNKNOWN_CODE, GatewayError
from gateway.schemas.usage import UsageReportBody
from gateway.store import platform_outbox

SCHEMA = """
CREATE TABLE IF NOT EXISTS usage_reports (
    report_id TEXT PRIMARY KEY,
    device TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    patient_id TEXT REFERENCES patients (patient_id),
    scene TEXT NOT NULL,
    channel TEXT NOT NULL,
    card_type TEXT NOT NULL,
    cost_type TEXT,
    used_at TEXT NOT NULL,
    terminal_id TEXT,
    received_at REAL NOT NULL,
    response TEXT NOT NULL
);
"""


# The platform's scene codes (provincial 用卡数据监测 lists and their national parents).
SCENES: dict[str, str] = {
    "0101011": "预约挂号",
    "0101012": "当日挂号",
    "0101013": "预约查询",
    "0101014": "导诊",
    "0101051": "门诊缴费(待缴)",
    "0101052": "门诊缴费(已缴)",
    "0101053": "住院缴费",
    "0101081": "检验报告",
    "0101082": "检查报告",
    "010101": "挂号",
    "010103": "取药",
    "010104": "检查检验",
    "010105": "缴费",
}


def report_fingerprint(body: UsageReportBody) -> str:
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def report_patient(conn, body: UsageReportBody) -> str:
    if body.health_card_id:
        row = conn.execute(
            "SELECT patient_id FROM patients WHERE health_card_id = ?",
            (body.health_card_id.upper(),),
        ).fetchone()
    else:
        # The visits table keys a visit by the token's SHA-256 (gateway.core.visits).
        digest = hashlib.sha256((body.visit_token or "").encode("utf-8")).hexdigest()
        row = conn.execute(
            "SELECT patient_id FROM visits WHERE visit_id = ?", (digest,)
        ).fetchone()
    if row is None:
        raise GatewayError(UNKNOWN_CODE)
    return row["patient_id"]


def usage_for_platform(conn, report_id: str, body: UsageReportBody, patient_id: str,
                       now: float) -> bool:
    """Owe the platform this report (by the patient's card); False when there is no card."""
    row = conn.execute("SELECT health_card_id FROM patients WHERE patient_id = ?",
                       (patient_id,)).fetchone()
    card = (body.health_card_id or (row["health_card_id"] if row else None) or "").upper()
    if not card:
        return False
    payload = {"health_card_id": card, "scene": body.scene, "channel": body.channel,
               "cost_type": body.cost_type or "", "at": local(body.used_at.timestamp())
               .strftime("%Y-%m-%d %H:%M:%S")}
    return platform_outbox.add(conn, f"usage:{report_id}", "usage", payload, now)
