"""Payment-code shapes: each wallet's published ranges, and nothing else."""

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
from kiosk.payment_code import Wallet, recognise


@pytest.mark.parametrize(
    ("text", "wallet"),
    [
        ("134567890123456789", Wallet.WECHAT),
        ("100000000000000000", Wallet.WECHAT),
        ("159999999999999999", Wallet.WECHAT),
        ("2512345678901234", Wallet.ALIPAY),  # 16 digits, the shortest
        ("301234567890123456789012", Wallet.ALIPAY),  # 24 digits, the longest
        ("288888888888888888\r\n", Wallet.ALIPAY),  # a scanner's suffix is ignored
    ],
)
def test_recognised(text: str, wallet: Wallet) -> None:
    code = recognise(text)
    assert code is not None
    assert code.wallet is wallet
    assert code.digits == text.strip()


@pytest.mark.parametrize(
    "text",
    [
        "164567890123456789",  # WeChat starts 10-15
        "13456789012345678",  # 17 digits
        "1345678901234567890",  # 19 digits
        "2412345678901234",  # Alipay starts 25-30
        "311234567890123456",
        "251234567890123",  # 15 digits
        "2512345678901234567890123",  # 25 digits
        "13456789012345678X",
        "１３４５６７８９０１２３４５６７８９",  # full-width digits are not a wallet's
        "",
    ],
)
def test_not_recognised(text: str) -> None:
    assert recognise(text) is None


def test_repr_hides_the_digits() -> None:
    code = recognise("134567890123456789")
    assert "1345" not in repr(code)
    assert "1345" not in str(code)


# --- at classification: a payment code is not an identity ---------------------------------

TODAY = dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    "text",
    [
        "134567890123456789",  # WeChat from 13: digits 7-14 are no birth date
        "104567890123456789",  # WeChat from 10: no province 10, never an ID number
        "2512345678901234",  # Alipay, 16 digits (was "wrong number of ID digits")
        "288888888888888888",  # Alipay, 18 digits: no province 28
        "301234567890123456789012",  # Alipay, 24 digits
    ],
)
def test_a_payment_code_is_classified_as_one_and_refused_as_identity(text: str) -> None:
    code = classify(text, today=TODAY)
    assert code.kind is CodeKind.PAYMENT_CODE
    with pytest.raises(CodeRejected) as refused:
        require_identity(code)
    assert refused.value.reason is RejectReason.PAYMENT_CODE
    assert refused.value.message.zh == "这是付款码，请出示电子健康卡。"
    for shown in (repr(code), str(refused.value), refused.value.message.en,
                  refused.value.next_step.zh):
        assert text not in shown and text[:8] not in shown


def test_a_valid_id_number_in_a_wechat_shape_stays_an_id_number() -> None:
    # 18 digits from 11 with a good check digit, date and province: both shapes; the ID wins.
    number = "110101198503160027"
    assert recognise(number) is not None and recognise(number).wallet is Wallet.WECHAT
    code = classify(number, today=TODAY)
    assert code.kind is CodeKind.ID_NUMBER and require_identity(code) is code


@pytest.mark.parametrize("text", [
    "110101198503160028",  # a typo in a Beijing ID number (WeChat's shape): check it
    "11010119850316002X",  # X: no wallet's digits
    "210101198503160021",  # 21: Liaoning, no wallet starts so
])
def test_a_mistyped_id_number_keeps_its_id_reason(text: str) -> None:
    with pytest.raises(CodeRejected) as refused:
        classify(text, today=TODAY)
    assert refused.value.reason is RejectReason.ID_BAD_CHECKSUM


def test_a_payment_code_wins_over_a_configured_pattern_that_would_take_it() -> None:
    patterns = CodePatterns(visit_card=r"^\d{16}$")
    assert classify("2512345678901234", patterns, today=TODAY).kind is CodeKind.PAYMENT_CODE
    assert classify("9912345678901234", patterns, today=TODAY).kind is CodeKind.VISIT_CARD
