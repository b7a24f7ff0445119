"""The shape of a wallet's payment code (付款码), the code a patient shows on the phone to pay
at a till.

A payment code is not an identity and is worth money for about a minute: the kiosk reads it
only at the pay step, hands it to the gateway once, and never logs or stores it. This module
only recognises the shape, so the identify step can refuse one plainly ("this is a payment
code") and the pay step can accept one without asking the gateway first.

Shapes, as the wallets publish them:
- WeChat Pay: 18 digits, starting 10 to 15.
- Alipay: 16 to 24 digits, starting 25 to 30.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

_WECHAT = re.compile(r"1[0-5]\d{16}", re.ASCII)
_ALIPAY = re.compile(r"(2[5-9]|30)\d{14,22}", re.ASCII)


class Wallet(enum.StrEnum):
    WECHAT = "wechat"
    ALIPAY = "alipay"


@dataclass(frozen=True)
class PaymentCode:
    """A recognised payment code. The repr names the wallet only: the digits are a bearer
    instrument and reprs end up in tracebacks and logs."""

    wallet: Wallet
    digits: str

    def __repr__(self) -> str:
        return f"PaymentCode(wallet={self.wallet.value})"

    __str__ = __repr__


def recognise(text: str) -> PaymentCode | None:
    """The payment code ``text`` is, or ``None`` when it has neither wallet's shape.

    Surrounding whitespace (a scanner's suffix) is ignored; anything else must be digits.
    """
    digits = text.strip()
    if _WECHAT.fullmatch(digits):
        return PaymentCode(Wallet.WECHAT, digits)
    if _ALIPAY.fullmatch(digits):
        return PaymentCode(Wallet.ALIPAY, digits)
    return None
