"""An ID number typed on the kiosk's keypad: the digits, the masked echo, the live check.

For a patient with no phone and no card in hand. The 18th character is the ISO 7064
MOD 11-2 check character (0-9 or X), so a slip of a finger is caught before anything is
sent: the check is shown live once all 18 are in, and only a number that passes can be
confirmed. The number then takes the scan's way (:func:`kiosk.codes.classify`, which also
checks the birth date and region, and the same identify call). The echo masks the birth
date and sequence as every screen and slip of the kiosk does (``110101 ******** 1234``);
the digits live only in this object, which the keypad clears on every way out.
"""

from __future__ import annotations

import enum

from stdnum.cn import ric

LENGTH = 18
_SHOWN_HEAD, _SHOWN_TAIL = 6, 4  # region, and the last four: as kiosk.privacy masks them


class Check(enum.StrEnum):
    INCOMPLETE = "incomplete"
    VALID = "valid"
    WRONG = "wrong"  # the check character does not fit: a digit was mistyped


class IdEntry:
    def __init__(self) -> None:
        self._chars = ""

    def __repr__(self) -> str:  # never the digits
        return f"IdEntry(len={len(self._chars)})"

    @property
    def length(self) -> int:
        return len(self._chars)

    def accepts(self, key: str) -> bool:
        """Whether ``key`` may be typed now: digits until 18; X only as the 18th."""
        if len(self._chars) >= LENGTH:
            return False
        if key == "X":
            return len(self._chars) == LENGTH - 1
        return key.isdigit() and len(key) == 1

    def press(self, key: str) -> bool:
        key = key.upper()
        if not self.accepts(key):
            return False
        self._chars += key
        return True

    def delete(self) -> None:
        self._chars = self._chars[:-1]

    def clear(self) -> None:
        self._chars = ""

    @property
    def check(self) -> Check:
        if len(self._chars) < LENGTH:
            return Check.INCOMPLETE
        return Check.VALID if ric.calc_check_digit(self._chars) == self._chars[-1] else Check.WRONG

    @property
    def echo(self) -> str:
        """What the screen shows: ``110101 ******** 12`` while typing, in 6-8-4 groups."""
        shown = "".join(
            c if i < _SHOWN_HEAD or i >= LENGTH - _SHOWN_TAIL else "*" for i, c in enumerate(self._chars)
        )
        groups = [shown[:6], shown[6:14], shown[14:]]
        return " ".join(g for g in groups if g)

    def take(self) -> str:
        """The number, once, for identification; the entry is empty after."""
        number, self._chars = self._chars, ""
        return number
