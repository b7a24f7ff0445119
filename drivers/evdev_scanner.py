"""USB HID scanners read straight from their Linux input device.

The device is grabbed exclusively, so a scan never also arrives as keystrokes in the kiosk
window (or in a terminal). Key events become text through :class:`KeyDecoder`; Enter ends a
scan. Device access sits behind a small ``open_device`` seam so tests replay recorded events.
"""

from __future__ import annotations

import logging
import select
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from drivers.decoders import missing_library
from drivers.device import DeviceLost, DeviceSource, device_missing
from drivers.keymap import KeyDecoder
from kiosk.scan import ScanEvent, SourceKind
from kiosk.settings_scanning import EvdevScannerSettings

logger = logging.getLogger(__name__)


class InputDevice(Protocol):
    def grab(self) -> None: ...

    def read_events(self, timeout: float) -> Iterable[tuple[int, int, int]]:
        """(type, code, value) of events ready within ``timeout``; raises OSError if unplugged."""

    def close(self) -> None: ...


class _EvdevDevice:
    """python-evdev behind the :class:`InputDevice` seam."""

    def __init__(self, path: str) -> None:
        import evdev

        self._device = evdev.InputDevice(path)

    def grab(self) -> None:
        self._device.grab()

    def read_events(self, timeout: float) -> Iterable[tuple[int, int, int]]:
        ready, _, _ = select.select([self._device.fd], [], [], timeout)
        if not ready:
            return []
        return [(e.type, e.code, e.value) for e in self._device.read()]

    def close(self) -> None:
        try:
            self._device.ungrab()
        except OSError:
            pass  # already gone with the device
        self._device.close()


def _open_evdev(path: str) -> InputDevice:
    return _EvdevDevice(path)


class EvdevScanner(DeviceSource):
    kind = SourceKind.EVDEV

    def __init__(
        self,
        settings: EvdevScannerSettings,
        *,
        open_device: Callable[[str], InputDevice] | None = None,
        retry_initial_s: float = 0.5,
        retry_max_s: float = 10.0,
    ) -> None:
        if open_device is None:
            try:
                import evdev  # noqa: F401  (checked here so a missing module fails at start-up)
            except ImportError as exc:
                raise missing_library("evdev (Linux only)", "pip install evdev") from exc
            open_device = _open_evdev
        super().__init__(settings.path, retry_initial_s=retry_initial_s, retry_max_s=retry_max_s)
        self._settings = settings
        self._open_device = open_device
        self._keys = KeyDecoder()

    def _open(self) -> Any:
        try:
            device = self._open_device(self._settings.path)
        except FileNotFoundError as exc:
            raise device_missing(self._settings.path) from exc
        if self._settings.grab:
            try:
                device.grab()
            except OSError:
                device.close()
                raise  # another program holds it: retried like an unplug
        self._keys.reset()  # a scan cut by an unplug must not prefix the next one
        return device

    def _pump(self, device: InputDevice) -> None:
        while not self._stopping.is_set():
            for type_, code, value in device.read_events(0.2):
                text = self._keys.feed(type_, code, value)
                if text is not None:
                    self._emit(ScanEvent(text, SourceKind.EVDEV))
        if not self._stopping.is_set():
            raise DeviceLost(self.label)

    def _close(self, device: InputDevice) -> None:
        try:
            device.close()
        except OSError:
            logger.debug("closing %s failed", self.label, exc_info=True)
