"""The resident ID card reader over its serial SAM protocol (RS-232 or USB-serial).

One thread polls: find card, select, read; a read is delivered once, and the same card is
not read again until it has left the field (the kiosk says "请取走身份证"). A bad check byte,
a reader that does not answer in time or a card pulled away mid-read ends that attempt only:
the next poll starts again. The photo is dropped on the wire (``id_card_protocol``).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from drivers.decoders import missing_library
from drivers.device import DeviceLost, DeviceSource, device_missing
from drivers.id_card_protocol import (
    FIND,
    FOUND,
    OK,
    READ,
    SELECT,
    CardDataError,
    FrameError,
    command,
    needed,
    parse_read,
    split_frame,
)
from kiosk.cards import CardCallback, CardKind, CardStateCallback
from kiosk.scan import SourceKind

logger = logging.getLogger(__name__)


class IdCardReader(DeviceSource):
    kind = SourceKind.SERIAL
    card_kind = CardKind.ID_CARD

    def __init__(
        self,
        port: str,
        baudrate: int = 115200,
        *,
        poll_s: float = 0.3,
        answer_timeout_s: float = 1.0,
        retry_initial_s: float = 0.5,
        retry_max_s: float = 10.0,
    ) -> None:
        try:
            import serial
        except ImportError as exc:
            raise missing_library("pyserial", "pip install pyserial") from exc
        super().__init__(port, retry_initial_s=retry_initial_s, retry_max_s=retry_max_s)
        self._serial = serial
        self._port = port
        self._baudrate = baudrate
        self._poll_s = poll_s
        self._answer_timeout_s = answer_timeout_s
        self._on_card: CardCallback = lambda read: None

    def start(self, on_card: CardCallback, on_state: CardStateCallback) -> None:  # type: ignore[override]
        self._on_card = on_card
        super().start(lambda event: None, on_state)

    def _open(self) -> Any:
        try:
            return self._serial.Serial(self._port, self._baudrate, timeout=0.05)
        except self._serial.SerialException as exc:
            raise device_missing(self._port) from exc

    def _close(self, handle: Any) -> None:
        try:
            handle.close()
        except OSError:
            logger.debug("closing %s failed", self.label, exc_info=True)

    def _exchange(self, port: Any, cmd: tuple[int, int]) -> bytes | None:
        """One command and its answer's body; None when it did not come whole in time."""
        port.reset_input_buffer()
        port.write(command(cmd))
        data = b""
        deadline = time.monotonic() + self._answer_timeout_s
        while not self._stopping.is_set() and time.monotonic() < deadline:
            try:
                chunk = port.read(max(1, port.in_waiting))
            except self._serial.SerialException as exc:
                raise DeviceLost(self.label) from exc
            data += chunk
            total = needed(data)
            if total is not None and len(data) >= total:
                try:
                    body, _rest = split_frame(data)
                except FrameError as exc:
                    logger.info("%s: answer dropped (%s)", self.label, exc)
                    return None
                return body
        if data or not self._stopping.is_set():
            logger.info("%s: no whole answer in time", self.label)
        return None

    def _pump(self, port: Any) -> None:
        waiting_for_removal = False
        while not self._stopping.is_set():
            found = self._exchange(port, FIND)
            present = found is not None and found[:3] == FOUND
            if found is not None and not present:
                waiting_for_removal = False  # the field is empty: the next card is read
            if present and not waiting_for_removal:
                read = self._read_card(port)
                if read is not None:
                    waiting_for_removal = True
                    try:
                        self._on_card(read)
                    except Exception:  # a failing consumer must not kill the reader thread
                        logger.exception("card callback failed for %s", self.label)
            self._stopping.wait(self._poll_s)

    def _read_card(self, port: Any):
        selected = self._exchange(port, SELECT)
        if selected is None or selected[:3] != OK:
            return None
        body = self._exchange(port, READ)
        if body is None or body[:3] != OK:
            logger.info("%s: the card left during the read", self.label)
            return None
        try:
            return parse_read(body)
        except CardDataError as exc:
            logger.info("%s: unreadable card (%s)", self.label, exc)
            return None
