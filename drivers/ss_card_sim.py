"""A virtual social-security card for the virtual reader driver (vsmartcard-vpcd), for the
tests and the demo panel.

vpcd waits for a card on a TCP port (Debian's package configures 35963 for the system's
pcscd); :class:`VirtualCard` connects to it (inserting the card) and answers APDUs in
vpicc's framing (2-byte big-endian length, then the payload; a 1-byte payload is power off /
on / reset / ATR). Closing it removes the card. :class:`BasicDataCard` answers as a card
holding given basic data does, so the kiosk's reader reads it through pcscd like any card.
"""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Callable

from drivers.ss_card_protocol import CARD_ID, CARD_NO, EXPIRES, ISSUER, NAME, SSN, SSSE, VERSION

ATR = bytes.fromhex("3B8880010000000000000000")
Apdu = Callable[[bytes], bytes]
VPCD_PORT = 35963  # vsmartcard-vpcd's port in Debian's /etc/reader.conf.d/vpcd


class BasicDataCard:
    """The APDU answers of a card with this basic data (GBK text, the chip id as bytes)."""

    def __init__(self, ssn: str, name: str, card_no: str, region: str = "110100",
                 card_id: bytes = bytes.fromhex("1101000000000001")) -> None:
        self.records = {CARD_ID: card_id, VERSION: b"3.00", ISSUER: region.encode(),
                        EXPIRES: b"20330101", CARD_NO: card_no.encode(), SSN: ssn.encode(),
                        NAME: name.encode("gbk")}
        self.read = threading.Event()  # the holder's name, the reader's last record, was read

    def __call__(self, apdu: bytes) -> bytes:
        if apdu[:2] == b"\x00\xa4":
            return b"\x90\x00" if apdu[5:9] == SSSE else b"\x6a\x82"
        if apdu[:2] == b"\x00\xb2":
            where = (apdu[3] >> 3, apdu[2])
            value = self.records.get(where)
            if value is None:
                return b"\x6a\x83"
            if where == NAME:
                self.read.set()
            return bytes([apdu[2], len(value)]) + value + b"\x90\x00"
        return b"\x6d\x00"


class VirtualCard:
    """A card in the virtual reader until ``remove()``; ``answer`` maps an APDU to its reply."""

    def __init__(self, port: int, answer: Apdu, atr: bytes = ATR) -> None:
        self._answer = answer
        self._atr = atr
        self._sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self._sock.settimeout(None)
        self._thread = threading.Thread(target=self._serve, name="virtual-card", daemon=True)
        self._thread.start()

    def _recv(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = self._sock.recv(size - len(data))
            if not chunk:
                raise ConnectionError("reader closed")
            data += chunk
        return data

    def _send(self, payload: bytes) -> None:
        self._sock.sendall(struct.pack(">H", len(payload)) + payload)

    def _serve(self) -> None:
        try:
            while True:
                (length,) = struct.unpack(">H", self._recv(2))
                payload = self._recv(length)
                if length == 1:
                    if payload[0] == 4:  # get ATR
                        self._send(self._atr)
                    continue  # power off / on / reset need no answer
                self._send(self._answer(payload))
        except (ConnectionError, OSError):
            return

    def remove(self) -> None:
        """Take the card out (again: nothing happens)."""
        if self._sock.fileno() < 0:
            return
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._sock.close()
        self._thread.join(3)
