"""Masks and log redaction."""

from __future__ import annotations

import datetime
import io
import logging
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from kiosk.privacy import (
    REDACTED,
    RedactingFilter,
    install_log_redaction,
    mask_card_id,
    mask_id_number,
    mask_name,
    mask_phone,
    redact,
)

CARD = "272EB52D0696FD625B6F3E1A830728532779BEB87520CC83948C50A43F439F58"
TOKEN = "8D7E10969D22699A07C2BDA9B4CE9286"


def make_id(region: str, birth: datetime.date, seq: int) -> str:
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


valid_ids = st.builds(
    make_id,
    st.sampled_from(["110101", "310104", "440305", "510107", "650102"]),
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2025, 1, 1)),
    st.integers(0, 999),
)
cjk_names = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), max_size=8)


def visible(masked: str) -> int:
    return sum(1 for ch in masked if ch not in "*… ")


# --- masks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("", ""),
        ("张", "*"),
        ("张三", "张*"),
        ("张小三", "张*三"),
        ("欧阳小明", "欧**明"),
        ("阿沛·阿旺晋美", "阿*****美"),
        (" 张小三 ", "张*三"),
        ("Li Ming", "L*** M***"),
        ("Li", "L***"),
        ("Mary Ann Smith", "M*** A*** S***"),
    ],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


@given(cjk_names)
def test_mask_name_cjk_properties(name: str) -> None:
    masked = mask_name(name)
    assert len(masked) == len(name)
    assert mask_name(masked) == masked
    if len(name) >= 2:
        assert masked != name
        assert visible(masked) <= 2
    if len(name) == 2:
        assert visible(masked) == 1


