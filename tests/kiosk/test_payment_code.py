"""Payment-code shapes: each wallet's published ranges, and nothing else."""

from __future__ import annotations

import pytest

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
