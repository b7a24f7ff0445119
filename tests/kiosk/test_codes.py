"""Classification of scanned and typed codes: known vectors and properties."""

from __future__ import annotations

import datetime
import pickle

import pydantic
import pytest
from stdnum.cn import ric

from kiosk.codes import (
    CodeKind,
    CodePatterns,
    CodeRejected,
    RejectReason,
    ScanCode,
    classify,
    require_identity,
)
from kiosk.errors import KioskError, Text

TODAY = datetime.date(2025, 6, 1)
CARD = "272EB52D0696FD625B6F3E1A830728532779BEB87520CC83948C50A43F439F58"
TOKEN = "8D7E10969D22699A07C2BDA9B4CE9286"
REGIONS = ["110101", "110105", "310104", "440305", "510107", "320102", "650102", "540102"]


def make_id(region: str, birth: datetime.date, seq: int) -> str:
    """A valid 18-character ID number, check character computed by stdnum."""
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def reject_reason(text: str, **kwargs: object) -> RejectReason:
    with pytest.raises(CodeRejected) as info:
        classify(text, today=TODAY, **kwargs)  # type: ignore[arg-type]
    return info.value.reason


# --- known vectors: ID numbers --------------------------------------------------------------


def test_published_example_is_valid() -> None:
    # The example from stdnum's own documentation doubles as an independent vector.
    assert ric.is_valid("360426199101010071")
    code = classify("360426199101010071", today=TODAY)
    assert code.kind is CodeKind.ID_NUMBER
    assert code.birth_date == datetime.date(1991, 1, 1)


def test_valid_id_with_x_is_normalised_to_uppercase() -> None:
    number = "11010519491231002X"
    assert ric.calc_check_digit(number) == "X"  # the vector really ends in X
    code = classify(" 11010519491231002x\r\n", today=TODAY)
    assert code.kind is CodeKind.ID_NUMBER
    assert code.text == number
    assert code.birth_date == datetime.date(1949, 12, 31)


def test_wrong_check_character() -> None:
    good = make_id("110101", datetime.date(1990, 3, 7), 447)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    assert reject_reason(bad) is RejectReason.ID_BAD_CHECKSUM


def test_bad_checksum_wins_over_a_matching_pattern() -> None:
    patterns = CodePatterns(specimen=r"^\d{18}$")
    good = make_id("110101", datetime.date(1990, 3, 7), 447)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    assert reject_reason(bad, patterns=patterns) is RejectReason.ID_BAD_CHECKSUM
    # A valid ID number stays an ID number under the same configuration.
    assert classify(good, patterns, today=TODAY).kind is CodeKind.ID_NUMBER


def test_february_30th() -> None:
    body = "11010119900230123"
    assert reject_reason(body + ric.calc_check_digit(body + "0")) is RejectReason.ID_BAD_DATE


def test_future_birth_date() -> None:
    number = make_id("110101", TODAY + datetime.timedelta(days=1), 123)
    assert reject_reason(number) is RejectReason.ID_BAD_DATE
    born_today = make_id("110101", TODAY, 123)
    assert classify(born_today, today=TODAY).birth_date == TODAY


def test_implausibly_old_birth_date() -> None:
    assert reject_reason(make_id("110101", datetime.date(1850, 1, 1), 123)) is (
        RejectReason.ID_BAD_DATE
    )


def test_unknown_province() -> None:
    assert reject_reason(make_id("990101", datetime.date(1990, 1, 1), 123)) is (
        RejectReason.ID_BAD_REGION
    )
    assert reject_reason(make_id("000000", datetime.date(1990, 1, 1), 123)) is (
        RejectReason.ID_BAD_REGION
    )


def test_retired_county_code_is_still_accepted() -> None:
    # 110103 (崇文区) was merged in 2010; people born there keep their number.
    code = classify(make_id("110103", datetime.date(1950, 5, 5), 11), today=TODAY)
    assert code.kind is CodeKind.ID_NUMBER


@pytest.mark.parametrize("region", ["810000", "820000", "830000"])
def test_residence_permits_of_hong_kong_macao_taiwan(region: str) -> None:
    assert classify(make_id(region, datetime.date(1988, 8, 8), 21), today=TODAY).kind is (
        CodeKind.ID_NUMBER
    )


def test_foreign_permanent_residence_card() -> None:
    # 9 + province of the issuing office (11) + nationality code (156 is a placeholder).
    assert classify(make_id("911156", datetime.date(1980, 1, 2), 5), today=TODAY).kind is (
        CodeKind.ID_NUMBER
    )
    assert reject_reason(make_id("999156", datetime.date(1980, 1, 2), 5)) is (
        RejectReason.ID_BAD_REGION
    )


def test_legacy_15_digit() -> None:
    code = classify("130503670401001", today=TODAY)
    assert code.kind is CodeKind.ID_NUMBER_LEGACY
    assert code.birth_date == datetime.date(1967, 4, 1)
    assert code.kind.identifies_patient


