"""The gateway's /metrics: requests by route template (never a raw path), errors, replays."""

from __future__ import annotations

import sqlite3

from fastapi import APIRouter, Response
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from pydantic import BaseModel

from gateway.app import create_app
from gateway.core.idempotency import Idempotent
from gateway.core.settings import Settings

TOKEN = "metrics-token"


class Note(BaseModel):
    text: str


def _router() -> APIRouter:
    router = APIRouter(prefix="/test")

    @router.post("/notes", status_code=201, response_model=Note)
    def add_note(body: Note, idem: Idempotent) -> Response:
        def change(conn: sqlite3.Connection) -> Note:
            conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (f"m-{body.text}", body.text))
            return body

        return idem.run(change)

    return router


def _client(tmp_path, metrics: bool) -> TestClient:
    app = create_app(Settings(db_path=tmp_path / "gw.sqlite", device_tokens=(TOKEN,), demo=True,
                              metrics=metrics), lambda: 1_800_000_000.0)
    app.include_router(_router())
    return TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"})


def _samples(text: str) -> dict:
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def test_routes_by_template_errors_and_replays(tmp_path):
    with _client(tmp_path, metrics=True) as client:
        card = client.get("/demo/v1/patients", params={"limit": 1}).json()["patients"][0]
        text = client.post(f"/demo/v1/cards/{card['health_card_id']}/codes", json={}).json()["text"]
        assert client.post("/api/v1/identify", json={"text": text, "source": "demo"}).status_code == 200
        assert client.get("/api/v1/pharmacy/drugs/NO-SUCH-DRUG-4711").status_code in (401, 403, 404)
        assert client.get(f"/api/v1/no-such-route/{card['health_card_id']}").status_code == 404
        for _ in range(3):
            client.post("/test/notes", json={"text": "a"}, headers={"Idempotency-Key": "metrics-key-0001"})
        body = client.get("/metrics").text

    samples = _samples(body)
    routes = {dict(labels).get("route") for (_n, labels) in samples}
    assert "/demo/v1/cards/{health_card_id}/codes" in routes
    assert "/api/v1/pharmacy/drugs/{drug_code}" in routes
    assert "<unrouted>" in routes
    assert samples[("ehc_gateway_requests_total",
                    (("method", "POST"), ("route", "/api/v1/identify"), ("status", "200")))] == 1
    assert samples[("ehc_gateway_idempotent_replays_total",
                    (("method", "POST"), ("route", "/test/notes")))] == 2
    assert samples[("ehc_gateway_errors_total",
                    (("method", "GET"), ("route", "<unrouted>"), ("status_class", "4xx")))] == 1
    assert samples[("ehc_gateway_request_seconds_count",
                    (("method", "POST"), ("route", "/api/v1/identify")))] == 1
    # No raw path, card id, code or name anywhere in the answer.
    for secret in (card["health_card_id"], text, card["name"], "NO-SUCH-DRUG-4711"):
        assert secret not in body


def test_metrics_are_served_only_when_asked(tmp_path):
    with _client(tmp_path, metrics=False) as client:
        assert client.get("/metrics").status_code == 404


def test_metrics_need_a_device_token(tmp_path):
    with _client(tmp_path, metrics=True) as client:
        assert client.get("/metrics", headers={"Authorization": ""}).status_code == 401
        assert client.get("/metrics", headers={"Authorization": "Bearer not-a-token"}).status_code == 401
        assert client.get("/metrics").status_code == 200
