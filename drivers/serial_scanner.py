"""Serial (RS-232 or USB CDC) barcode scanners: bytes up to the configured suffix are one scan.

Writes arrive in fragments of any size; they are reassembled until the suffix. Payload bytes
are decoded like camera payloads (UTF-8, else GBK), since scanners pass symbols through as is.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from drivers.charset import decode_payload
from drivers.decoders import missing_library
from drivers.device import DeviceLost, DeviceSource, device_missing
from kiosk.scan import ScanEvent, SourceKind
from kiosk.settings_scanning import SerialScannerSettings

logger = logging.getLogger(__name__)

SUFFIXES = {"CR": b"\r", "LF": b"\n", "CRLF": b"\r\n"}
# A scan is a few hundred bytes at most; more without a suffix means line noise or a
# misconfigured suffix, and keeping it would glue garbage to the next scan.
MAX_PENDING = 4096
# A fragment left this long without its suffix is abandoned for the same reason.
STALE_AFTER_S = 2.0


class SerialScanner(DeviceSource):
    kind = SourceKind.SERIAL

    def __init__(
        self,
        settings: SerialScannerSettings,
        *,
        retry_initial_s: float = 0.5,
        retry_max_s: float = 10.0,
        read_timeout_s: float = 0.1,
    ) -> None:
        try:
            import serial
        except ImportError as exc:
            raise missing_library("pyserial", "pip install pyserial") from exc
        super().__init__(settings.port, retry_initial_s=retry_initial_s, retry_max_s=retry_max_s)
        self._serial = serial
        self._settings = settings
        self._suffix = SUFFIXES[settings.suffix]
        self._read_timeout_s = read_timeout_s  # how quickly stop() is noticed

    def _open(self) -> Any:
        try:
            return self._serial.Serial(
                self._settings.port, self._settings.baudrate, timeout=self._read_timeout_s
            )
        except self._serial.SerialException as exc:
            raise device_missing(self._settings.port) from exc

    def _close(self, handle: Any) -> None:
        try:
            handle.close()
        except OSError:
            logger.debug("closing %s failed", self.label, exc_info=True)

    def _pump(self, port: Any) -> None:
        pending = b""
        last_byte_at = time.monotonic()
        while not self._stopping.is_set():
            chunk = port.read(max(1, port.in_waiting))
            now = time.monotonic()
            if not chunk:
                if pending and now - last_byte_at > STALE_AFTER_S:
                    logger.info("%s: dropped an unterminated fragment", self.label)
                    pending = b""
                continue
            last_byte_at = now
            pending += chunk
            *lines, pending = pending.split(self._suffix)
            for line in lines:
                self._deliver(line)
            if len(pending) > MAX_PENDING:
                logger.warning("%s: %d bytes without a suffix dropped", self.label, len(pending))
                pending = b""
        if self._stopping.is_set():
            return
        raise DeviceLost(self.label)

    def _deliver(self, line: bytes) -> None:
        # Scanners set to CR sometimes also send LF (and the reverse): strip the stray one.
        line = line.strip(b"\r\n")
        if line:
            self._emit(ScanEvent(decode_payload(line), SourceKind.SERIAL, raw=line))
