"""The gateway's masks are the kiosk's: a kiosk masking the gateway's answer again changes
nothing (the two are separate code because the gateway imports nothing of the kiosk)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gateway.core import masks as gateway_masks
from kiosk import privacy as kiosk_masks

names = st.one_of(
    st.text(alphabet="张王李赵钱孙欧阳司马小明华", min_size=1, max_size=5),
    st.from_regex(r"[A-Z][a-z]{0,8}( [A-Z][a-z]{0,8}){0,2}", fullmatch=True),
)
numbers = st.from_regex(r"[0-9]{6,17}[0-9X]", fullmatch=True)


@given(names)
def test_names_masked_alike_and_masking_twice_changes_nothing(name):
    masked = gateway_masks.mask_name(name)
    assert masked == kiosk_masks.mask_name(name)
    assert kiosk_masks.mask_name(masked) == masked


@given(numbers)
def test_id_numbers_masked_alike_and_masking_twice_changes_nothing(number):
    masked = gateway_masks.mask_id_number(number)
    assert masked == kiosk_masks.mask_id_number(number)
    assert kiosk_masks.mask_id_number(masked) == masked
