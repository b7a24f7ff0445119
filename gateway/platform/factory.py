"""The one place that picks the health-card platform: the emulation, or the configured one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from gateway.core.db import Database
from gateway.platform import config, secrets
from gateway.platform.emulated import EmulatedPlatform
from gateway.platform.interface import HealthCardPlatform
from gateway.platform.tencent import TencentPlatform


def build(config_path: Path | None, db: Database, clock: Callable[[], float]) -> HealthCardPlatform:
    """Raises ``PlatformConfigError`` / ``SecretError`` naming what is wrong, at start-up."""
    if config_path is None:
        return EmulatedPlatform(db.transaction)
    chosen = config.load(config_path)
    if chosen.secret_file is not None:
        secret = secrets.from_file(chosen.secret_file)
    else:
        secret = secrets.from_keyring(chosen.keyring_service or "", chosen.keyring_user or "")
    return TencentPlatform(chosen, secret, clock)

