"""Linux input key codes to characters for a scanner set to the US keyboard layout.

Codes are the kernel's (linux/input-event-codes.h), a stable ABI, so this table needs no
evdev import and the parsing is tested on any platform.
"""

from __future__ import annotations

EV_SYN, EV_KEY, EV_MSC = 0, 1, 4
KEY_UP, KEY_DOWN, KEY_REPEAT = 0, 1, 2

KEY_ENTER, KEY_KPENTER = 28, 96
KEY_LEFTSHIFT, KEY_RIGHTSHIFT, KEY_CAPSLOCK = 42, 54, 58
SHIFT_KEYS = frozenset({KEY_LEFTSHIFT, KEY_RIGHTSHIFT})
ENTER_KEYS = frozenset({KEY_ENTER, KEY_KPENTER})

_ROWS = {  # first key code of a run -> (unshifted, shifted) characters of consecutive keys
    2: ("1234567890-=", "!@#$%^&*()_+"),
    16: ("qwertyuiop[]", "QWERTYUIOP{}"),
    30: ("asdfghjkl;'`", 'ASDFGHJKL:"~'),
    43: ("\\zxcvbnm,./", "|ZXCVBNM<>?"),
}
US: dict[int, tuple[str, str]] = {
    code + i: (plain[i], shifted[i])
    for code, (plain, shifted) in _ROWS.items()
    for i in range(len(plain))
}
US[57] = (" ", " ")  # KEY_SPACE
US[15] = ("\t", "\t")  # KEY_TAB: some scanners separate fields with it
# Keypad: scanners in "keypad emulation" mode type digits here.
for _code, _char in {71: "7", 72: "8", 73: "9", 74: "-", 75: "4", 76: "5", 77: "6", 78: "+",
                     79: "1", 80: "2", 81: "3", 82: "0", 83: ".", 55: "*", 98: "/"}.items():
    US[_code] = (_char, _char)


class KeyDecoder:
    """Folds key events into scans: characters until Enter, shift and caps lock applied.

    ``feed`` returns the finished text when an Enter key goes down, else ``None``.
    """

    def __init__(self, keymap: dict[int, tuple[str, str]] = US) -> None:
        self._keymap = keymap
        self._shift_down: set[int] = set()
        self._caps = False
        self._chars: list[str] = []

    def feed(self, type_: int, code: int, value: int) -> str | None:
        if type_ != EV_KEY:
            return None  # EV_SYN / EV_MSC scan codes carry nothing the text needs
        if code in SHIFT_KEYS:
            (self._shift_down.add if value != KEY_UP else self._shift_down.discard)(code)
            return None
        if value != KEY_DOWN:  # key up, or auto-repeat a scanner never means
            return None
        if code == KEY_CAPSLOCK:
            self._caps = not self._caps
        elif code in ENTER_KEYS:
            text, self._chars = "".join(self._chars), []
            return text or None
        elif code in self._keymap:
            plain, shifted = self._keymap[code]
            char = shifted if self._shift_down else plain
            if self._caps and char.isalpha():
                char = char.swapcase()
            self._chars.append(char)
        return None

    def reset(self) -> None:
        self._shift_down.clear()
        self._chars = []
