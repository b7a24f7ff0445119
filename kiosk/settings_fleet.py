"""The tables of an unattended machine: ``[metrics]``, ``[maintenance]``, ``[logging]``, ``[disk]``.

Secure by default: no metrics endpoint until one is configured (and then on loopback unless
an interface address is named), no maintenance view until a PIN hash is configured, and
logs bounded in size.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kiosk.pin import check_encoded


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MetricsSettings(_Strict):
    enabled: bool = Field(False, description="Serve Prometheus metrics (fleet monitoring).")
    address: str = Field(
        "127.0.0.1",
        description="IP address to listen on: loopback, or the address of the interface the "
        "hospital's Prometheus reaches (never 0.0.0.0 unless that is really meant).")
    port: int = Field(9464, ge=1, le=65535, description="TCP port of the /metrics endpoint.")
    refresh_s: float = Field(
        15.0, ge=1, le=600, description="How often printers, backlogs and disk are re-read.")
    token_file: Path | None = Field(
        None, description="A file (0600, the kiosk's user only) holding the fleet's scrape token; "
        "required when the address is not loopback.")

    def warnings(self) -> list[str]:
        found = []
        if self.enabled and ipaddress.ip_address(self.address).is_unspecified:
            found.append(f"metrics.address {self.address} listens on every interface: name the one "
                         "the hospital's Prometheus reaches")
        if self.enabled and not ipaddress.ip_address(self.address).is_loopback and self.token_file is None:
            found.append(f"metrics.address {self.address} is reachable off this machine: set "
                         "metrics.token_file (the scrape token), or the endpoint stays off")
        return found

    def token(self) -> str | None:
        """The scrape token, from a file only the kiosk's user can read; None without one."""
        if self.token_file is None:
            return None
        info = self.token_file.stat()
        if info.st_mode & 0o077:
            raise PermissionError(f"metrics.token_file {self.token_file} is readable by others: chmod 600")
        token = self.token_file.read_text(encoding="utf-8").strip()
        if len(token) < 16:
            raise ValueError(f"metrics.token_file {self.token_file} holds no token of 16 characters or more")
        return token

    @field_validator("address")
    @classmethod
    def _ip_literal(cls, value: str) -> str:
        try:
            ipaddress.ip_address(value)
        except ValueError:
            raise ValueError(f"{value!r} is not an IP address (name an interface's address)") from None
        return value


class MaintenanceSettings(_Strict):
    pin_hash: str = Field(
        "",
        description="scrypt hash of the staff PIN (make one with: ehc-kiosk --hash-pin). "
        "Empty: the maintenance view cannot be opened.")
    max_attempts: int = Field(5, ge=1, le=20, description="Wrong PINs before a lockout.")
    lockout_s: int = Field(
        300, ge=10, le=86400, description="First lockout; each further one doubles (up to a day).")
    idle_timeout_s: int = Field(
        120, ge=15, le=1800, description="Seconds without a touch before the view closes.")
    exit_to_desktop: bool = Field(
        False, description="Offer 'exit to desktop' (ends the kiosk without a restart).")
    export_dir: Path | None = Field(
        None, description="Folder the log export writes to (e.g. a USB stick's mount point); "
        "default: exports/ in the data folder.")

    @field_validator("pin_hash")
    @classmethod
    def _well_formed(cls, value: str) -> str:
        if value:
            check_encoded(value)
        return value


class LoggingSettings(_Strict):
    file: bool = Field(
        True, description="Also log to logs/kiosk.log in the data folder (0600), rotated; "
        "standard error still goes to the journal.")
    max_bytes: int = Field(
        5_000_000, ge=100_000, le=500_000_000, description="Size at which the log file rotates.")
    backups: int = Field(5, ge=1, le=50, description="Rotated files kept (the rest are deleted).")


class DiskSettings(_Strict):
    min_free_mb: int = Field(
        200, ge=10, le=10_000_000,
        description="Free space below which the disk counts as full: prints are refused "
        "before payment, and status and metrics say so.")
