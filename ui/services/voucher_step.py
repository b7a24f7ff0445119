"""The insurance e-voucher step that outpatient payment and registration share: the voucher
screen (a scan, a social-security card, or the national SDK's token), the hints for a voucher
the gateway refused, and pre-settling again when the patient changes the account choice.

A flow that mixes this in pre-settles in ``_make_preview(credential)`` (``None``: self-paid)
and names the screen showing the split in ``_split_screen``."""

from __future__ import annotations

from kiosk.cards import SocialSecurityCardRead
from kiosk.codes import ScanCode
from kiosk.errors import Text
from kiosk.insurance_voucher import SETTLEMENT, InsuranceCredential
from ui.services import insured_payment as IP
from ui.services import payment_text as T
from ui.services.payment_screens import VoucherScreen

# Refusals of the voucher itself: the patient can fix them at the voucher step.
VOUCHER_ERRORS = {
    "expired_code": T.VOUCHER_EXPIRED,
    "unknown_code": T.VOUCHER_UNKNOWN,
    "malformed_code": T.VOUCHER_UNKNOWN,
    "voucher_mismatch": T.VOUCHER_MISMATCH,
}


class VoucherStep:
    """Mixed into a ``PatientFlow`` (``_host``) that sets ``voucher_screen``, ``_previewing``,
    ``_credential`` and ``_use_account`` in its ``__init__``."""

    _voucher_steps: tuple[Text, ...] = T.STEPS
    _voucher_step = 1

    def _make_preview(self, credential: InsuranceCredential | None) -> None:
        raise NotImplementedError

    def _split_screen(self):
        raise NotImplementedError

    def _show_voucher(self) -> None:
        screen = VoucherScreen(self._host.language, steps=self._voucher_steps, step=self._voucher_step)
        screen.back.connect(self._back_from_voucher)
        screen.self_pay.connect(lambda: self._make_preview(None))
        self._host.push(screen)
        self.voucher_screen = screen  # while it is on top, take_scan takes the voucher
        source = self._host.context.voucher_source
        if not source.from_scan:
            # The national SDK drives its own scanner and hands back a token.
            screen.show_hint(IP.SDK_WAITING)
            self._host.run(lambda: source.read(SETTLEMENT), T.BUSY_PREVIEW, self._make_preview,
                           lambda exc: screen.show_hint(getattr(exc, "message", T.VOUCHER_UNKNOWN)))

    def _back_from_voucher(self) -> None:
        self.voucher_screen = None
        self._host.pop()

    def take_scan(self, code: ScanCode | None) -> bool:
        """The voucher arrives as a scan: the window offers every scan to this flow first."""
        screen = self.voucher_screen
        if screen is None or self._host.top is not screen:
            return False  # not at the voucher step: the scan is the window's as usual
        if self._previewing:
            return True  # a second read of the same voucher while the first is checked
        credential = self._host.context.voucher_source.take_scan(code)
        if credential is None:
            # Taken all the same: the patient is mid-payment, and a health code shown by
            # mistake must not end their visit.
            screen.show_hint(T.NOT_A_VOUCHER)
            return True
        self._make_preview(credential)
        return True

    def take_card(self, read: object) -> bool:
        """A social-security card inserted at the voucher step pays with its insurance (1101
        by card); at any other step the card is the window's as usual."""
        screen = self.voucher_screen
        if screen is None or self._host.top is not screen or not isinstance(read, SocialSecurityCardRead):
            return False
        if not self._previewing:
            self._make_preview(InsuranceCredential(card=read))
        return True

    def _preview_failed(self, exc: BaseException, credential: InsuranceCredential | None) -> None:
        self._previewing = False
        hint = VOUCHER_ERRORS.get(getattr(exc, "code", "")) if credential else None
        if hint is not None and self.voucher_screen is not None and self._host.top is self.voucher_screen:
            self.voucher_screen.show_hint(hint)
        else:
            self._host.notice(exc)

    def _choose_account(self, use: bool) -> None:
        """Pre-settle again with the other choice; its check screen replaces this one."""
        if self._previewing:
            return
        self._use_account = use
        screen = self._split_screen()
        if screen is not None and self._host.top is screen:
            self._host.pop()
        self._make_preview(self._credential)
