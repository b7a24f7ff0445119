"""The kiosk's configuration: a schema with types, bounds, defaults and descriptions.

Configuration is TOML (``config/*.toml``), chosen by ``--config`` or ``KIOSK_CONFIG``, and
validated here at start-up. Unknown keys are rejected with the key named, so a typo cannot
silently fall back to a default on a machine in a hospital corridor. Secrets never live here:
the gateway device token is read from the system keyring (see :mod:`kiosk.credentials`).
"""

from __future__ import annotations

import enum
import os
import tomllib
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from kiosk.clock import DEFAULT_TIME_ZONE, zone
from kiosk.codes import CodePatterns
from kiosk.errors import ConfigError, Text
from kiosk.paths import default_config
from kiosk.settings_cards import CardsSettings
from kiosk.settings_fleet import DiskSettings, LoggingSettings, MaintenanceSettings, MetricsSettings
from kiosk.settings_gateway import GatewaySection
from kiosk.settings_identity import IdentitySettings
from kiosk.settings_pharmacy import PharmacySettings
from kiosk.settings_printing import PrintingSettings
from kiosk.settings_scanning import ScanningSettings
from kiosk.settings_stores import StoresSettings

CONFIG_ENV = "KIOSK_CONFIG"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Role(enum.StrEnum):
    PATIENT_KIOSK = "patient-kiosk"
    PHARMACY_COUNTER = "pharmacy-counter"


class Language(enum.StrEnum):
    ZH = "zh"
    EN = "en"


class Suffix(enum.StrEnum):
    ENTER = "enter"
    TAB = "tab"
    NONE = "none"


class KioskSection(Strict):
    role: Role = Field(Role.PATIENT_KIOSK, description="Which program this machine runs.")
    terminal_id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")] = Field(
        "KIOSK-01", description="This machine's id, printed on slips and sent to the gateway."
    )
    language: Language = Field(Language.ZH, description="The language a new patient sees first.")
    fullscreen: bool = Field(True, description="Fullscreen kiosk mode; --windowed overrides.")
    hospital_name_zh: str = Field("示例市第一人民医院", description="Hospital name shown in the header.")
    hospital_name_en: str = Field("Example City First People's Hospital", description="English name.")
    time_zone: str = Field(
        DEFAULT_TIME_ZONE,
        description="The hospital's IANA time zone: its day starts at this zone's midnight,"
        " whatever zone the machine is set to.",
    )

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, name: str) -> str:
        zone(name)  # raises ValueError naming the zone
        return name


class SessionSection(Strict):
    idle_timeout_s: int = Field(
        90, ge=15, le=900, description="Seconds without a touch before the patient is signed out."
    )
    warning_s: int = Field(
        20, ge=5, le=120, description="Seconds of visible countdown before the sign-out."
    )

    @model_validator(mode="after")
    def _warning_fits(self) -> SessionSection:
        if self.warning_s >= self.idle_timeout_s:
            raise ValueError("warning_s must be shorter than idle_timeout_s")
        return self


class WedgeSection(Strict):
    enabled: bool = Field(True, description="Capture a keyboard-wedge (USB HID) scanner.")
    max_key_interval_ms: int = Field(
        40, ge=5, le=200, description="Keys closer than this belong to one scanner burst."
    )
    min_length: int = Field(6, ge=1, le=64, description="Shortest text accepted as a scan.")
    prefix: str = Field("", max_length=8, description="Characters the scanner sends first.")
    suffix: Suffix = Field(Suffix.ENTER, description="Key the scanner sends last.")


class VoiceSection(Strict):
    enabled: bool = Field(True, description="Speak each screen's prompt (espeak-ng).")
    rate: int = Field(140, ge=80, le=260, description="Speaking rate, words per minute.")


class ElderSection(Strict):
    """Elder-care mode (长辈模式): on by age after identification, or chosen on the home screen."""

    age_threshold: int = Field(
        65, ge=50, le=100, description="Patients of this age or older get elder-care mode at once."
    )
    idle_timeout_s: int = Field(
        180, ge=30, le=900, description="Seconds without a touch before sign-out, in elder-care mode."
    )
    warning_s: int = Field(
        45, ge=10, le=180, description="Seconds of visible, spoken countdown before that sign-out."
    )
    voice_rate: int = Field(
        110, ge=80, le=260, description="Speaking rate in elder-care mode, words per minute (slower)."
    )
    payment_code_first: bool = Field(
        True, description="The pay step opens on 出示付款码 (show your payment code) in elder-care mode."
    )

    @model_validator(mode="after")
    def _warning_fits(self) -> ElderSection:
        if self.warning_s >= self.idle_timeout_s:
            raise ValueError("warning_s must be shorter than idle_timeout_s")
        return self