@given(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCXYZ", min_size=1), min_size=1))
def test_mask_name_latin_properties(words: list[str]) -> None:
    name = " ".join(words)
    masked = mask_name(name)
    assert mask_name(masked) == masked
    if len(name) >= 2:
        assert masked != name
    assert visible(masked) == (0 if len(name) == 1 else len(words))


def test_mask_id_number() -> None:
    assert mask_id_number("110101199003074477") == "110101********4477"
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_id_number("130503670401001") == "130503******001"
    assert mask_id_number("") == ""
    assert mask_id_number("12") == "**"
    assert mask_id_number("0123456789") == "******6789"


@given(st.text(alphabet="0123456789X", max_size=30))
def test_mask_id_number_properties(number: str) -> None:
    masked = mask_id_number(number)
    assert len(masked) == len(number)
    assert len(mask_id_number(masked)) == len(masked)
    if len(number) == 18:
        assert masked[:6] == number[:6] and masked[-4:] == number[-4:]
        assert masked[6:14] == "*" * 8
    elif len(number) == 15:
        assert visible(masked) <= 9
    else:
        assert visible(masked) <= min(4, 0.4 * len(number))


def test_mask_phone() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("010-12345678") == "********5678"


@given(st.text(alphabet="0123456789+- ", max_size=20))
def test_mask_phone_properties(phone: str) -> None:
    phone = phone.strip()
    masked = mask_phone(phone)
    assert len(masked) == len(phone)
    assert len(mask_phone(masked)) == len(masked)
    if len(phone) == 11 and phone.isdigit():
        assert visible(masked) == 7
    else:
        assert visible(masked) <= min(4, 0.4 * len(phone))


def test_mask_card_id() -> None:
    assert mask_card_id(CARD) == "272E…9F58"
    assert mask_card_id("ABCDEFGHIJ") == "…GHIJ"
    assert mask_card_id("") == "…"


@given(st.text(alphabet="0123456789ABCDEF", max_size=80))
def test_mask_card_id_never_shows_more_than_eight(card: str) -> None:
    masked = mask_card_id(card)
    assert visible(masked) <= min(8, 0.4 * len(card))
    assert mask_card_id(masked).count("…") == 1


# --- redaction -------------------------------------------------------------------------------


@pytest.fixture
def captured() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    stream = io.StringIO()
    logger = logging.getLogger("tests.kiosk.privacy")
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    install_log_redaction(logger)
    try:
        yield logger, stream
    finally:
        logger.removeHandler(handler)
        for f in list(logger.filters):
            logger.removeFilter(f)
        logger.propagate = True


@pytest.mark.parametrize(
    "secret",
    [
        "11010519491231002X",
        "11010519491231002x",
        "130503670401001",
        CARD,
        CARD.lower(),
        f"{CARD}:1",
        f"{CARD}:0:{TOKEN}",
        f"{CARD}:1::5100A0013",
        f"{CARD}:0:{TOKEN}::35020001001",
        "13812345678",
        "+86 13812345678",
        "NHSA" + "0123456789ABCDEF" * 2,
    ],
)
def test_redact_known_identifiers(secret: str) -> None:
    out = redact(f"patient={secret}, done")
    assert out == f"patient={REDACTED}, done"


def test_redact_leaves_opaque_tokens_alone() -> None:
    text = "txn 4200001234202506011234567890 session 7f3a amount 12.50 at 2025-06-01 10:00:00"
    assert redact(text) == text


def test_filter_redacts_message_args_and_exceptions(
    captured: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = captured
    number = "11010519491231002X"
    logger.info("looked up %s for %s", number, {"card": CARD})
    logger.warning(f"inline {number}")
    logger.info("named %(id)s", {"id": number})
    try:
        raise ValueError(f"backend said no to {number}")
    except ValueError:
        logger.exception("lookup failed")
    out = stream.getvalue()
    assert number not in out and CARD not in out
    assert number[:14] not in out
    assert out.count(REDACTED) == 5
    assert "lookup failed" in out and "ValueError" in out


def test_filter_survives_a_broken_format_string(
    captured: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = captured
    logger.info("two %s %s", "11010519491231002X")
    assert "11010519491231002X" not in stream.getvalue()
    assert REDACTED in stream.getvalue()


def test_install_on_root_covers_child_loggers() -> None:
    root = logging.getLogger()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root.addHandler(handler)
    try:
        first = install_log_redaction()
        again = install_log_redaction()
        assert first is again
        assert sum(isinstance(f, RedactingFilter) for f in handler.filters) == 1
        logging.getLogger("kiosk.somewhere").warning("card %s", CARD)
        assert CARD not in stream.getvalue() and REDACTED in stream.getvalue()
    finally:
        root.removeHandler(handler)
        for f in [f for f in root.filters if isinstance(f, RedactingFilter)]:
            root.removeFilter(f)


def test_extra_patterns() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "voucher %s", ("YB1234",), None)
    assert RedactingFilter(extra=[r"YB\d{4}"]).filter(record)
    assert record.getMessage() == f"voucher {REDACTED}"


@given(valid_ids, st.text(alphabet="abc =,;:()[]", max_size=10), st.text(max_size=10))
def test_generated_ids_never_survive_formatting(number: str, before: str, after: str) -> None:
    after = after.lstrip("0123456789")  # a longer digit run is a different number
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "%s%s%s", (before, number, after), None
    )
    RedactingFilter().filter(record)
    assert number not in logging.Formatter("%(message)s").format(record)


# --- names and visit cards -----------------------------------------------------------------

han = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
han_names = st.builds(
    lambda parts: "·".join(parts),
    st.lists(st.text(alphabet=han, min_size=1, max_size=4), min_size=1, max_size=3),
)
# Text around a secret: ASCII without digits, so the secret's own boundaries stay as they are.
surroundings = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E,
                                              blacklist_characters="0123456789"), max_size=12)


@pytest.mark.parametrize("name", ["张三", "欧阳小明", "阿沛·阿旺晋美", "𠀋子"])
def test_redact_chinese_names(name: str) -> None:
    assert redact(f"patient {name} identified") == f"patient {REDACTED} identified"


def test_redact_visit_card_numbers() -> None:
    assert redact("visit card 0012345678 scanned") == f"visit card {REDACTED} scanned"
    assert redact("order 123456789 and 12345678901234") == "order 123456789 and 12345678901234"


@given(han_names, surroundings, surroundings)
def test_no_chinese_name_survives(name: str, before: str, after: str) -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "%s%s%s", (before, name, after), None)
    RedactingFilter().filter(record)
    out = logging.Formatter("%(message)s").format(record)
    assert not any(ch in out for ch in name.replace("·", ""))


@given(st.text(alphabet="0123456789", min_size=10, max_size=10), surroundings, surroundings)
def test_no_visit_card_survives(card: str, before: str, after: str) -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "card %s%s%s", (before, card, after), None)
    RedactingFilter().filter(record)
    assert card not in logging.Formatter("%(message)s").format(record)


def test_masked_name_leaves_no_character_either() -> None:
    assert "张" not in redact(f"shown as {mask_name('张小三')}")
