"""The served OpenAPI document is the contract: schemathesis drives every operation of a
running reference gateway and checks each answer against it (status code documented,
content type, response schema), not only that nothing answers 500.

Bounded and derandomized so the run is repeatable and short; the gateway's clock is pinned.
"""

from __future__ import annotations

import hashlib
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gateway.pages.staff_help import COOKIE
from testbed.gateway_process import GatewayProcess
from tests.gateway.service_client import rows

# Every operation, the demo's phone pages too (their refusals are HTML pages, documented so).
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
EXAMPLES = int(os.environ.get("CONFORMANCE_EXAMPLES", "6"))
# Help requests are answered by signed-in staff: their operations also carry a staff session
# (a workstation's header, the staff page's cookie) so they are driven past the sign-in.
STAFF_API, STAFF_PAGE = "/api/v1/help-requests", "/staff/help"


@pytest.fixture(scope="module")
def gateway(tmp_path_factory):
    """A private reference gateway process on the suite's clock (its data is changed)."""
    server = GatewayProcess(tmp_path_factory.mktemp("conformance") / "gw.sqlite")
    try:
        yield server
    finally:
        server.stop()


def _check(operation, headers) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()


@pytest.mark.gateway
def test_every_operation_answers_as_documented(gateway):
    card = next(p for p in gateway.demo_patients() if p["status"] == "active")
    headers = {"Authorization": f"Bearer {gateway.token}", **gateway.visit(card["health_card_id"])}
    staff = gateway.staff_headers("1003")
    page = gateway.http.post(gateway.url + STAFF_PAGE + "/session",
                             json={"staff_no": "1003", "password": "demo-1003"}, timeout=10)
    assert page.status_code == 201, page.text
    cookie = {"Cookie": f"{COOKIE}={page.cookies[COOKIE]}"}
    failures: list[str] = []
    api = schemathesis.openapi.from_url(gateway.url + "/openapi.json")
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) > 40
    for operation in operations:
        extra = (staff if operation.path.startswith(STAFF_API)
                 else cookie if operation.path.startswith(STAFF_PAGE) else {})
        if extra:  # one valid key per operation, so its change can succeed once
            extra = {**extra, "Idempotency-Key": "conformance-" + hashlib.sha256(
                operation.label.encode()).hexdigest()[:24]}
        try:
            _check(operation, {**headers, **extra})
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 (collect them all)
            failures.append(f"{operation.label}: {_summary(exc)}")
    assert not failures, "\n".join(failures)
    # The generated calls got past validation and sign-in: requests were made.
    assert rows(gateway.db_path, "SELECT COUNT(*) FROM help_requests") > [(0,)]


def _summary(exc: BaseException) -> str:
    lines = [line.strip(" |") for line in str(exc).splitlines()]
    found = [line for line in lines if line.startswith(("- ", "[", "curl"))]
    return " / ".join(found)[:400] or type(exc).__name__
