"""The social-security card reader over PC/SC (pcsc-lite on Linux, WinSCard on Windows).

One thread per reader: wait for a card, read its basic data (``ss_card_protocol``), deliver
it once and wait for the card to leave before the next. A reader that disappears is
reported disconnected and looked for again; a card that answers wrongly or is pulled out
during the read delivers nothing.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from drivers.decoders import missing_library
from drivers.ss_card_protocol import (
    FIELDS,
    SELECT_SSSE,
    SUCCESS,
    CardAnswerError,
    basic_data,
    read_record,
    record_value,
)
from kiosk.cards import CardCallback, CardKind, CardStateCallback
from kiosk.scan import SourceState

logger = logging.getLogger(__name__)


class SocialSecurityCardReader:
    card_kind = CardKind.SOCIAL_SECURITY
    join_timeout_s = 3.0

    def __init__(self, reader_name: str = "", *, poll_s: float = 0.2) -> None:
        try:
            from smartcard import System
            from smartcard.Exceptions import CardConnectionException, NoCardException
        except ImportError as exc:
            raise missing_library("pyscard", "pip install pyscard (needs pcsc-lite)") from exc
        self._system = System
        self._lost = (CardConnectionException, NoCardException)
        self._wanted = reader_name  # the first reader whose name contains it
        self._poll_s = poll_s
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.label = reader_name or "PC/SC reader"

    def start(self, on_card: CardCallback, on_state: CardStateCallback) -> None:
        if self._thread is not None:
            raise RuntimeError(f"{self.label} already started")
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, args=(on_card, on_state),
                                        name=f"pcsc:{self.label}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(self.join_timeout_s)

    def _reader(self) -> Any | None:
        try:
            readers = self._system.readers()
        except Exception as exc:  # pcscd not running: the reader is away, not the kiosk
            logger.debug("PC/SC readers unavailable: %s", type(exc).__name__)
            return None
        return next((r for r in readers if self._wanted in str(r)), None)

    def _run(self, on_card: CardCallback, on_state: CardStateCallback) -> None:
        connected: bool | None = None
        held: Any = None  # the connection to the card already read, until it leaves
        while not self._stopping.is_set():
            reader = self._reader()
            if (reader is not None) != connected:
                connected = reader is not None
                on_state(SourceState.CONNECTED if connected else SourceState.DISCONNECTED,
                         self.label if connected else f"{self.label} not available")
            if held is not None and not _still_there(held):
                # Removed (or swapped for another: the old handle is void either way).
                _disconnect(held)
                held = None
            if reader is not None and held is None:
                held = self._take(reader, on_card)
            self._stopping.wait(self._poll_s)
        if held is not None:
            _disconnect(held)

    def _take(self, reader: Any, on_card: CardCallback) -> Any:
        """Read a card in ``reader``; the connection to keep while it stays, or None."""
        connection = reader.createConnection()
        try:
            connection.connect()
        except self._lost:
            return None  # no card in the reader
        except Exception as exc:
            logger.info("%s: %s", self.label, type(exc).__name__)
            return None
        read = self._read(connection)
        if read is None:
            _disconnect(connection)
            return None
        try:
            on_card(read)
        except Exception:  # a failing consumer must not kill the reader thread
            logger.exception("card callback failed for %s", self.label)
        return connection

    def _read(self, connection: Any):
        try:
            self._send(connection, SELECT_SSSE)
            values = {name: record_value(self._send(connection, read_record(*where)), where)
                      for name, where in FIELDS.items()}
            return basic_data(values)
        except CardAnswerError as exc:
            logger.info("%s: unreadable card (%s)", self.label, exc)
        except self._lost:
            logger.info("%s: the card left during the read", self.label)
        return None

    def _send(self, connection: Any, apdu: list[int]) -> list[int]:
        data, sw1, sw2 = connection.transmit(apdu)
        if (sw1, sw2) != SUCCESS:
            raise CardAnswerError(f"status {sw1:02X}{sw2:02X}")
        return data


def _still_there(connection: Any) -> bool:
    try:
        connection.getATR()  # SCardStatus: fails once the card was removed or reset
    except Exception:
        return False
    return True


def _disconnect(connection: Any) -> None:
    try:
        connection.disconnect()
    except Exception:
        logger.debug("disconnect failed", exc_info=True)
