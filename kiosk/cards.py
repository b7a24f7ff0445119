"""Chip cards beside scans: what a card reader delivers, and the interface readers share.

A :class:`CardSource` (the resident ID card reader over its SAM serial protocol, the
social-security card reader over PC/SC, the demo panel's simulated devices) hands over
structured fields, never a text to classify. Reads are personal data: reprs carry none, and
the ID card's photo is never decoded, kept or logged (the driver drops it on the wire).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from kiosk.errors import Text
from kiosk.scan import SourceState

TAKE_ID_CARD = Text(zh="请取走身份证。", en="Please take your ID card.")
TAKE_SS_CARD = Text(zh="请取走社保卡。", en="Please take your social security card.")


class CardKind(enum.StrEnum):
    ID_CARD = "id_card"
    SOCIAL_SECURITY = "social_security"


# GB 3304 nation codes the chip carries, for the few shown; others are shown as the code.
NATIONS = {"01": "汉", "02": "蒙古", "03": "回", "04": "藏", "05": "维吾尔", "06": "苗",
           "07": "彝", "08": "壮", "09": "布依", "10": "朝鲜", "11": "满"}


@dataclass(frozen=True, repr=False)
class IdCardRead:
    """A second-generation resident ID card's text fields (GB/T 2261.1 sex, GB 3304 nation)."""

    name: str
    gender: str  # "M" / "F"
    nation: str  # two-digit code
    birth_date: dt.date
    address: str
    id_number: str
    issuer: str
    valid_from: dt.date
    valid_to: dt.date | None  # None: 长期 (long-term)
    kind: CardKind = CardKind.ID_CARD

    def expired(self, today: dt.date) -> bool:
        return self.valid_to is not None and self.valid_to < today

    def age(self, today: dt.date) -> int:
        had = (today.month, today.day) >= (self.birth_date.month, self.birth_date.day)
        return today.year - self.birth_date.year - (0 if had else 1)

    def __repr__(self) -> str:
        return "IdCardRead(...)"


@dataclass(frozen=True, repr=False)
class SocialSecurityCardRead:
    """The basic data of a social-security card: what payment needs for insurance."""

    region: str  # issuing region (GB/T 2260)
    social_security_no: str  # = the ID number
    card_no: str
    name: str
    card_id: str = ""  # the chip's identifier (card_sn for 1101's mdtrt_cert_type 03)
    version: str = ""
    expires: str = ""
    kind: CardKind = CardKind.SOCIAL_SECURITY

    def __repr__(self) -> str:
        return "SocialSecurityCardRead(...)"


CardRead = IdCardRead | SocialSecurityCardRead
CardCallback = Callable[[CardRead], None]
CardStateCallback = Callable[[SourceState, str], None]


@runtime_checkable
class CardSource(Protocol):
    """A chip-card reader. ``start`` delivers reads to ``on_card`` and state changes to
    ``on_state``, from the reader's own thread; ``stop`` is idempotent and joins it."""

    card_kind: CardKind

    def start(self, on_card: CardCallback, on_state: CardStateCallback) -> None: ...

    def stop(self) -> None: ...
