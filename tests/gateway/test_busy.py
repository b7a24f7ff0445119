"""A gateway whose database stays locked past SQLite's busy timeout answers 503
``gateway_busy`` with Retry-After, not a 500; the kiosk tells the patient it is busy and a
keyed request repeated later has its one effect.

The lock is real: a second connection to the gateway's database file holds ``BEGIN
IMMEDIATE`` (another writer mid-transaction) while the request is made. Each refused request
waits out the gateway's 5 s busy timeout.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager

import pytest

from kiosk.errors import GatewayBusy, GatewayUnavailable
from kiosk.gateway_client import GatewayClient
from testbed.gateway_process import GatewayProcess

pytestmark = pytest.mark.gateway

HELP = "/api/v1/help-requests"
BODY = {"terminal_id": "KIOSK-BUSY-01", "screen": "home", "waited_s": 5}
KIOSK_BODY = {**BODY, "terminal_id": "KIOSK-BUSY-02"}


@pytest.fixture(scope="module")
def gateway(tmp_path_factory):
    server = GatewayProcess(tmp_path_factory.mktemp("busy") / "gw.sqlite")
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def write_locked(gateway: GatewayProcess) -> Iterator[None]:
    """Another writer holds the database's write lock for the duration."""
    with closing(sqlite3.connect(gateway.db_path, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")


def help_requests(gateway: GatewayProcess) -> int:
    with closing(sqlite3.connect(gateway.db_path)) as conn:
        return conn.execute("SELECT COUNT(*) FROM help_requests").fetchone()[0]


def test_locked_database_is_503_gateway_busy_with_retry_after(gateway):
    key = str(uuid.uuid4())
    with write_locked(gateway):
        refused = gateway.post(HELP, json=BODY, headers={"Idempotency-Key": key}, timeout=30)
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "1"
    error = refused.json()["error"]
    assert error["code"] == "gateway_busy"
    assert "try again" in error["message"] and error["message_zh"] == "系统繁忙，请稍后重试"
    before = help_requests(gateway)
    # Nothing was kept of the refused request: the same key now makes it, once.
    made = gateway.post(HELP, json=BODY, headers={"Idempotency-Key": key})
    assert made.status_code == 201, made.text
    again = gateway.post(HELP, json=BODY, headers={"Idempotency-Key": key})
    assert again.json() == made.json() and again.headers.get("Idempotent-Replayed") == "true"
    assert help_requests(gateway) == before + 1


def test_the_contract_lists_gateway_busy_on_every_operation(gateway):
    spec = gateway.get("/openapi.json").json()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            busy = operation["responses"].get("503")
            assert busy is not None, f"{method.upper()} {path} does not document 503"
    identify = spec["paths"]["/api/v1/identify"]["post"]["responses"]["503"]
    assert "gateway_busy" in identify["description"] and "Retry-After" in identify["headers"]


def test_kiosk_says_busy_and_repeats_with_the_same_key(gateway):
    client = GatewayClient(gateway.url, gateway.token, retries=0, timeout_s=30)
    key = str(uuid.uuid4())
    try:
        with write_locked(gateway), pytest.raises(GatewayBusy) as busy:
            client.call("POST", HELP, json=KIOSK_BODY, idempotency_key=key)
        assert isinstance(busy.value, GatewayUnavailable)  # retried and queued like an outage
        assert busy.value.code == "gateway_busy"
        assert "busy" in busy.value.message.en and "try again" in busy.value.next_step.en
        made = client.call("POST", HELP, json=KIOSK_BODY, idempotency_key=key)
        assert client.call("POST", HELP, json=KIOSK_BODY, idempotency_key=key) == made
    finally:
        client.close()
