"""Masks for screen and paper, and a logging filter that keeps identifiers out of logs.

Health data is sensitive personal information (PIPL art. 28): the kiosk shows only masked
names and numbers, and logs must never hold a name, ID number, visit card, card id or health code even when
a developer passes one to a log call by mistake. The filter is a safety net, not a licence:
code should still log opaque tokens only.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

STAR = "*"
ELLIPSIS = "…"
REDACTED = "[redacted]"

# Share of an unrecognised identifier that may stay visible.
_MAX_VISIBLE_SHARE = 0.4
_MAX_VISIBLE_TAIL = 4


def _visible_tail(value: str) -> str:
    """The longest tail that may stay visible: at most 4 characters and 40%."""
    visible = min(_MAX_VISIBLE_TAIL, int(len(value) * _MAX_VISIBLE_SHARE))
    return value[len(value) - visible :]


def _mask_tail(value: str) -> str:
    tail = _visible_tail(value)
    return STAR * (len(value) - len(tail)) + tail


def _is_latin(name: str) -> bool:
    return any("a" <= ch.lower() <= "z" for ch in name)


def mask_name(name: str) -> str:
    """张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧**明, "Li Ming" → "L*** M***".

    Latin names get a fixed three stars per word so the mask does not reveal their length.
    A one-character name becomes a single star: keeping it would show the whole name.
    """
    name = name.strip()
    if len(name) <= 1:
        return STAR * len(name)
    if _is_latin(name):
        return " ".join(word[0] + STAR * 3 for word in name.split())
    if len(name) == 2:
        return name[0] + STAR
    return name[0] + STAR * (len(name) - 2) + name[-1]


def mask_id_number(number: str) -> str:
    """110101199003074477 → 110101********4477; 15 digits keep 6 + last 3."""
    number = number.strip()
    if len(number) == 18:
        return number[:6] + STAR * 8 + number[-4:]
    if len(number) == 15:
        return number[:6] + STAR * 6 + number[-3:]
    return _mask_tail(number)


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678; anything else keeps at most a short tail."""
    phone = phone.strip()
    if len(phone) == 11 and phone.isascii() and phone.isdigit():
        return phone[:3] + STAR * 4 + phone[-4:]
    return _mask_tail(phone)


def mask_card_id(card_id: str) -> str:
    """A 64-hex health card id → ``272E…9F58`` (enough for staff to compare two cards)."""
    card_id = card_id.strip()
    if len(card_id) >= 20:
        return card_id[:4] + ELLIPSIS + card_id[-4:]
    return ELLIPSIS + _visible_tail(card_id)


# CJK unified ideographs: extension A, the basic block, compatibility, extensions B to H.
_HAN = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af]"

# Order matters: health codes contain long digit runs that the ID rules would otherwise
# half-redact, so they go first.
_DEFAULT_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        # Health code or bare card id, with optional type, token and issuer suffix.
        r"(?<![0-9A-Fa-f])[0-9A-Fa-f]{64}(?![0-9A-Fa-f])"
        r"(?::[01](?::[0-9A-Fa-f]{32})?)?(?:::[0-9A-Za-z]{1,32})?",
        # Insurance vouchers (the deployment's own format can be added via ``extra``).
        r"NHSA[0-9A-Za-z]{8,}",
        # 18- and 15-character ID numbers, standing alone in a digit run.
        r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])",
        r"(?<![0-9])[0-9]{15}(?![0-9])",
        # Mainland mobile numbers, with or without the country code.
        r"(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9]{9}(?![0-9])",
        # Hospital visit cards: 10 digits standing alone (kiosk.code_types' default pattern).
        r"(?<![0-9])[0-9]{10}(?![0-9])",
        # Chinese text. A name cannot be told from other words, so every run of Han
        # characters goes, with the middle dot that joins minority names (阿沛·阿旺晋美);
        # the kiosk's own log messages are English, so nothing of ours is lost.
        rf"{_HAN}+(?:[·•・‧]{_HAN}+)*",
    )
)


def redact(text: str, patterns: Iterable[re.Pattern[str]] = _DEFAULT_PATTERNS) -> str:
    for pattern in patterns:
        text = pattern.sub(REDACTED, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites every record so identifiers never reach a handler.

    The message is formatted here (args merged in) and redacted as a whole, because an ID
    can hide in any argument's ``str``. Exception and stack text are redacted too: exception
    messages from libraries may echo a request body. Records are never dropped.
    """

    def __init__(self, extra: Iterable[str | re.Pattern[str]] = ()) -> None:
        super().__init__()
        self._patterns = _DEFAULT_PATTERNS + tuple(re.compile(p) for p in extra)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not let the raw args through
            message = f"{record.msg} {record.args!r}"
        record.msg = redact(message, self._patterns)
        record.args = None
        if record.exc_info and not record.exc_text:
            # Format now so the cached text that handlers reuse is the redacted one.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self._patterns)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self._patterns)
        return True


def install_log_redaction(
    logger: logging.Logger | None = None,
    extra: Iterable[str | re.Pattern[str]] = (),
) -> RedactingFilter:
    """Attach one :class:`RedactingFilter` to ``logger`` (default: root) and its handlers.

    Handler filters are what see records propagated from child loggers, so call this after
    the handlers are set up; calling it again adds no second filter.
    """
    logger = logger if logger is not None else logging.getLogger()
    existing = next((f for f in logger.filters if isinstance(f, RedactingFilter)), None)
    redacting = existing or RedactingFilter(extra)
    for target in (logger, *logger.handlers):
        if not any(isinstance(f, RedactingFilter) for f in target.filters):
            target.addFilter(redacting)
    return redacting
