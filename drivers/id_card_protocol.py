"""The SAM module protocol most resident ID card readers speak (serial, USB-serial).

Frames: header ``AA AA AA 96 69``, a 2-byte big-endian length (of what follows it), then
the body and an XOR check of every byte after the header (length included). A command body
is ``command, parameter``; an answer body starts with three status bytes (``00 00 90``
success, ``00 00 9F`` card found). Find card ``20 01``, select ``20 02``, read ``30 01``.
A read answer carries a 2-byte text length, a 2-byte photo length, 256 bytes of UCS-2LE
text in fixed fields and the (WLT-encoded) photo, which is dropped here unread.
"""

from __future__ import annotations

import datetime as dt

from kiosk.cards import IdCardRead

HEADER = bytes.fromhex("AAAAAA9669")
FIND = (0x20, 0x01)
SELECT = (0x20, 0x02)
READ = (0x30, 0x01)

OK = b"\x00\x00\x90"
FOUND = b"\x00\x00\x9f"
NO_CARD = b"\x00\x00\x80"
SELECT_FAILED = b"\x00\x00\x81"
READ_FAILED = b"\x00\x00\x41"

# (field, bytes) in the order of the 256-byte text block.
TEXT_FIELDS = (("name", 30), ("sex", 2), ("nation", 4), ("birth", 16), ("address", 70),
               ("id_number", 36), ("issuer", 30), ("valid_from", 16), ("valid_to", 16),
               ("reserved", 36))
TEXT_BYTES = 256
LONG_TERM = "长期"


class FrameError(ValueError):
    """Bytes that are not a whole, checked frame (a bad check byte, a cut answer)."""


class CardDataError(ValueError):
    """A read whose text fields are not those of a resident ID card."""


def _xor(data: bytes) -> int:
    check = 0
    for byte in data:
        check ^= byte
    return check


def frame(body: bytes) -> bytes:
    length = (len(body) + 1).to_bytes(2, "big")
    return HEADER + length + body + bytes([_xor(length + body)])


def command(cmd: tuple[int, int]) -> bytes:
    return frame(bytes(cmd))


def split_frame(data: bytes) -> tuple[bytes, bytes]:
    """(body of the first whole frame, the bytes after it); raises FrameError."""
    start = data.find(HEADER)
    if start < 0 or len(data) < start + 7:
        raise FrameError("incomplete frame")
    length = int.from_bytes(data[start + 5:start + 7], "big")
    end = start + 7 + length
    if length < 1 or len(data) < end:
        raise FrameError("incomplete frame")
    body, check = data[start + 7:end - 1], data[end - 1]
    if _xor(data[start + 5:start + 7] + body) != check:
        raise FrameError("bad check byte")
    return body, data[end:]


def needed(data: bytes) -> int | None:
    """How many bytes the frame that ``data`` begins needs in all (None: not known yet)."""
    start = data.find(HEADER)
    if start < 0 or len(data) < start + 7:
        return None
    return start + 7 + int.from_bytes(data[start + 5:start + 7], "big")


def text_block(fields: dict[str, str]) -> bytes:
    """The 256-byte text block of a card (used by the simulated reader)."""
    out = b""
    for name, size in TEXT_FIELDS:
        raw = fields.get(name, "").encode("utf-16-le")[:size]
        out += raw + " ".encode("utf-16-le") * ((size - len(raw)) // 2)
    return out


def _date(text: str) -> dt.date:
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise CardDataError("a date field is not yyyyMMdd") from None


def parse_read(body: bytes) -> IdCardRead:
    """A read answer's body (status bytes first) as the card's fields; the photo is dropped."""
    if body[:3] != OK or len(body) < 7:
        raise CardDataError("not a successful read")
    text_len = int.from_bytes(body[3:5], "big")
    if text_len != TEXT_BYTES or len(body) < 7 + text_len:
        raise CardDataError("the text block is not 256 bytes")
    block = body[7:7 + text_len]
    fields: dict[str, str] = {}
    offset = 0
    for name, size in TEXT_FIELDS:
        try:
            fields[name] = block[offset:offset + size].decode("utf-16-le").strip(" \x00")
        except UnicodeDecodeError:
            raise CardDataError("a text field is not UCS-2") from None
        offset += size
    if fields["sex"] not in ("1", "2") or len(fields["id_number"]) != 18 or not fields["name"]:
        raise CardDataError("the fields are not those of a resident ID card")
    valid_to = fields["valid_to"]
    return IdCardRead(
        name=fields["name"], gender="M" if fields["sex"] == "1" else "F",
        nation=fields["nation"], birth_date=_date(fields["birth"]), address=fields["address"],
        id_number=fields["id_number"].upper(), issuer=fields["issuer"],
        valid_from=_date(fields["valid_from"]),
        valid_to=None if valid_to == LONG_TERM else _date(valid_to),
    )