class DemoSection(Strict):
    scan_panel: bool = Field(
        False, description="Show buttons that present demo patients' codes (no scanner needed)."
    )
    card_devices: bool = Field(
        False, description="With the scan panel: simulated card devices (an ID card reader on "
        "a pseudo-terminal, a virtual insurance card for pcscd's vpcd) and buttons that insert "
        "a demo patient's cards; the kiosk's card readers are pointed at them."
    )
    vpcd_port: int = Field(
        35963, ge=1, le=65535,
        description="Port of pcscd's virtual reader driver (vsmartcard-vpcd; Debian's is 35963).",
    )


class Settings(Strict):
    kiosk: KioskSection = Field(default_factory=KioskSection)
    gateway: GatewaySection = Field(default_factory=GatewaySection)
    session: SessionSection = Field(default_factory=SessionSection)
    wedge: WedgeSection = Field(default_factory=WedgeSection)
    codes: CodePatterns = Field(default_factory=CodePatterns)
    demo: DemoSection = Field(default_factory=DemoSection)
    voice: VoiceSection = Field(default_factory=VoiceSection)
    elder: ElderSection = Field(default_factory=ElderSection)
    scanning: ScanningSettings = Field(default_factory=ScanningSettings)
    cards: CardsSettings = Field(default_factory=CardsSettings)
    identity: IdentitySettings = Field(default_factory=IdentitySettings)
    printing: PrintingSettings = Field(default_factory=PrintingSettings)
    pharmacy: PharmacySettings = Field(default_factory=PharmacySettings)
    stores: StoresSettings = Field(default_factory=StoresSettings)
    metrics: MetricsSettings = Field(default_factory=MetricsSettings)
    maintenance: MaintenanceSettings = Field(default_factory=MaintenanceSettings)
    logging: LoggingSettings = Field(default_factory=LoggingSettings)
    disk: DiskSettings = Field(default_factory=DiskSettings)


def error_lines(error: ValidationError) -> list[str]:
    """One line per problem, each starting with the dotted key it is about."""
    lines = []
    for item in error.errors():
        key = ".".join(str(p) for p in item["loc"]) or "(top level)"
        if item["type"] == "extra_forbidden":
            lines.append(f"{key}: unknown key")
        else:
            # Our own validators' messages read better without pydantic's prefix.
            lines.append(f"{key}: {item['msg'].removeprefix('Value error, ')}")
    return lines


def _describe(error: ValidationError, source: str) -> Text:
    detail = "; ".join(error_lines(error))
    return Text(zh=f"配置文件 {source} 有误：{detail}", en=f"Invalid configuration {source}: {detail}")


def parse_settings(data: dict, source: str = "<memory>") -> Settings:
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, source)) from None


def config_path(explicit: str | os.PathLike | None, env: dict | None = None) -> Path:
    """``--config`` wins, then ``KIOSK_CONFIG``, then the shipped default."""
    env = os.environ if env is None else env
    if explicit:
        return Path(explicit)
    if env.get(CONFIG_ENV):
        return Path(env[CONFIG_ENV])
    return default_config()


def load_settings(path: str | os.PathLike | None = None, env: dict | None = None) -> Settings:
    chosen = config_path(path, env)
    try:
        data = tomllib.loads(chosen.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            Text(zh=f"找不到配置文件 {chosen}", en=f"Configuration file not found: {chosen}")
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            Text(zh=f"配置文件 {chosen} 格式错误：{exc}", en=f"{chosen} is not valid TOML: {exc}")
        ) from None
    return parse_settings(data, str(chosen))


def describe(model: type[BaseModel] = Settings, prefix: str = "") -> list[str]:
    """Every key with its type, default, bounds and description (``python -m kiosk.settings``)."""
    lines: list[str] = []
    for name, info in model.model_fields.items():
        key = f"{prefix}{name}"
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            lines.append(f"[{key}]")
            lines += describe(annotation, f"{key}.")
            continue
        bounds = " ".join(
            f"{k}={getattr(m, k)}" for m in info.metadata for k in ("ge", "le", "gt", "lt") if hasattr(m, k)
        )
        default = info.get_default(call_default_factory=True)
        kind = getattr(annotation, "__name__", str(annotation))
        lines.append(f"  {key} ({kind}) = {default!r} {bounds}".rstrip())
        if info.description:
            lines.append(f"      {info.description}")
    return lines


if __name__ == "__main__":
    from kiosk.settings_check import main

    raise SystemExit(main())
