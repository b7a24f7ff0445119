"""How the kiosk obtains the patient's insurance credential for payment.

The national e-voucher (医保电子凭证) reaches a kiosk one of two ways:

- :class:`ScannerVoucher`: the kiosk's own scanner reads the e-voucher QR and the text is sent
  to the gateway, which resolves it (the reference and many provincial front ends);
- :class:`SdkVoucher`: the national e-voucher SDK drives its own certified scanner and hands
  back a token (``ecToken``), never the QR text; the token is what goes to the gateway.

A social-security card read (``kiosk.cards.SocialSecurityCardRead``) is a third credential,
from the card reader, whichever voucher path the kiosk has. :class:`InsuranceCredential`
is what payment sends; it is personal data and has no revealing repr.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from kiosk.cards import SocialSecurityCardRead
from kiosk.codes import CodeKind, ScanCode
from kiosk.errors import KioskError, Text

SETTLEMENT = "01301"  # the SDK's businessType for a settlement (01101 registration)
REGISTRATION = "01101"
BILL_PRINTING = "01304"


@dataclass(frozen=True, repr=False)
class InsuranceCredential:
    voucher: str | None = None  # QR text or SDK token, opaque to the kiosk
    card: SocialSecurityCardRead | None = None

    def body(self) -> dict[str, Any]:
        """The gateway's fields (pre-settlement and 1101 lookup)."""
        if self.card is not None:
            return {"social_security_card": {"social_security_no": self.card.social_security_no,
                                             "card_sn": self.card.card_id}}
        return {"insurance_voucher": self.voucher}

    def __repr__(self) -> str:
        return f"InsuranceCredential({'card' if self.card else 'voucher'})"


class VoucherUnavailable(KioskError):
    code = "voucher_unavailable"
    message = Text(zh="医保电子凭证读取失败。", en="The insurance e-voucher could not be read.")
    next_step = Text(zh="请重新出示，或选择自费，或到人工窗口办理。",
                     en="Show it again, pay by yourself, or go to a staffed window.")


class VoucherCancelled(KioskError):
    code = "voucher_cancelled"
    message = Text(zh="已取消读取医保电子凭证。", en="Reading the insurance e-voucher was cancelled.")
    next_step = Text(zh="可重新读取，或选择自费。", en="Read it again, or pay by yourself.")


@runtime_checkable
class VoucherSource(Protocol):
    """``from_scan``: the kiosk's scanner is the path (the window hands it each scan).
    Otherwise ``read`` blocks while the SDK's scanner waits for the phone (call it from a
    background helper); it raises ``VoucherUnavailable`` / ``VoucherCancelled``."""

    from_scan: bool

    def take_scan(self, code: ScanCode | None) -> InsuranceCredential | None: ...

    def read(self, business_type: str) -> InsuranceCredential: ...

    def cancel(self) -> None: ...


class ScannerVoucher:
    from_scan = True

    def take_scan(self, code: ScanCode | None) -> InsuranceCredential | None:
        if code is None or code.kind is not CodeKind.INSURANCE_VOUCHER:
            return None
        return InsuranceCredential(voucher=code.text)

    def read(self, business_type: str) -> InsuranceCredential:
        raise VoucherUnavailable()  # this path has no reader of its own: the scan brings it

    def cancel(self) -> None:
        pass


class NationalSdk(Protocol):
    """The vendor SDK's decode call as the adapter uses it (``NationECCodeDll``'s shape):
    answers ``{"ecToken", "idNo", "userName", "insuOrg"}`` or raises ``SdkError``."""

    def decode(self, business_type: str, timeout_s: float) -> dict[str, str]: ...

    def cancel(self) -> None: ...


class SdkError(Exception):
    """The SDK's own failure; ``cancelled`` when the wait was called off."""

    def __init__(self, code: str, *, cancelled: bool = False) -> None:
        super().__init__(code)
        self.cancelled = cancelled


TOKEN_MAX = 512


class SdkVoucher:
    from_scan = False

    def __init__(self, sdk: NationalSdk, timeout_s: float = 60.0) -> None:
        self._sdk = sdk
        self._timeout_s = timeout_s

    def take_scan(self, code: ScanCode | None) -> InsuranceCredential | None:
        return None  # the certified scanner is the SDK's; the kiosk's scanner is not used

    def read(self, business_type: str) -> InsuranceCredential:
        try:
            answer = self._sdk.decode(business_type, self._timeout_s)
        except SdkError as exc:
            raise (VoucherCancelled() if exc.cancelled else VoucherUnavailable()) from None
        token = str(answer.get("ecToken") or "").strip()
        if not token or len(token) > TOKEN_MAX:
            raise VoucherUnavailable()
        # idNo / userName stay here: the gateway checks the token's owner itself.
        return InsuranceCredential(voucher=token)

    def cancel(self) -> None:
        self._sdk.cancel()
