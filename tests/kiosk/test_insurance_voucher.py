"""The two e-voucher paths behind one interface: the kiosk's own scanner, and the national
SDK driving its certified scanner (a fake SDK here, shaped like the vendor's decode call)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from kiosk.cards import SocialSecurityCardRead
from kiosk.codes import classify
from kiosk.insurance_voucher import (
    SETTLEMENT,
    InsuranceCredential,
    ScannerVoucher,
    SdkError,
    SdkVoucher,
    VoucherCancelled,
    VoucherSource,
    VoucherUnavailable,
)

VOUCHER = "NHSA" + "A1" * 16
TODAY = dt.date(2027, 1, 15)


class FakeSdk:
    """Answers one decode per queued answer; ``cancel`` ends a waiting decode."""

    def __init__(self, *answers: dict | SdkError) -> None:
        self.answers = list(answers)
        self.calls: list[tuple[str, float]] = []
        self._cancelled = threading.Event()

    def decode(self, business_type: str, timeout_s: float) -> dict[str, str]:
        self.calls.append((business_type, timeout_s))
        if not self.answers:
            if self._cancelled.wait(timeout_s):
                raise SdkError("-1", cancelled=True)
            raise SdkError("timeout")
        answer = self.answers.pop(0)
        if isinstance(answer, SdkError):
            raise answer
        return answer

    def cancel(self) -> None:
        self._cancelled.set()


def test_both_paths_are_voucher_sources():
    assert isinstance(ScannerVoucher(), VoucherSource)
    assert isinstance(SdkVoucher(FakeSdk()), VoucherSource)


def test_the_scanner_path_takes_only_an_insurance_voucher():
    source = ScannerVoucher()
    assert source.from_scan
    credential = source.take_scan(classify(VOUCHER, today=TODAY))
    assert credential.body() == {"insurance_voucher": VOUCHER}
    assert source.take_scan(classify("110101199003071233", today=TODAY)) is None
    assert source.take_scan(None) is None
    with pytest.raises(VoucherUnavailable):
        source.read(SETTLEMENT)


def test_the_sdk_path_hands_over_the_token_and_ignores_the_kiosk_scanner():
    token = "T" * 40
    sdk = FakeSdk({"ecToken": token, "idNo": "110101199003071233", "userName": "张三",
                   "insuOrg": "510100"})
    source = SdkVoucher(sdk, timeout_s=5)
    assert not source.from_scan
    assert source.take_scan(classify(VOUCHER, today=TODAY)) is None
    credential = source.read(SETTLEMENT)
    assert credential.body() == {"insurance_voucher": token}
    assert sdk.calls == [(SETTLEMENT, 5)]
    assert "张三" not in repr(credential) and token not in repr(credential)


@pytest.mark.parametrize("answer", [SdkError("E1001"), {"ecToken": ""}, {"ecToken": "x" * 600},
                                    {"idNo": "1"}])
def test_sdk_failures_say_what_to_do(answer):
    with pytest.raises(VoucherUnavailable) as caught:
        SdkVoucher(FakeSdk(answer)).read(SETTLEMENT)
    assert "自费" in caught.value.next_step.zh


def test_a_waiting_sdk_read_can_be_cancelled():
    sdk = FakeSdk()
    source = SdkVoucher(sdk, timeout_s=30)
    errors: list[BaseException] = []
    reader = threading.Thread(target=lambda: _catch(source, errors))
    reader.start()
    source.cancel()
    reader.join(timeout=10)
    assert not reader.is_alive() and isinstance(errors[0], VoucherCancelled)


def _catch(source, errors) -> None:
    try:
        source.read(SETTLEMENT)
    except Exception as exc:  # noqa: BLE001 (handed to the test)
        errors.append(exc)


def test_a_social_security_card_is_a_credential_too():
    card = SocialSecurityCardRead(region="510100", social_security_no="110101199003071233",
                                  card_no="A12345678", name="张三", card_id="51010000CN")
    body = InsuranceCredential(card=card).body()
    assert body == {"social_security_card": {"social_security_no": "110101199003071233",
                                             "card_sn": "51010000CN"}}
    assert "张三" not in repr(InsuranceCredential(card=card))
