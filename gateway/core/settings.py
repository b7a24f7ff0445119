"""Runtime settings of one gateway process and the state shared by its request handlers."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gateway.core.clock import DEFAULT_TIME_ZONE
from gateway.core.db import Database
from gateway.core.scan import DEFAULT_WRISTBAND, wristband_pattern

DEFAULT_HOSPITAL_CODE = "5101070001"
DEFAULT_HOSPITAL_NAME = "示例市第一人民医院"
DEFAULT_HOSPITAL_NAME_EN = "Example City First People's Hospital"


@dataclass(frozen=True)
class Settings:
    db_path: Path
    device_tokens: tuple[str, ...] = ()
    code_lifetime: int = 60
    seed: int = 2026
    patients: int = 240
    hospital_code: str = DEFAULT_HOSPITAL_CODE
    hospital_name: str = DEFAULT_HOSPITAL_NAME
    hospital_name_en: str = DEFAULT_HOSPITAL_NAME_EN
    # Self-service prints per report; reprints beyond it need staff.
    report_print_limit: int = 1
    # Reprints of one payment or registration slip allowed at kiosks (补打).
    slip_reprint_limit: int = 2
    # The hospital's IANA zone: where its day starts (gateway.core.clock).
    time_zone: str = DEFAULT_TIME_ZONE
    # Unmatched identify attempts allowed per device within the sliding window.
    identify_limit: int = 10
    identify_window_s: int = 300
    # Largest request body accepted (bytes); larger ones get 413 before they are read.
    max_body_bytes: int = 64 * 1024
    # A help request nobody acknowledged within this many seconds is overdue.
    help_overdue_s: int = 120
    # Seed the demo world and mount /demo/v1, /ehc and /pay (``--demo``).
    demo: bool = False
    # Serve Prometheus metrics at /metrics (``--metrics``); counted either way.
    metrics: bool = False
    # The health-card platform's configuration (``--platform-config``); None: the emulation.
    platform_config: Path | None = None
    # Reverse proxies whose X-Forwarded-For is believed (``--trusted-proxy``); none by default.
    trusted_proxies: tuple[str, ...] = ()
    # The inpatient number's shape on a wristband (``--wristband-pattern``; the kiosk's
    # ``[codes] inpatient_no`` must accept the same numbers).
    wristband_pattern: str = DEFAULT_WRISTBAND


@dataclass
class GatewayState:
    settings: Settings
    db: Database

    @property
    def wristband(self) -> re.Pattern[str]:
        return wristband_pattern(self.settings.wristband_pattern)
    # Injected so in-process tests can move time instead of waiting.
    clock: Callable[[], float] = field(default=time.time)
    # gateway.platform.interface.HealthCardPlatform (typed loosely: core imports no platform).
    platform: Any = None
    # gateway.platform.forwarder.Forwarder: sends the platform outbox; kicked after a write.
    forwarder: Any = None
    # gateway.insurance.interface.InsurancePlatform (typed loosely for the same reason).
    insurer: Any = None
    # gateway.platform.payment_provider.PaymentProvider (typed loosely for the same reason).
    provider: Any = None
