"""Classification of scanned and typed codes: properties over generated input (the known
vectors are in test_codes.py)."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from kiosk.codes import CodeKind, CodeRejected, RejectReason, classify
from tests.kiosk.test_codes import CARD, REGIONS, TODAY, TOKEN, make_id

births = st.dates(min_value=datetime.date(1900, 1, 1), max_value=TODAY)
valid_ids = st.builds(make_id, st.sampled_from(REGIONS), births, st.integers(0, 999))
hex_upper = "0123456789ABCDEF"


@given(st.text(max_size=600))
def test_arbitrary_text_only_raises_code_rejected(text: str) -> None:
    try:
        code = classify(text, today=TODAY)
    except CodeRejected:
        return
    assert code.text == code.text.strip()
    assert text not in repr(code) or len(text) < 3


@given(
    st.lists(
        st.one_of(
            st.text(alphabet=hex_upper + "abcdefg:", min_size=0, max_size=70),
            st.sampled_from(["0", "1", ":", "::", CARD, TOKEN]),
        ),
        max_size=6,
    ).map("".join)
)
def test_ehc_like_text_only_raises_code_rejected(text: str) -> None:
    try:
        classify(text, today=TODAY)
    except CodeRejected:
        pass


@given(valid_ids, st.booleans())
def test_generated_ids_classify_with_their_birth_date(number: str, lower: bool) -> None:
    code = classify(number.lower() if lower else number, today=TODAY)
    assert code.kind is CodeKind.ID_NUMBER
    assert code.text == number
    assert code.birth_date == datetime.date(
        int(number[6:10]), int(number[10:12]), int(number[12:14])
    )


@given(valid_ids, st.integers(0, 17), st.sampled_from("0123456789X"))
def test_single_character_mutation_is_rejected_or_valid(
    number: str, position: int, replacement: str
) -> None:
    if position < 17 and replacement == "X":
        replacement = "0"
    mutated = number[:position] + replacement + number[position + 1 :]
    try:
        code = classify(mutated, today=TODAY)
    except CodeRejected as error:
        if mutated != number:
            assert error.reason is RejectReason.ID_BAD_CHECKSUM
        return
    if code.kind is CodeKind.PAYMENT_CODE:
        # A typo in the province or birth date of an ID number from 11-15 gives WeChat's
        # shape: still refused, with "if you typed an ID number, check it" as the next step.
        assert mutated != number and not ric.is_valid(mutated)
        return
    assert code.kind is CodeKind.ID_NUMBER and code.text == mutated
    assert ric.is_valid(mutated) or mutated == number


@given(
    st.text(alphabet=hex_upper, min_size=64, max_size=64),
    st.one_of(st.none(), st.text(alphabet=hex_upper, min_size=32, max_size=32)),
    st.one_of(st.none(), st.from_regex(r"[0-9A-Za-z]{1,32}", fullmatch=True)),
    st.booleans(),
)
def test_ehc_round_trip(card: str, token: str | None, org: str | None, lower: bool) -> None:
    text = f"{card}:1" if token is None else f"{card}:0:{token}"
    if org is not None:
        text += f"::{org}"
    code = classify(text.lower() if lower and org is None else text, today=TODAY)
    assert code.kind is (CodeKind.EHC_STATIC if token is None else CodeKind.EHC_DYNAMIC)
    assert (code.health_card_id, code.token, code.org_code) == (card, token, org)
    assert code.text == text
    assert classify(code.text, today=TODAY) == code


@settings(max_examples=50)
@given(valid_ids)
def test_reprs_never_contain_the_text(number: str) -> None:
    code = classify(number, today=TODAY)
    assert number not in repr(code)
    assert number[:6] not in repr(code)
