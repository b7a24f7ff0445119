"""Which health-card platform the gateway uses, from a TOML file (``--platform-config``).

Without a file the gateway uses its emulation. The file names the platform's URL, app id,
hospital id and where the app secret is kept (``secret_file``, 0600, or the keyring); the
secret itself is never in the file, on the command line or in a log.
"""

from __future__ import annotations

import ipaddress
import tomllib
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator


class PlatformConfigError(ValueError):
    """The platform configuration cannot be used; the message names the key."""


def _loopback(host: str) -> bool:
    """Decided from the text alone, no name lookup. The kiosk's settings check hosts by the
    same rule; written out here because the gateway imports nothing of the kiosk."""
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class TencentConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["tencent"]
    url: str = Field(description="Base URL, https (plain http only on loopback, for tests).")
    app_id: str = Field(min_length=1, max_length=64)
    hospital_id: str = Field(min_length=1, max_length=64, description="commonIn.hospitalId")
    channel_num: str = Field("0200", max_length=16, description="commonIn.channelNum")
    secret_file: Path | None = Field(None, description="The app secret, in a 0600 file.")
    keyring_service: str | None = None
    keyring_user: str | None = None
    ca_bundle: Path | None = Field(None, description="CA file to trust instead of the system's.")
    timeout_s: float = Field(5.0, gt=0, le=30)
    # Renew the app token this long before the platform says it expires.
    renew_before_s: float = Field(300.0, ge=0, le=3600)
    # resultCodes meaning "the appToken is no longer valid": renew once and send again.
    token_error_codes: tuple[int, ...] = (-10003, -10004)
    # Pass codes the gateway's classifier does not recognise (provincial encrypted codes)
    # to the platform instead of refusing them as malformed.
    pass_unknown_codes: bool = False
    # Usage reports and bindings the platform did not take are sent again after this delay,
    # doubling up to retry_max_s (gateway.platform.forwarder).
    retry_initial_s: float = Field(30.0, ge=0.05, le=3600)
    retry_max_s: float = Field(3600.0, ge=0.1, le=86400)

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme == "https" and parts.hostname:
            return value.rstrip("/")
        if parts.scheme == "http" and parts.hostname and _loopback(parts.hostname):
            return value.rstrip("/")
        raise ValueError("must be https:// (http:// only to a loopback address)")

    @model_validator(mode="after")
    def _one_secret(self) -> TencentConfig:
        by_keyring = self.keyring_service is not None or self.keyring_user is not None
        if (self.secret_file is None) == (not by_keyring):
            raise ValueError("give the secret as secret_file or keyring_service + keyring_user")
        if by_keyring and not (self.keyring_service and self.keyring_user):
            raise ValueError("keyring_service and keyring_user go together")
        return self


def load(path: Path) -> TencentConfig:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PlatformConfigError(f"cannot read {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise PlatformConfigError(f"{path} is not valid TOML: {exc}") from None
    try:
        return TencentConfig.model_validate(data)
    except ValidationError as exc:
        # Locations and reasons only: the values could hold an id we do not print.
        reasons = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'file'}: {e['msg']}" for e in exc.errors()
        )
        raise PlatformConfigError(f"{path}: {reasons}") from None