def test_legacy_15_digit_bad_date_and_region() -> None:
    assert reject_reason("130503670230001") is RejectReason.ID_BAD_DATE
    assert reject_reason("990503670401001") is RejectReason.ID_BAD_REGION


def test_legacy_shape_yields_to_a_configured_pattern() -> None:
    # Without a check character a 15-digit number is only weakly an ID number.
    patterns = CodePatterns(specimen=r"^\d{15}$")
    assert classify("990503670401001", patterns, today=TODAY).kind is CodeKind.SPECIMEN
    assert classify("130503670401001", patterns, today=TODAY).kind is CodeKind.ID_NUMBER_LEGACY


@pytest.mark.parametrize("text", ["1101051949123100", "11010519491231002", "1101051949123100211"])
def test_id_like_wrong_length(text: str) -> None:
    assert reject_reason(text) is RejectReason.ID_BAD_LENGTH


def test_full_width_digits_typed_on_a_chinese_keyboard() -> None:
    code = classify("１１０１０５１９４９１２３１００２Ｘ", today=TODAY)
    assert code.text == "11010519491231002X"


# --- known vectors: electronic health card -------------------------------------------------


def test_static_code() -> None:
    code = classify(f"{CARD}:1", today=TODAY)
    assert code == ScanCode(kind=CodeKind.EHC_STATIC, text=f"{CARD}:1", health_card_id=CARD)


def test_dynamic_code() -> None:
    code = classify(f"{CARD}:0:{TOKEN}", today=TODAY)
    assert code.kind is CodeKind.EHC_DYNAMIC
    assert (code.health_card_id, code.token, code.org_code) == (CARD, TOKEN, None)


def test_org_code_suffixes() -> None:
    static = classify(f"{CARD}:1::5100A0013", today=TODAY)
    assert (static.kind, static.org_code) == (CodeKind.EHC_STATIC, "5100A0013")
    dynamic = classify(f"{CARD}:0:{TOKEN}::35020001001", today=TODAY)
    assert (dynamic.kind, dynamic.token, dynamic.org_code) == (
        CodeKind.EHC_DYNAMIC,
        TOKEN,
        "35020001001",
    )
    assert dynamic.text == f"{CARD}:0:{TOKEN}::35020001001"


def test_lowercase_hex_is_uppercased() -> None:
    code = classify(f"{CARD.lower()}:0:{TOKEN.lower()}\x00", today=TODAY)
    assert code.text == f"{CARD}:0:{TOKEN}"
    assert code.health_card_id == CARD


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (f"{CARD[:-1]}G:1", RejectReason.EHC_BAD_CARD_ID),
        (f"{CARD[:-2]}:1", RejectReason.EHC_BAD_CARD_ID),
        (f"{CARD}:2", RejectReason.EHC_BAD_TYPE),
        (f"{CARD}:", RejectReason.EHC_BAD_TYPE),
        (f"{CARD}:0", RejectReason.EHC_BAD_TOKEN),
        (f"{CARD}:0:{TOKEN[:-1]}", RejectReason.EHC_BAD_TOKEN),
        (f"{CARD}:0:{TOKEN[:-1]}Z", RejectReason.EHC_BAD_TOKEN),
        (f"{CARD}:1:{TOKEN}", RejectReason.EHC_BAD_TOKEN),
        (f"{CARD}:0:{TOKEN}:extra", RejectReason.EHC_BAD_TOKEN),
        (f"{CARD}:1::", RejectReason.EHC_BAD_ORG_CODE),
        (f"{CARD}:1::org-1", RejectReason.EHC_BAD_ORG_CODE),
        (f"{CARD}:1::" + "A" * 33, RejectReason.EHC_BAD_ORG_CODE),
    ],
)
def test_bad_health_codes(text: str, reason: RejectReason) -> None:
    assert reject_reason(text) is reason


# --- configured patterns and other kinds ---------------------------------------------------


def test_default_patterns() -> None:
    voucher = "NHSA" + "0123456789ABCDEF" * 2
    assert classify(voucher, today=TODAY).kind is CodeKind.INSURANCE_VOUCHER
    assert classify("0000012345", today=TODAY).kind is CodeKind.VISIT_CARD
    assert classify("R20250601001", today=TODAY).kind is CodeKind.RECEIPT
    assert classify("202506010001", today=TODAY).kind is CodeKind.SPECIMEN


def test_custom_patterns() -> None:
    patterns = CodePatterns(
        visit_card=r"^P\d{8}$",
        receipt=r"^SF\d{6}$",
        specimen=r"^LAB-\d{4}$",
        insurance_voucher=r"^YB[0-9a-z]{10}$",
        max_length=64,
    )
    assert classify("P12345678", patterns, today=TODAY).kind is CodeKind.VISIT_CARD
    assert classify("SF123456", patterns, today=TODAY).kind is CodeKind.RECEIPT
    assert classify("LAB-0001", patterns, today=TODAY).kind is CodeKind.SPECIMEN
    assert classify("YB0123456789", patterns, today=TODAY).kind is CodeKind.INSURANCE_VOUCHER
    # The defaults no longer apply.
    with pytest.raises(CodeRejected):
        classify("0000012345", patterns, today=TODAY)
    # Patterns must match the whole text, anchored or not.
    assert classify("LAB-0001", CodePatterns(specimen=r"LAB-\d{4}"), today=TODAY).kind is CodeKind.SPECIMEN
    with pytest.raises(CodeRejected):
        classify("LAB-00012", CodePatterns(specimen=r"LAB-\d{4}"), today=TODAY)


