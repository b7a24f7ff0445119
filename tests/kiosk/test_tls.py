"""The configured hospital CA is the gateway client's only trust; the environment has no say.

A real HTTPS server on loopback with a certificate from a throwaway CA (trustme), and a
hostile environment that names another CA and a proxy in every variable requests, curl and
OpenSSL read.
"""

from __future__ import annotations

import pytest
import trustme

from kiosk.errors import ConfigError
from kiosk.gateway_client import GatewayClient
from tests.fixtures.tls import HealthServer, hostile


@pytest.fixture
def hospital_ca():
    return trustme.CA()


@pytest.fixture
def https_server(hospital_ca):
    server = HealthServer(hospital_ca)
    yield server
    server.stop()


@pytest.fixture
def ca_files(tmp_path, hospital_ca):
    right = tmp_path / "hospital-ca.pem"
    hospital_ca.cert_pem.write_to_path(str(right))
    wrong = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(wrong))
    return right, wrong


def client(url: str, verify) -> GatewayClient:
    return GatewayClient(url, "token", retries=0, timeout_s=3, connect_timeout_s=1, verify=verify)


def test_right_ca_configured_connects_whatever_the_environment_says(
    https_server, ca_files, monkeypatch
):
    right, wrong = ca_files
    hostile(monkeypatch, wrong)
    gateway = client(https_server.url, str(right))
    try:
        assert gateway.health()
    finally:
        gateway.close()


def test_wrong_ca_configured_is_refused_even_when_the_environment_has_the_right_one(
    https_server, ca_files, monkeypatch
):
    right, wrong = ca_files
    hostile(monkeypatch, right, proxy="")  # no proxy: only trust decides
    gateway = client(https_server.url, str(wrong))
    try:
        assert not gateway.health()
    finally:
        gateway.close()


def test_default_trust_refuses_a_private_ca_even_when_the_environment_names_it(
    https_server, ca_files, monkeypatch
):
    right, _ = ca_files
    hostile(monkeypatch, right, proxy="")
    gateway = client(https_server.url, True)
    try:
        assert not gateway.health()
    finally:
        gateway.close()


def test_proxy_variables_do_not_reroute_plain_http(ca_files, monkeypatch):
    # Every proxy variable points at a port where nothing listens: honouring any would fail.
    server = HealthServer(None)
    _, wrong = ca_files
    hostile(monkeypatch, wrong)
    gateway = client(server.url, True)
    try:
        assert gateway.health()
    finally:
        gateway.close()
        server.stop()


def test_missing_ca_file_is_a_configuration_error_naming_it(tmp_path):
    missing = tmp_path / "nowhere" / "ca.pem"
    with pytest.raises(ConfigError) as caught:
        client("https://127.0.0.1:9", str(missing))
    assert str(missing) in caught.value.message.en


def test_a_file_without_certificates_is_a_configuration_error(tmp_path):
    garbage = tmp_path / "ca.pem"
    garbage.write_text("not a certificate\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        client("https://127.0.0.1:9", str(garbage))
    assert "not a PEM certificate" in caught.value.message.en


def test_verification_cannot_be_switched_off():
    with pytest.raises(ConfigError):
        client("https://127.0.0.1:9", False)
