"""Helpers for the patient-service tests: an in-process gateway with a movable clock and
opening a visit the way a kiosk does (demo code → identify → X-Visit-Token).

Works with the real-socket ``GatewayProcess`` and with a ``TestClient``: both have
``get(path, ...)`` and ``post(path, json=..., ...)`` with paths relative to the gateway.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from gateway.app import create_app
from gateway.core.settings import Settings
from testbed.gateway_files import read_rows

TOKEN = "services-token"
# 2027-01-15 16:00 in the hospital's time zone: afternoon, so this morning's reports exist.
START = 1_800_000_000.0

# Positions in the demo listing (GET /demo/v1/patients) and what each has; see demo_plans.
EVERYTHING, PENDING_THYROID, CRITICAL, PRINTED, EMPTY = range(5)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


def make_app(path: Path, clock: Clock, **settings: Any) -> FastAPI:
    return create_app(Settings(db_path=path, device_tokens=(TOKEN,), demo=True, **settings), clock)


def cards(client: Any, limit: int = 10) -> list[str]:
    response = client.get("/demo/v1/patients", params={"limit": limit})
    assert response.status_code == 200, response.text
    return [p["health_card_id"] for p in response.json()["patients"] if p["status"] == "active"]


def visit(client: Any, card: str) -> dict[str, str]:
    """Identify the card's patient; returns the headers of a patient-scoped call."""
    code = client.post(f"/demo/v1/cards/{card}/codes", json={"kind": "dynamic"})
    assert code.status_code == 200, code.text
    identified = client.post("/api/v1/identify", json={"text": code.json()["text"],
                                                       "source": "demo"})
    assert identified.status_code == 200, identified.text
    return {"X-Visit-Token": identified.json()["visit_token"]}


def key(headers: dict[str, str] | None = None) -> dict[str, str]:
    """``headers`` plus a fresh Idempotency-Key (one per patient intent)."""
    return {**(headers or {}), "Idempotency-Key": str(uuid.uuid4())}


def error_code(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) == {"code", "message", "message_zh"}
    return error["code"]


def rows(db_path: Path, sql: str, *args: Any) -> list[tuple]:
    """The gateway's database, with the emulated provider's and insurer's files attached."""
    return read_rows(db_path, sql, *args)


def operations(spec: dict, prefixes: tuple[str, ...]) -> list[tuple[str, str, dict]]:
    """(path, method, operation) of every documented operation under ``prefixes``."""
    return [
        (path, method, operation)
        for path, ops in spec["paths"].items()
        if path.startswith(prefixes)
        for method, operation in ops.items()
    ]
