"""The registration / payment part of the served contract: OpenAPI and the error table."""

from pathlib import Path

from gateway.core.idempotency import IDEMPOTENCY_ERRORS
from gateway.core.service_errors import ALL_SERVICE_KINDS
from gateway.core.visits import VISIT_EXPIRED
from gateway.demo.hospital import DEPARTMENTS
from gateway.platform.triage import DEPARTMENTS as TRIAGE_DEPARTMENTS
from tests.gateway.service_client import operations

ROOT = Path(__file__).resolve().parents[2]
OURS = ("/api/v1/locations", "/api/v1/departments", "/api/v1/schedules",
        "/api/v1/registrations", "/api/v1/patients/me/appointments", "/api/v1/appointments",
        "/api/v1/patients/me/bills", "/api/v1/settlements", "/api/v1/payments",
        "/pay/", "/demo/v1/payments", "/demo/v1/scenarios")




def test_every_operation_documents_bodies_and_errors(spec):
    documented = operations(spec, OURS)
    assert len(documented) == 26  # with the payment-code charge, reversal, demo wallet, insured lock
    for path, method, operation in documented:
        codes = operation["responses"]
        success = [c for c in codes if c.startswith(("2", "3"))]
        assert len(success) == 1, (path, method)
        if not success[0].startswith("3"):
            assert codes[success[0]]["content"], (path, method)
        errors = [c for c in codes if c.startswith("4")]
        assert errors, (path, method)
        page = "text/html" in codes[success[0]].get("content", {})
        for code in errors:
            if page:  # a page for people refuses with a page (the wallet's GET /pay/{id})
                assert list(codes[code]["content"]) == ["text/html"], (path, method, code)
                continue
            schema = codes[code]["content"]["application/json"]["schema"]
            assert schema["$ref"].endswith("/ErrorEnvelope"), (path, method, code)
        if method in ("post", "delete") and path.startswith("/api/v1"):
            headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
            assert "Idempotency-Key" in headers, path
            assert "400" in codes and "idempotency_key_required" in codes["400"]["description"]


def test_patient_scoped_operations_declare_the_visit_token(spec):
    assert spec["components"]["securitySchemes"]["VisitToken"]["name"] == "X-Visit-Token"
    scoped = [op for path, _m, op in operations(spec, OURS)
              if "/me/" in path or path.startswith(("/api/v1/registrations",
                                                    "/api/v1/settlements"))]
    assert scoped
    for operation in scoped:
        assert {"VisitToken": []} in operation["security"]


def test_every_error_code_is_in_the_docs():
    docs = (ROOT / "docs/api/registration-payment.md").read_text(encoding="utf-8")
    for kind in (*ALL_SERVICE_KINDS, *IDEMPOTENCY_ERRORS, VISIT_EXPIRED):
        assert f"`{kind.code}`" in docs, kind.code
        assert f"| {kind.status} |" in docs


def test_triage_recommends_departments_that_take_registrations():
    assert set(TRIAGE_DEPARTMENTS) <= {code for code, *_ in DEPARTMENTS}