def test_disabled_pattern() -> None:
    with pytest.raises(CodeRejected):
        classify("0000012345", CodePatterns(visit_card=None), today=TODAY)


def test_pattern_digits_are_ascii_only() -> None:
    # Arabic-Indic digits are "digits" to Python's re unless ASCII semantics are used.
    with pytest.raises(CodeRejected):
        classify("\u0660" * 10, today=TODAY)


@pytest.mark.parametrize("field", ["visit_card", "receipt", "specimen", "insurance_voucher"])
def test_bad_regex_names_the_field(field: str) -> None:
    with pytest.raises(pydantic.ValidationError) as info:
        CodePatterns(**{field: r"^(\d{10}$"})
    assert f"{field} is not a valid regular expression" in str(info.value)


def test_patterns_schema() -> None:
    with pytest.raises(pydantic.ValidationError):
        CodePatterns(visitcard=r"^\d{10}$")  # type: ignore[call-arg]
    with pytest.raises(pydantic.ValidationError):
        CodePatterns(max_length=8)
    patterns = CodePatterns()
    with pytest.raises(pydantic.ValidationError):
        patterns.max_length = 100  # type: ignore[misc]
    for name, field in CodePatterns.model_fields.items():
        assert field.description, name


# --- hygiene and unknown text -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", RejectReason.EMPTY),
        (" \r\n\x00\t", RejectReason.EMPTY),
        ("A" * 513, RejectReason.TOO_LONG),
        ("A" * 100_000, RejectReason.TOO_LONG),
        ("00000\x1b12345", RejectReason.CONTROL_CHARS),
        ("00000\u200b12345", RejectReason.CONTROL_CHARS),
        ("00000\ud80012345", RejectReason.CONTROL_CHARS),
        ("hello world", RejectReason.UNKNOWN),
        ("https://example.com/pay?x=1", RejectReason.UNKNOWN),
        ("12345", RejectReason.UNKNOWN),
    ],
)
def test_hygiene_and_unknown(text: str, reason: RejectReason) -> None:
    assert reject_reason(text) is reason


def test_unknown_message_tells_what_to_show() -> None:
    error = pytest.raises(CodeRejected, classify, "hello", today=TODAY).value
    assert "not an electronic health card code" in error.message.en
    assert "电子健康卡" in error.message.zh and "健康码" not in error.message.zh
    assert "electronic health card" in error.next_step.en
    assert "visit card" in error.next_step.en


def test_every_reason_has_bilingual_message_and_next_step() -> None:
    for reason in RejectReason:
        assert isinstance(reason.message, Text) and isinstance(reason.next_step, Text)
        assert reason.message.zh and reason.message.en
        assert reason.next_step.zh and reason.next_step.en


def test_rejection_is_a_kiosk_error_without_the_text() -> None:
    number = make_id("110101", datetime.date(1990, 3, 7), 447)
    bad = number[:-1] + ("0" if number[-1] != "0" else "1")
    error = pytest.raises(CodeRejected, classify, bad, today=TODAY).value
    assert isinstance(error, KioskError)
    assert error.code == "code_rejected"
    assert error.reason is RejectReason.ID_BAD_CHECKSUM
    for rendering in (str(error), repr(error), error.message.zh, error.message.en, *error.args):
        assert bad not in rendering
        assert bad[:14] not in rendering
    copy = pickle.loads(pickle.dumps(error))
    assert copy.reason is error.reason


def test_require_identity() -> None:
    for text in (f"{CARD}:1", "0000012345", "11010519491231002X"):
        code = classify(text, today=TODAY)
        assert require_identity(code) is code
    for text in ("R20250601001", "202506010001"):
        error = pytest.raises(CodeRejected, require_identity, classify(text, today=TODAY)).value
        assert error.reason is RejectReason.NOT_AN_IDENTITY


def test_identifies_patient() -> None:
    assert {k for k in CodeKind if not k.identifies_patient} == {
        CodeKind.RECEIPT,
        CodeKind.SPECIMEN,
        CodeKind.PAYMENT_CODE,
    }


def test_repr_hides_the_text() -> None:
    code = classify(f"{CARD}:0:{TOKEN}::35020001001", today=TODAY)
    for rendering in (repr(code), str(code), f"{code}", f"{[code]}"):
        assert CARD not in rendering and TOKEN not in rendering
        assert CARD[:8] not in rendering
