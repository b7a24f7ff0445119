"""Build the configured scan sources; several run at once (e.g. camera + serial + wedge).

Everything that can be checked before the first scan is checked here or in ``start``: an
unknown source type or decoder, or a missing library, is a DeviceError naming what is missing
and how to install it. The keyboard wedge lives in the UI and is added there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kiosk.cards import CardSource
from kiosk.errors import DeviceError, Text
from kiosk.scan import ScanSource
from kiosk.settings_cards import CardsSettings
from kiosk.settings_scanning import (
    CameraSettings,
    EvdevScannerSettings,
    ScanningSettings,
    SerialScannerSettings,
)

if TYPE_CHECKING:
    from drivers.camera import FrameCallback

logger = logging.getLogger(__name__)


def _serial(settings: SerialScannerSettings, scanning: ScanningSettings, **_: Any) -> ScanSource:
    from drivers.serial_scanner import SerialScanner

    return SerialScanner(settings, retry_initial_s=scanning.retry_initial_s,
                         retry_max_s=scanning.retry_max_s)


def _evdev(settings: EvdevScannerSettings, scanning: ScanningSettings, **_: Any) -> ScanSource:
    from drivers.evdev_scanner import EvdevScanner

    return EvdevScanner(settings, retry_initial_s=scanning.retry_initial_s,
                        retry_max_s=scanning.retry_max_s)


def _camera(settings: CameraSettings, scanning: ScanningSettings,
            on_frame: FrameCallback | None = None,
            on_decoded: Callable[[float], None] | None = None, **_: Any) -> ScanSource:
    # Imported here, like the other sources: OpenCV and NumPy load only on kiosks with a
    # camera (on the others they were a tenth of the time to a ready home screen).
    from drivers.camera import CameraSource
    from drivers.decode import DECODER_NAMES

    if scanning.decoder not in DECODER_NAMES:
        raise unknown("decoder", scanning.decoder, DECODER_NAMES)
    return CameraSource(settings, decoder=scanning.decoder, stable_frames=scanning.stable_frames,
                        hold_off_s=scanning.hold_off_s, on_frame=on_frame, on_decoded=on_decoded,
                        retry_initial_s=scanning.retry_initial_s, retry_max_s=scanning.retry_max_s)


BUILDERS: dict[str, Callable[..., ScanSource]] = {
    "camera": _camera,
    "serial": _serial,
    "evdev": _evdev,
}


def unknown(what: str, name: str, known: tuple[str, ...] | list[str]) -> DeviceError:
    choices = ", ".join(known)
    return DeviceError(
        Text(zh=f"未知的{what}类型“{name}”，可选：{choices}。",
             en=f"Unknown {what} type {name!r}; choose one of: {choices}."),
        code="config_unknown_device",
    )


def build_source(kind: str, settings: Any, scanning: ScanningSettings,
                 on_frame: FrameCallback | None = None,
                 on_decoded: Callable[[float], None] | None = None) -> ScanSource:
    try:
        builder = BUILDERS[kind]
    except KeyError:
        raise unknown("scanner", kind, list(BUILDERS)) from None
    return builder(settings, scanning, on_frame=on_frame, on_decoded=on_decoded)


def build_sources(scanning: ScanningSettings,
                  on_frame: FrameCallback | None = None,
                  on_decoded: Callable[[float], None] | None = None) -> list[ScanSource]:
    """The camera (if any), then serial and evdev scanners, in configuration order.

    ``on_frame`` receives the camera's decoded frames and feedback for a preview;
    ``on_decoded`` each frame's decode time in seconds (fleet metrics).
    """
    sources: list[ScanSource] = []
    if scanning.camera is not None:
        sources.append(build_source("camera", scanning.camera, scanning, on_frame, on_decoded))
    sources += [build_source("serial", s, scanning) for s in scanning.serial]
    sources += [build_source("evdev", s, scanning) for s in scanning.evdev]
    logger.info("built %d scan source(s)", len(sources))
    return sources


def build_card_sources(cards: CardsSettings, scanning: ScanningSettings) -> list[CardSource]:
    """The chip-card readers ``[cards]`` names: the ID card reader, then the social-security
    card reader. Built only; a reader that cannot be opened says so when started."""
    sources: list[CardSource] = []
    if cards.id_card is not None:
        from drivers.id_card_reader import IdCardReader

        sources.append(IdCardReader(cards.id_card.port, cards.id_card.baudrate,
                                    poll_s=cards.id_card.poll_s,
                                    retry_initial_s=scanning.retry_initial_s,
                                    retry_max_s=scanning.retry_max_s))
    if cards.social_security is not None:
        from drivers.ss_card_reader import SocialSecurityCardReader  # pyscard loads only here

        sources.append(SocialSecurityCardReader(cards.social_security.reader,
                                                poll_s=cards.social_security.poll_s))
    logger.info("built %d card reader(s)", len(sources))
    return sources
