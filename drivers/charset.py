"""Turn a symbol's raw payload bytes into text.

Order, chosen by measurement (docs/benchmarks.md): the symbol's ECI when it carries one, else
UTF-8, else GBK (Chinese phones and older hospital systems emit GBK without an ECI), except
that Shift_JIS wins when the text shows Japanese evidence that Chinese GBK text essentially
never produces. Without that exception the public Japanese samples decode as nonsense Chinese;
with a weaker test (any half-width katakana) short GBK names such as "阿" turn Japanese.
"""

from __future__ import annotations

# ISO/IEC 15424 symbology identifiers whose modifier means "ECI protocol in force".
_ECI_MODIFIERS = {"Q": "246", "d": "456", "z": "3456"}

_HIRAGANA_KATAKANA = range(0x3041, 0x3100)  # includes the prolonged sound mark ー
_HALF_WIDTH_DAKUTEN = ("\uff9e", "\uff9f")  # ﾞ ﾟ: only half-width Japanese uses them


def has_eci(symbology_identifier: str) -> bool:
    """True when the identifier (e.g. ``]Q2``) says the payload carries an ECI."""
    if len(symbology_identifier) != 3 or symbology_identifier[0] != "]":
        return False
    return symbology_identifier[2] in _ECI_MODIFIERS.get(symbology_identifier[1], "")


def _strict(raw: bytes, encoding: str) -> str | None:
    """``raw`` in ``encoding``, or None when invalid or when it needs vendor/user-defined
    code points (mapped to the private-use area): real text does not use them."""
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        return None
    if any("\ue000" <= c <= "\uf8ff" for c in text):
        return None
    return text


def _common_sjis_double_byte(char: str) -> bool:
    """Kana, JIS punctuation or JIS level-1 kanji: what real Japanese text is made of."""
    if ord(char) < 0x80 or "\uff61" <= char <= "\uff9f":
        return True  # single byte in Shift_JIS
    try:
        lead = char.encode("cp932")[0]
    except UnicodeEncodeError:
        return False
    # 0x81-0x84: symbols and kana; 0x88-0x98: level-1 kanji. Higher leads (level-2 kanji,
    # vendor extensions) are what GBK bytes turn into when read as Shift_JIS.
    return 0x81 <= lead <= 0x84 or 0x88 <= lead <= 0x98


def looks_japanese(text: str) -> bool:
    """Kana or half-width dakuten present, and no rare double-byte characters."""
    evidence = any(ord(c) in _HIRAGANA_KATAKANA for c in text) or any(
        c in text for c in _HALF_WIDTH_DAKUTEN
    )
    return evidence and all(_common_sjis_double_byte(c) for c in text)


def decode_payload(raw: bytes, eci_text: str | None = None) -> str:
    """Decode ``raw``; ``eci_text`` is the decoder's own ECI-aware text when an ECI is present."""
    if eci_text is not None:
        return eci_text
    utf8 = _strict(raw, "utf-8")
    if utf8 is not None:
        return utf8
    sjis = _strict(raw, "cp932")
    if sjis is not None and looks_japanese(sjis):
        return sjis
    gbk = _strict(raw, "gbk")
    if gbk is not None:
        return gbk
    if sjis is not None:
        return sjis
    return raw.decode("latin-1")  # the QR default character set; never fails
