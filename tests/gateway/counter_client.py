"""Helpers for the pharmacy counter tests, for a ``TestClient`` or a ``GatewayProcess``.

Positions in the demo listing and what each has waiting at window 3 (gateway.demo.counter).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from tests.gateway.service_client import key

# Demo listing positions (GET /demo/v1/patients).
RX_THREE = 0  # paid omeprazole, preparing amoxicillin + licorice, ready amlodipine; 磺胺类药物
PENICILLIN = 1  # paid cefixime + ibuprofen; allergic to 青霉素
LIPITOR = 2  # paid imported Lipitor ×2 (GS1 boxes)
METFORMIN = 5  # paid metformin ×2 + acarbose; allergic to 阿司匹林
GUT = 6  # ready smectite ×2 + omeprazole ×1
BRONCHITIS = 7  # preparing amoxicillin ×2 + licorice ×1
OMEPRAZOLE = "YP00109"


def staff(client: Any, staff_no: str = "1001") -> dict[str, str]:
    response = client.post("/api/v1/staff/sessions",
                           json={"staff_no": staff_no, "password": f"demo-{staff_no}"})
    assert response.status_code == 201, response.text
    return {"X-Staff-Session": response.json()["staff_session"]}


def card(client: Any, position: int) -> str:
    response = client.get("/demo/v1/patients", params={"limit": 10})
    return response.json()["patients"][position]["health_card_id"]


def lookup(client: Any, headers: dict[str, str], position: int) -> dict[str, Any]:
    code = client.post(f"/demo/v1/cards/{card(client, position)}/codes",
                       json={"kind": "dynamic"}).json()["text"]
    response = client.post("/api/v1/pharmacy/lookup", json={"text": code, "source": "wedge"},
                           headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def window_rx(found: dict[str, Any], window: str = "3") -> dict[str, Any]:
    return next(p for p in found["prescriptions"] if p["window"] == window)


def boxes(client: Any, drug_code: str, state: str = "fresh", limit: int = 10) -> list[str]:
    response = client.get("/demo/v1/boxes",
                          params={"drug_code": drug_code, "state": state, "limit": limit})
    assert response.status_code == 200, response.text
    return [b["code"] for b in response.json()["boxes"]]


def scans(client: Any, prescription: dict[str, Any]) -> list[dict[str, str]]:
    """Exactly the right fresh boxes for every item of ``prescription``."""
    return [
        {"item_id": item["item_id"], "code": code}
        for item in prescription["items"]
        for code in boxes(client, item["drug_code"], limit=item["qty"])
    ]


def dispense(
    client: Any, headers: dict[str, str], prescription_ids: list[str],
    box_list: list[dict[str, str]], idem: dict[str, str] | None = None,
) -> Any:
    return client.post("/api/v1/pharmacy/dispenses",
                       json={"prescription_ids": prescription_ids, "boxes": box_list},
                       headers={**headers, **(idem or key())})


def error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()["error"]
    assert set(body) <= {"code", "message", "message_zh", "detail"}
    return body


def count(db_path: Path, sql: str, *args: Any) -> int:
    with closing(sqlite3.connect(db_path)) as conn:
        return conn.execute(sql, args).fetchone()[0]
