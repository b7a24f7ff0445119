"""The gateway process over a real socket: start-up, auth, OpenAPI, restart."""

import signal
import subprocess
import sys

import pytest
import requests

pytestmark = pytest.mark.gateway


def test_health_needs_no_token(gateway_server):
    response = requests.get(gateway_server.url + "/api/v1/health", timeout=5)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic abc"}, {"Authorization": ""}],
)
@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/api/v1/capabilities"), ("POST", "/api/v1/identify"), ("GET", "/demo/v1/patients")],
)
def test_refused_without_a_valid_token(gateway_server, headers, method, path):
    body = {"text": "0002000005", "source": "demo"} if method == "POST" else None
    response = requests.request(
        method, gateway_server.url + path, headers=headers, json=body, timeout=5
    )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_capabilities(gateway_server):
    body = gateway_server.get("/api/v1/capabilities").json()
    assert "identify" in body["services"]
    assert body["hospital"]["name"] == "示例市第一人民医院"
    assert body["hospital"]["code"]


def test_openapi_documents_identify_and_errors(gateway_server):
    spec = requests.get(gateway_server.url + "/openapi.json", timeout=5).json()
    assert spec["info"]["title"] == "Kiosk Gateway API"
    identify = spec["paths"]["/api/v1/identify"]["post"]
    assert {"200", "400", "401", "403", "404", "410", "422"} <= set(identify["responses"])
    for status in ("400", "401", "410", "422"):
        schema = identify["responses"][status]["content"]["application/json"]["schema"]
        assert schema["$ref"].endswith("/ErrorEnvelope")
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    assert "DeviceToken" in spec["components"]["securitySchemes"]
    for path, operations in spec["paths"].items():
        if path.startswith(("/api/v1/", "/demo/v1/")) and path != "/api/v1/health":
            for operation in operations.values():
                assert "401" in operation["responses"], path


def test_unknown_route_and_method_use_the_envelope(gateway_server):
    response = gateway_server.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    response = requests.delete(gateway_server.url + "/api/v1/health", timeout=5)
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_stops_cleanly_and_comes_back_on_the_same_port(start_gateway, tmp_path):
    first = start_gateway(db_path=tmp_path / "restart.sqlite")
    card = first.demo_patients(limit=1)[0]["health_card_id"]
    code = first.code(card)
    port, token = first.port, first.token
    assert first.stop() == 0

    with pytest.raises(requests.ConnectionError):
        requests.get(first.url + "/api/v1/health", timeout=2)

    second = start_gateway(port=port, db_path=tmp_path / "restart.sqlite", token=token)
    assert second.url == first.url
    assert second.get("/api/v1/health").status_code == 200
    # Codes issued before the restart are still verifiable: they live in the database.
    response = second.identify(code)
    assert response.status_code == 200
    assert response.json()["patient"]["health_card_id"] == card


def test_tokens_from_command_line_and_environment(monkeypatch):
    from gateway.__main__ import device_tokens

    monkeypatch.setenv("GATEWAY_DEVICE_TOKENS", " kiosk-2 ,, counter-1,kiosk-1")
    assert device_tokens(["kiosk-1"]) == ("kiosk-1", "kiosk-2", "counter-1")


def test_sigint_also_stops_cleanly(start_gateway):
    server = start_gateway()
    server.proc.send_signal(signal.SIGINT)
    assert server.proc.wait(timeout=10) == 0


def test_busy_port_is_a_clean_error(gateway_server, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "gateway", "--port", str(gateway_server.port),
         "--db", str(tmp_path / "busy.sqlite")],
        capture_output=True, text=True, timeout=30, check=False,
    )
    assert result.returncode == 2
    assert "GATEWAY READY" not in result.stdout
    assert "cannot listen" in result.stderr


def test_listening_socket_turns_nagle_off_for_its_connections():
    # asyncio disables Nagle only on sockets whose proto is IPPROTO_TCP; with proto 0 each
    # response's body waited for the client's delayed ACK (a fixed ~40 ms per request).
    import socket

    from gateway.__main__ import bind

    sock = bind("127.0.0.1", 0)
    client = socket.create_connection(sock.getsockname()[:2])
    accepted, _ = sock.accept()
    try:
        assert sock.proto == socket.IPPROTO_TCP
        assert accepted.proto == socket.IPPROTO_TCP
        assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        for s in (accepted, client, sock):
            s.close()
