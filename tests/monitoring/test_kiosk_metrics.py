"""A kiosk's /metrics, scraped over HTTP: every state the fleet needs, no personal data."""

from __future__ import annotations

import re

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from kiosk.device_status import StatusBoard
from kiosk.gateway_client import GatewayClient
from kiosk.metrics import KioskMetrics, MetricsServer, safe_code

# Every label name the kiosk may use, and what its values look like.
LABELS = {
    "role": r"patient-kiosk|pharmacy-counter",
    "version": r"[0-9A-Za-z.+-]+",
    "terminal_id": r"[A-Za-z0-9_-]{1,32}",
    "scanner": r"camera|serial|evdev|wedge",
    "printer": r"a4|slip",
    "state": r"ready|paper_out|stopped|offline|rejecting|unknown|pending|parked",
    "level": r"ok|low|empty|unknown",
    "reason": r"finished|timeout|error",
    "code": r"[a-z][a-z0-9_]{0,47}",
    "le": r"[0-9.e+]+|\+Inf",
}


def scrape(server: MetricsServer) -> str:
    response = requests.get(f"http://127.0.0.1:{server.port}/metrics", timeout=5)
    response.raise_for_status()
    return response.text


@pytest.fixture
def kiosk(gateway_server):
    board = StatusBoard("KIOSK-07", "patient-kiosk", "1.2.3")
    metrics = KioskMetrics(board, time_source=lambda: 1_800_000_000.0)
    server = MetricsServer(metrics, "127.0.0.1", 0)
    server.start()
    client = GatewayClient(gateway_server.url, gateway_server.token, timeout_s=10)
    client.observer = metrics.gateway_call
    yield board, metrics, server, client
    client.close()
    server.stop()


def test_a_scrape_carries_every_part_and_no_personal_data(kiosk, gateway_server):
    board, metrics, server, client = kiosk
    patients = [p for p in gateway_server.demo_patients(20) if p["status"] == "active"]
    patient = patients[0]
    code = gateway_server.code(patient["health_card_id"])
    found = client.identify(code, "demo").patient  # a real round trip, observed
    with pytest.raises(Exception):  # noqa: B017 - any refusal: it is counted by its code
        client.identify(code + "0", "demo")
    board.set_scanner("serial", "connected")
    board.set_scanner("camera", "disconnected")
    board.set_printer("slip", state="paper_out", reason="media-empty", toner="ok", backlog=1)
    board.set_printer("a4", state="ready", toner="low")
    board.set_gateway(True, 0.03)
    board.set_backlog(4, 1)
    board.set_disk(10**9, 10**10)
    board.set_help_requests(1)
    metrics.heartbeat()
    metrics.session_started()
    metrics.session_ended("timeout")
    metrics.error_shown("not_a_health_code")
    metrics.error_shown("110101199003071234")  # a careless caller: never a label as given
    metrics.decoded(0.004)

    body = scrape(server)
    samples = {}
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
            for name, value in sample.labels.items():
                assert name in LABELS, f"unexpected label {name}"
                assert re.fullmatch(LABELS[name], value), f"{name}={value!r}"

    def value(name: str, **labels: str) -> float:
        return samples[(name, tuple(sorted(labels.items())))]

    assert value("ehc_kiosk_build_info", role="patient-kiosk", version="1.2.3", terminal_id="KIOSK-07") == 1
    assert value("ehc_kiosk_heartbeat_timestamp_seconds") == 1_800_000_000.0
    assert value("ehc_kiosk_scanner_up", scanner="camera") == 0
    assert value("ehc_kiosk_printer_state", printer="slip", state="paper_out") == 1
    assert value("ehc_kiosk_printer_state", printer="slip", state="ready") == 0
    assert value("ehc_kiosk_printer_toner", printer="a4", level="low") == 1
    assert value("ehc_kiosk_print_backlog_jobs", printer="slip") == 1
    assert value("ehc_kiosk_outbox_messages", state="pending") == 4
    assert value("ehc_kiosk_gateway_up") == 1
    assert value("ehc_kiosk_disk_full") == 0
    assert value("ehc_kiosk_help_requests_open") == 1
    assert value("ehc_kiosk_sessions_ended_total", reason="timeout") == 1
    assert value("ehc_kiosk_sessions_ended_total", reason="finished") == 0
    assert value("ehc_kiosk_identify_seconds_count") == 2
    assert value("ehc_kiosk_decode_seconds_count") == 1
    assert value("ehc_kiosk_errors_total", code="other") == 1
    assert sum(v for (n, _l), v in samples.items() if n == "ehc_kiosk_gateway_errors_total") == 1

    personal = [code, patient["health_card_id"], patient["name"], patient["patient_id"],
                found.masked_name, found.masked_id_number]
    for text in personal:
        assert text not in body


def test_error_codes_outside_the_pattern_are_other():
    assert safe_code("gateway_unavailable") == "gateway_unavailable"
    for bad in ("张三", "110101199003071234", "Bad Code", "x" * 60, ""):
        assert safe_code(bad) == "other"


def test_a_taken_port_leaves_the_kiosk_serving(kiosk, caplog):
    _board, metrics, server, _client = kiosk
    second = MetricsServer(metrics, "127.0.0.1", server.port)
    second.start()  # logs and carries on
    assert "not started" in caplog.text
    second.stop()
    assert scrape(server)


def test_a_scrape_token_guards_the_endpoint(tmp_path):
    board = StatusBoard("KIOSK-07", "patient-kiosk", "1.2.3")
    server = MetricsServer(KioskMetrics(board, time_source=lambda: 1_800_000_000.0), "127.0.0.1", 0,
                           token="fleet-scrape-token-0001")
    server.start()
    try:
        url = f"http://127.0.0.1:{server.port}/metrics"
        assert requests.get(url, timeout=5).status_code == 401
        assert requests.get(url, headers={"Authorization": "Bearer wrong-token-000000"}, timeout=5).status_code == 401
        ok = requests.get(url, headers={"Authorization": "Bearer fleet-scrape-token-0001"}, timeout=5)
        assert ok.status_code == 200 and "ehc_kiosk_heartbeat_timestamp_seconds" in ok.text
    finally:
        server.stop()


def test_an_endpoint_off_the_machine_never_runs_without_a_token(caplog):
    """Refused before anything is bound (so no test listens beyond loopback)."""
    board = StatusBoard("KIOSK-07", "patient-kiosk", "1.2.3")
    server = MetricsServer(KioskMetrics(board), "0.0.0.0", 0)  # noqa: S104 - refused, never bound
    server.start()
    assert "need a scrape token" in caplog.text and server._server is None


def test_the_token_file_must_be_private_and_real(tmp_path):
    from kiosk.settings_fleet import MetricsSettings

    token = tmp_path / "scrape.token"
    token.write_text("fleet-scrape-token-0001\n")
    token.chmod(0o644)
    settings = MetricsSettings(enabled=True, token_file=token)
    with pytest.raises(PermissionError):
        settings.token()
    token.chmod(0o600)
    assert settings.token() == "fleet-scrape-token-0001"
    token.write_text("short")
    with pytest.raises(ValueError):
        settings.token()
    assert MetricsSettings(enabled=True).token() is None
    assert any("token_file" in w for w in MetricsSettings(enabled=True, address="::").warnings())
    assert MetricsSettings(enabled=True, address="::1").warnings() == []
