"""Codes of a shape the kiosk does not know go to identify only when configured, bounded in
length and never with control characters; the shapes it knows keep their rules."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.codes import (
    CodeKind,
    CodePatterns,
    CodeRejected,
    RejectReason,
    classify,
    require_identity,
)

TODAY = dt.date(2026, 6, 1)
PASS = CodePatterns(pass_unknown_codes=True, pass_unknown_max_length=64)
PROVINCIAL = "GD1:Zm9vYmFyYmF6cXV4LWVuY3J5cHRlZC1ieS10aGUtcHJvdmluY2U="


def test_off_by_default_an_unknown_shape_is_refused_before_the_network():
    with pytest.raises(CodeRejected) as refused:
        classify(PROVINCIAL, today=TODAY)
    assert refused.value.reason is RejectReason.UNKNOWN


def test_when_configured_an_unknown_shape_is_passed_on_as_an_identity():
    code = classify(PROVINCIAL, PASS, today=TODAY)
    assert code.kind is CodeKind.EHC_PLATFORM and code.text == PROVINCIAL
    assert require_identity(code) is code
    assert PROVINCIAL not in repr(code)


@pytest.mark.parametrize(("text", "reason"), [
    ("X" * 65, RejectReason.UNKNOWN),  # over the bound for passing on
    ("GD1:abc\x07def", RejectReason.CONTROL_CHARS),
    ("1234567890123456", RejectReason.ID_BAD_LENGTH),  # a mistyped ID number is still one
    ("11010119850316002X", RejectReason.ID_BAD_CHECKSUM),
])
def test_what_is_not_passed_on(text, reason):
    with pytest.raises(CodeRejected) as refused:
        classify(text, PASS, today=TODAY)
    assert refused.value.reason is reason


def test_known_shapes_keep_their_kinds_when_passing_on():
    assert classify("0000012345", PASS, today=TODAY).kind is CodeKind.VISIT_CARD
    assert classify("134567890123456789", PASS, today=TODAY).kind is CodeKind.PAYMENT_CODE
