"""The records and services part of the served contract: OpenAPI and the error table."""

from pathlib import Path

from gateway.api import guidance, health_services, pharmacy, reports, usage
from gateway.core.errors import ALL_KINDS, ErrorKind
from gateway.core.idempotency import IDEMPOTENCY_ERRORS
from gateway.core.visits import STRONGER_ID_REQUIRED, VISIT_EXPIRED
from tests.gateway.service_client import operations

ROOT = Path(__file__).resolve().parents[2]
OURS = ("/api/v1/patients/me/reports", "/api/v1/reports", "/api/v1/patients/me/itinerary",
        "/api/v1/triage", "/api/v1/patients/me/prescriptions", "/api/v1/patients/me/family-doctor",
        "/api/v1/family-doctor", "/api/v1/patients/me/consents",
        "/api/v1/patients/me/health-record", "/api/v1/chronic-renewals", "/api/v1/usage-reports")
# Changes nothing (triage) or is idempotent by its own report_id (usage).
NO_KEY = {"/api/v1/triage", "/api/v1/usage-reports"}
DEVICE_ONLY = {"/api/v1/triage", "/api/v1/triage/catalogue", "/api/v1/usage-reports"}




def test_every_operation_documents_bodies_errors_keys_and_visits(spec):
    documented = operations(spec, OURS)
    assert len(documented) == 13
    for path, method, operation in documented:
        codes = operation["responses"]
        success = [c for c in codes if c.startswith("2")]
        assert len(success) == 1 and codes[success[0]]["content"], (path, method)
        for code in (c for c in codes if c.startswith("4")):
            schema = codes[code]["content"]["application/json"]["schema"]
            assert schema["$ref"].endswith("/ErrorEnvelope"), (path, method, code)
        headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        if method == "post" and path not in NO_KEY:
            assert "Idempotency-Key" in headers, path
        security = operation.get("security", [])
        assert ({"VisitToken": []} in security) is (path not in DEVICE_ONLY), path


def test_every_error_code_is_in_the_docs():
    docs = (ROOT / "docs/api/records-and-services.md").read_text(encoding="utf-8")
    kinds = [value for module in (reports, guidance, pharmacy, health_services, usage)
             for value in vars(module).values() if isinstance(value, ErrorKind)
             and value not in (*ALL_KINDS, *IDEMPOTENCY_ERRORS, VISIT_EXPIRED,
                                   STRONGER_ID_REQUIRED)]
    assert len({k.code for k in kinds}) == 13
    for kind in kinds:
        assert f"| `{kind.code}` | {kind.status} | {kind.message_zh} |" in docs, kind.code
