"""The masked forms of a patient's identity that leave the gateway for a patient kiosk.

The same rules as the kiosk's own masks (``张*三``, ``110101********1234``), so a kiosk that
masks again changes nothing: applied to a masked form, each function returns it unchanged.
They are written out again rather than imported from ``kiosk.privacy`` on purpose: the
gateway is the contract's reference implementation and imports nothing of the kiosk (an
import contract); ``tests/gateway`` checks both give the same forms.
"""

from __future__ import annotations

STAR = "*"


def _is_latin(name: str) -> bool:
    return any("a" <= ch.lower() <= "z" for ch in name)


def _mask_tail(value: str) -> str:
    visible = min(4, int(len(value) * 0.4))
    return STAR * (len(value) - visible) + value[len(value) - visible :]


def mask_name(name: str) -> str:
    """张三 → 张*, 张小三 → 张*三, "Li Ming" → "L*** M***"."""
    name = name.strip()
    if len(name) <= 1:
        return STAR * len(name)
    if _is_latin(name):
        return " ".join(word[0] + STAR * 3 for word in name.split())
    if len(name) == 2:
        return name[0] + STAR
    return name[0] + STAR * (len(name) - 2) + name[-1]


def mask_id_number(number: str) -> str:
    """18 digits keep 6 + last 4, 15 digits 6 + last 3, anything else a short tail."""
    number = number.strip()
    if len(number) == 18:
        return number[:6] + STAR * 8 + number[-4:]
    if len(number) == 15:
        return number[:6] + STAR * 6 + number[-3:]
    return _mask_tail(number)


def mask_visit_card(number: str) -> str:
    """0002000005 → ******0005."""
    return _mask_tail(number.strip())
