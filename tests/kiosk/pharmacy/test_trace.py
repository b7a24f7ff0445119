"""Traceability codes: domestic 20 digits, GS1 through biip, the EAN product code refused."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.pharmacy.trace import (
    TraceKind,
    TraceReason,
    TraceRejected,
    looks_like_trace,
    parse_trace,
)

GS = "\x1d"


def test_domestic_code_keeps_its_prefix():
    code = parse_trace("81234561234567890123")
    assert code is not None
    assert code.kind is TraceKind.DOMESTIC
    assert code.prefix == "8123456"
    assert code.text == "81234561234567890123"
    assert code.expiry is None


def test_scanner_whitespace_and_nul_are_trimmed():
    code = parse_trace("\x0081234561234567890123\r\n")
    assert code is not None and code.text == "81234561234567890123"


@pytest.mark.parametrize(
    "text",
    [
        "(01)06901234567892(17)271231(10)1234AB(21)SER0001",
        f"]d2010690123456789217271231101234AB{GS}21SER0001",
        f"010690123456789217271231101234AB{GS}21SER0001",
        f"]C1010690123456789221SER0001{GS}17271231101234AB",
    ],
)
def test_gs1_forms_parse_to_the_same_box(text):
    code = parse_trace(text)
    assert code is not None
    assert code.kind is TraceKind.GS1
    assert code.gtin == "06901234567892"
    assert code.expiry == dt.date(2027, 12, 31)
    assert code.batch == "1234AB"
    assert code.serial == "SER0001"
    assert code.key == "010690123456789221SER0001"
    assert code.hri is not None and code.hri.startswith("(01)06901234567892")
    # Whatever form the scanner sent, the gateway gets the element string as on the box.
    assert parse_trace(code.text) == code


def test_gs1_expiry_day_is_still_usable():
    code = parse_trace("(01)06901234567892(17)270615(21)A1")
    assert code is not None
    assert not code.expired(dt.date(2027, 6, 15))
    assert code.expired(dt.date(2027, 6, 16))


def test_ean13_product_code_is_refused_with_its_reason():
    with pytest.raises(TraceRejected) as info:
        parse_trace("6901234567892")
    assert info.value.reason is TraceReason.PRODUCT_CODE
    assert "69" in info.value.message.zh
    assert "6901234567892" not in str(info.value)


def test_gs1_with_bad_gtin_check_digit_is_refused():
    with pytest.raises(TraceRejected) as info:
        parse_trace("(01)06901234567893(21)SER0001")
    assert info.value.reason is TraceReason.BAD_GS1


def test_gs1_with_impossible_date_is_refused():
    with pytest.raises(TraceRejected) as info:
        parse_trace("(01)06901234567892(17)271331(21)A")
    assert info.value.reason is TraceReason.BAD_GS1


def test_gs1_without_serial_does_not_name_a_box():
    with pytest.raises(TraceRejected) as info:
        parse_trace("(01)06901234567892(17)271231(10)B1")
    assert info.value.reason is TraceReason.GS1_NO_SERIAL


@pytest.mark.parametrize(
    "text",
    [
        "0000001234",  # visit card
        "R12345678901",  # receipt
        "110101199003074477",  # ID number
        "272EB52D0696FD625B6F3E1A830728532779BEB87520CC83948C50A43F439F58:1",
        "hello",
    ],
)
def test_patient_codes_are_not_box_codes(text):
    assert parse_trace(text) is None
    assert not looks_like_trace(text)


def test_refused_box_codes_still_look_like_box_codes():
    assert looks_like_trace("6901234567892")


@given(st.from_regex(r"\A[0-9]{20}\Z"))
def test_any_twenty_digits_is_a_domestic_code(text):
    code = parse_trace(text)
    assert code is not None and code.kind is TraceKind.DOMESTIC and code.prefix == text[:7]


@given(
    st.dates(dt.date(2000, 1, 1), dt.date(2049, 12, 31)),
    st.from_regex(r"\A[0-9A-Z]{1,20}\Z"),
    st.from_regex(r"\A[0-9A-Z]{1,20}\Z"),
)
def test_gs1_round_trips_expiry_batch_serial(expiry, batch, serial):
    text = f"(01)06901234567892(17){expiry:%y%m%d}(10){batch}(21){serial}"
    code = parse_trace(text)
    assert code is not None
    assert (code.expiry, code.batch, code.serial) == (expiry, batch, serial)


def test_keyboard_scanner_separator_substitute_is_honoured():
    """A keyboard-mode scanner cannot type GS; set to send "^" instead, the box still parses."""
    typed = "010690123456789217271231101234AB^21SER0001"
    with pytest.raises(TraceRejected):
        parse_trace(typed)  # without the setting the batch swallows the serial
    code = parse_trace(typed, gs_substitute="^")
    assert code is not None and code.batch == "1234AB" and code.serial == "SER0001"
