"""The check screen's note says who pays what the pooled fund does not, as the rows show."""

from __future__ import annotations

import pytest

from kiosk.usecases.payment import InsuranceSplit
from ui.services import insured_payment as IP


def split(**fen: int) -> InsuranceSplit:
    return InsuranceSplit(insutype="310", fund_fen=6000, balance_after_fen=100, **fen)


@pytest.mark.parametrize(("paid", "note"), [
    ({"account_fen": 4000}, IP.ACCOUNT_USED),
    ({"account_fen": 3000, "mutual_aid_fen": 1000}, IP.ACCOUNT_AND_MUTUAL_USED),
    ({"account_fen": 3000, "cash_fen": 1000}, IP.ACCOUNT_SHORT),
    ({"account_fen": 2000, "mutual_aid_fen": 1000, "cash_fen": 1000}, IP.ACCOUNT_AND_MUTUAL_SHORT),
])
def test_the_note_names_every_payer_and_whether_the_patient_pays_by_scan(paid, note):
    text = IP.account_note(split(**paid))
    assert text.zh.startswith(note.zh) and text.en.startswith(note.en)
    assert text.zh.endswith("结算后个人账户余额 ¥1.00。")


def test_mutual_aid_is_never_hidden_behind_the_account_alone():
    text = IP.account_note(split(account_fen=3000, mutual_aid_fen=1000))
    assert "家庭共济" in text.zh and "family mutual aid" in text.en


def test_without_the_account_the_rest_is_paid_by_scan():
    text = IP.account_note(split(use_account=False, cash_fen=4000))
    assert text.zh.startswith(IP.ACCOUNT_NOT_USED.zh)
