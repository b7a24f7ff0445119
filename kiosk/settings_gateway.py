"""The ``[gateway]`` table: where the hospital's Kiosk Gateway is and how it is trusted.

The device token and patient data travel on this connection, so plain ``http://`` is
accepted only to this machine (loopback: the demo, a local TLS-terminating proxy). Anything
else needs ``https://``, or an explicit ``allow_plain_http = true`` that the kiosk warns about
loudly at every start. Credentials never live in the URL: the token is in the keyring.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationInfo, field_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def is_loopback_host(host: str | None) -> bool:
    """127.0.0.0/8, ::1 and ``localhost``: decided from the text alone, no name lookup."""
    if not host:
        return False
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _plain_off_machine(url: HttpUrl) -> bool:
    return url.scheme == "http" and not is_loopback_host(url.host)


class GatewaySection(_Strict):
    # Declared before url, whose validator reads it.
    allow_plain_http: bool = Field(
        False,
        description="Accept http:// to a host other than loopback. The device token and "
        "patient data then travel unencrypted; the kiosk logs a warning at every start.",
    )
    url: HttpUrl = Field(
        "http://127.0.0.1:8600",
        description="Base URL of the hospital's Kiosk Gateway API: https://, or http:// to "
        "loopback only (see allow_plain_http).",
        validate_default=True,
    )
    connect_timeout_s: float = Field(2.0, ge=0.1, le=30, description="TCP connect timeout.")
    timeout_s: float = Field(8.0, ge=0.5, le=60, description="Read timeout of every request.")
    retries: int = Field(
        2, ge=0, le=5, description="Retries of connection failures and of read-only requests."
    )
    health_interval_s: float = Field(
        15.0, ge=1, le=600, description="How often the kiosk checks that the gateway is reachable."
    )
    ca_bundle: Path | None = Field(
        None,
        description="PEM file of the hospital CA: when set, the only CA trusted for the "
        "gateway (the environment's CA and proxy variables are never used).",
    )
    keyring_service: str = Field(
        "ehc-kiosk", description="Keyring service under which the device token is stored."
    )
    keyring_user: str = Field("gateway-device-token", description="Keyring entry name.")

    @field_validator("url")
    @classmethod
    def _safe_url(cls, url: HttpUrl, info: ValidationInfo) -> HttpUrl:
        if url.username or url.password:
            raise ValueError("must not carry a user or password (the token is in the keyring)")
        if _plain_off_machine(url) and not info.data.get("allow_plain_http", False):
            raise ValueError(
                f"{url} is plain http:// to a host that is not loopback; use https:// "
                "or set allow_plain_http = true"
            )
        return url

    def warnings(self) -> list[str]:
        """What start-up and ``--check`` must say out loud about an accepted setting."""
        if _plain_off_machine(self.url):
            return [
                f"gateway.url {self.url} is plain HTTP off this machine (allow_plain_http): the "
                "device token and patient data travel unencrypted"
            ]
        return []
