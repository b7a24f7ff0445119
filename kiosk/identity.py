"""How a patient was identified, ranked, and which services need how much.

Every identify answer says how the person was identified (the gateway's ``identified_by``),
strongest first:

1. ``chip_read`` — the resident ID card or social-security card read by the kiosk's reader
   (the chip cannot be copied by knowing a number);
2. ``dynamic_code`` — a dynamic electronic health card code or insurance e-voucher (minutes
   old, shown on the holder's phone);
3. ``static_code`` — a static health code (printable, and so copiable), or a code only the
   platform reads (the kiosk cannot tell whether it was dynamic);
4. ``typed_number`` — an ID number or a printed visit-card number, typed or scanned: anyone
   who knows it can present it.

Sensitive services (the health record; configurable, ``[identity]``) need at least the
configured level; a patient below it is told plainly what to present instead. The kiosk
takes the lower of the gateway's word and its own judgement of the code it sent (fail
closed: an unknown word is the lowest level).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kiosk.code_types import CodeKind
from kiosk.errors import Text


class IdentifiedBy(enum.StrEnum):
    TYPED_NUMBER = "typed_number"
    STATIC_CODE = "static_code"
    DYNAMIC_CODE = "dynamic_code"
    CHIP_READ = "chip_read"

    @property
    def rank(self) -> int:
        return _ORDER.index(self)

    @classmethod
    def parse(cls, value: object) -> IdentifiedBy | None:
        try:
            return cls(value)
        except ValueError:
            return None


_ORDER = (IdentifiedBy.TYPED_NUMBER, IdentifiedBy.STATIC_CODE, IdentifiedBy.DYNAMIC_CODE,
          IdentifiedBy.CHIP_READ)
_BY_KIND = {
    CodeKind.EHC_DYNAMIC: IdentifiedBy.DYNAMIC_CODE,
    CodeKind.INSURANCE_VOUCHER: IdentifiedBy.DYNAMIC_CODE,
    CodeKind.EHC_STATIC: IdentifiedBy.STATIC_CODE,
    CodeKind.EHC_PLATFORM: IdentifiedBy.STATIC_CODE,
}
_BY_MATCH = {"ehc_dynamic": IdentifiedBy.DYNAMIC_CODE, "insurance_voucher": IdentifiedBy.DYNAMIC_CODE,
             "ehc_static": IdentifiedBy.STATIC_CODE, "ehc_platform": IdentifiedBy.STATIC_CODE}


def level_of(kind: CodeKind, source: str) -> IdentifiedBy:
    """The level a code of this kind from this source can reach at most."""
    if source == "card_reader" and kind in (CodeKind.ID_NUMBER, CodeKind.ID_NUMBER_LEGACY):
        return IdentifiedBy.CHIP_READ
    return _BY_KIND.get(kind, IdentifiedBy.TYPED_NUMBER)


def answered_level(value: object, matched_by: str, source: str) -> IdentifiedBy:
    """The level of an identify answer: the gateway's ``identified_by`` (an older gateway
    sends none: its ``matched_by`` decides), never above what the source can give."""
    said = IdentifiedBy.parse(value) if value is not None else None
    if said is None and value is not None:
        return IdentifiedBy.TYPED_NUMBER  # a word this kiosk does not know: fail closed
    if source == "card_reader" and matched_by == "id_number":
        ceiling = IdentifiedBy.CHIP_READ
    else:
        ceiling = _BY_MATCH.get(matched_by, IdentifiedBy.TYPED_NUMBER)
    if said is None:
        return ceiling
    return min(said, ceiling, key=lambda level: level.rank)


# What to present to reach a level, said to a patient below it.
PRESENT = {
    IdentifiedBy.CHIP_READ: Text(zh="请将身份证或社保卡放在读卡器上",
                                 en="please place your ID card or social security card on the reader"),
    IdentifiedBy.DYNAMIC_CODE: Text(
        zh="请出示电子健康卡动态二维码（在手机上打开后出示），或将身份证放在读卡器上",
        en="please show your health card's live QR code (opened on your phone) or place your "
        "ID card on the reader"),
    IdentifiedBy.STATIC_CODE: Text(
        zh="请出示电子健康卡二维码，或将身份证放在读卡器上",
        en="please show your health card QR code or place your ID card on the reader"),
    IdentifiedBy.TYPED_NUMBER: Text(zh="请出示电子健康卡", en="please show your health card"),
}
LEVEL_NEEDED_FOR = Text(zh="办理{services}，{present}，无需退出。",
                        en="For {services}, {present}; no need to finish first.")


@dataclass(frozen=True)
class IdentityPolicy:
    """Which services need which level (``[identity]`` in the settings)."""

    sensitive: frozenset[str] = frozenset({"health"})
    level: IdentifiedBy = IdentifiedBy.STATIC_CODE

    def permits(self, key: str, identified_by: IdentifiedBy) -> bool:
        return key not in self.sensitive or identified_by.rank >= self.level.rank
