"""A simulated resident ID card reader on a pseudo-terminal, for tests and the demo panel.

It answers the SAM protocol's find / select / read as a reader does, with a card placed on
it (the fields, or a recorded read answer) and faults on request: a bad check byte, no
answer, the card pulled away during the read. The kiosk's driver opens ``port`` like any
serial reader, so nothing of the driver is bypassed.
"""

from __future__ import annotations

import os
import select
import threading
import tty

from drivers.id_card_protocol import (
    FIND,
    FOUND,
    NO_CARD,
    OK,
    READ,
    READ_FAILED,
    SELECT,
    TEXT_BYTES,
    FrameError,
    frame,
    needed,
    split_frame,
    text_block,
)

PHOTO_BYTES = 1024


def read_answer(fields: dict[str, str]) -> bytes:
    """A whole read answer frame for a card with these fields (the photo is filler)."""
    body = (OK + TEXT_BYTES.to_bytes(2, "big") + PHOTO_BYTES.to_bytes(2, "big")
            + text_block(fields) + bytes(PHOTO_BYTES))
    return frame(body)


def card_fields(name: str, gender: str, id_number: str) -> dict[str, str]:
    """A long-term card's fields for a holder (``gender`` "M" / "F"), birth date from the number."""
    return {"name": name, "sex": "1" if gender == "M" else "2", "nation": "01",
            "birth": id_number[6:14], "address": "示例市人民路 1 号", "id_number": id_number,
            "issuer": "示例市公安局", "valid_from": "20200101", "valid_to": "长期"}


class SimulatedIdReader:
    def __init__(self) -> None:
        self._master, slave = os.openpty()
        tty.setraw(slave)
        self.port = os.ttyname(slave)
        self._slave = slave
        self._lock = threading.Lock()
        self._answer: bytes | None = None  # the read answer of the card on the reader
        self.corrupt_next = False
        self.silence_next = False
        self.pull_mid_read = False
        self.reads = 0
        self.finds = 0  # find-card commands answered, so tests wait on polls, not on time
        self.asked = threading.Condition(self._lock)
        self._stop_r, self._stop_w = os.pipe()
        self._closed = False
        self._thread = threading.Thread(target=self._serve, name="sim-id-reader", daemon=True)
        self._thread.start()

    def insert(self, fields: dict[str, str] | None = None, answer: bytes | None = None) -> None:
        with self._lock:
            self._answer = answer if answer is not None else read_answer(fields or {})

    def remove(self) -> None:
        with self._lock:
            self._answer = None

    def close(self) -> None:
        """Stop serving and close the pseudo-terminal; again: nothing happens."""
        if self._closed:
            return
        self._closed = True
        os.write(self._stop_w, b"x")
        self._thread.join(3)
        for fd in (self._master, self._slave, self._stop_r, self._stop_w):
            os.close(fd)

    def _reply(self, cmd: bytes) -> bytes | None:
        with self._lock:
            if self.silence_next:
                self.silence_next = False
                return None
            card = self._answer
            if tuple(cmd[:2]) == FIND:
                self.finds += 1
                self.asked.notify_all()
                out = frame(FOUND if card else NO_CARD)
            elif tuple(cmd[:2]) == SELECT:
                out = frame(OK if card else b"\x00\x00\x81")
            elif tuple(cmd[:2]) == READ:
                if card is None or self.pull_mid_read:
                    self.pull_mid_read = False
                    self._answer = None
                    out = frame(READ_FAILED)
                else:
                    self.reads += 1
                    out = card
            else:
                out = frame(b"\x00\x00\x21")  # unknown command
            if self.corrupt_next:
                self.corrupt_next = False
                out = out[:-1] + bytes([out[-1] ^ 0xFF])
            return out

    def _serve(self) -> None:
        pending = b""
        while True:
            ready, _, _ = select.select([self._master, self._stop_r], [], [])
            if self._stop_r in ready:
                return
            try:
                pending += os.read(self._master, 4096)
            except OSError:
                return
            total = needed(pending)
            while total is not None and len(pending) >= total:
                try:
                    body, pending = split_frame(pending)
                except FrameError:
                    pending = b""
                    break
                reply = self._reply(body)
                if reply is not None:
                    os.write(self._master, reply)
                total = needed(pending)
