"""The thread every physical scan device runs on: open, read until lost, reopen with backoff.

One thread per device does all of its I/O. ``start`` waits for the first open so a device
missing at start-up is a :class:`DeviceError` for the caller to show, while a device lost
later (unplugged, end of a recorded stream) is reported as ``DISCONNECTED`` and reopened
with exponential backoff until it returns (``CONNECTED``).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from kiosk.errors import DeviceError, Text
from kiosk.scan import ScanCallback, ScanEvent, SourceKind, SourceState, StateCallback

logger = logging.getLogger(__name__)


class DeviceLost(Exception):
    """The open device stopped delivering (unplugged, end of stream)."""


CHECK_PLUGGED_IN = Text(
    zh="请检查设备是否已连接，以及本机是否有权限打开它。",
    en="Check that it is plugged in and that the kiosk may open it.",
)


def device_missing(what: str, hint: Text = CHECK_PLUGGED_IN) -> DeviceError:
    return DeviceError(
        Text(zh=f"未找到设备：{what}。{hint.zh}", en=f"Device not found: {what}. {hint.en}"),
        code="device_missing",
    )


class Backoff:
    """Doubling delays between ``initial`` and ``maximum``; ``reset`` after a success."""

    def __init__(self, initial: float, maximum: float) -> None:
        self._initial = initial
        self._maximum = max(initial, maximum)
        self._next = initial

    def next(self) -> float:
        delay = self._next
        self._next = min(self._next * 2, self._maximum)
        return delay

    def reset(self) -> None:
        self._next = self._initial


class DeviceSource:
    """Base for the device sources; subclasses provide ``_open``, ``_pump`` and ``_close``.

    ``_pump`` runs on the device thread, returns when ``self._stopping`` is set and raises
    :class:`DeviceLost` or ``OSError`` when the device goes away.
    """

    kind: SourceKind
    join_timeout_s = 3.0
    start_timeout_s = 10.0

    def __init__(self, label: str, *, retry_initial_s: float = 0.5, retry_max_s: float = 10.0) -> None:
        self.label = label  # a device name, safe to log and show
        self._backoff = Backoff(retry_initial_s, retry_max_s)
        self._stopping = threading.Event()
        self._opened_once = threading.Event()
        self._first_error: DeviceError | None = None
        self._thread: threading.Thread | None = None
        self._on_scan: ScanCallback = lambda event: None
        self._on_state: StateCallback = lambda state, detail: None

    # -- subclass hooks (device thread only) --
    def _open(self) -> Any:
        raise NotImplementedError

    def _pump(self, handle: Any) -> None:
        raise NotImplementedError

    def _close(self, handle: Any) -> None:
        raise NotImplementedError

    # -- ScanSource --
    def start(self, on_scan: ScanCallback, on_state: StateCallback) -> None:
        if self._thread is not None:
            raise RuntimeError(f"{self.label} already started")
        self._on_scan, self._on_state = on_scan, on_state
        self._stopping.clear()
        self._opened_once.clear()
        self._first_error = None
        self._thread = threading.Thread(target=self._run, name=f"{self.kind}:{self.label}", daemon=True)
        self._thread.start()
        if not self._opened_once.wait(self.start_timeout_s):
            self.stop()
            raise device_missing(self.label)
        if self._first_error is not None:
            error = self._first_error
            self.stop()
            raise error

    def stop(self) -> None:
        self._stopping.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(self.join_timeout_s)
            if thread.is_alive():
                logger.warning("%s thread did not end within %.1f s", self.label, self.join_timeout_s)

    # -- helpers for subclasses --
    def _emit(self, event: ScanEvent) -> None:
        try:
            self._on_scan(event)
        except Exception:  # a failing consumer must not kill the device thread
            logger.exception("scan callback failed for %s", self.label)

    def _state(self, state: SourceState, detail: str) -> None:
        try:
            self._on_state(state, detail)
        except Exception:
            logger.exception("state callback failed for %s", self.label)

    def _run(self) -> None:
        connected: bool | None = None
        while not self._stopping.is_set():
            try:
                handle = self._open()
            except (DeviceError, OSError) as exc:
                if not self._opened_once.is_set():
                    self._first_error = (
                        exc if isinstance(exc, DeviceError) else device_missing(self.label)
                    )
                    self._opened_once.set()
                    return
                if connected is not False:
                    self._state(SourceState.DISCONNECTED, f"{self.label} not available")
                    connected = False
                self._stopping.wait(self._backoff.next())
                continue
            self._opened_once.set()
            self._backoff.reset()
            self._state(SourceState.CONNECTED, self.label)
            connected = True
            try:
                self._pump(handle)
            except (DeviceLost, OSError) as exc:
                logger.info("%s lost: %s", self.label, type(exc).__name__)
                self._state(SourceState.DISCONNECTED, f"{self.label} unplugged")
                connected = False
            finally:
                self._close(handle)
            if not self._stopping.is_set():
                self._stopping.wait(self._backoff.next())
