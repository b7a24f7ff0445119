"""What an insured payment adds to the payment flow: the per-fund lines of the insurer's
split on the check and result screens, and the patient's choice whether the personal account
pays (家庭共济 follows the account).  Qt-free apart from the one button it adds."""

from __future__ import annotations

from collections.abc import Callable

from kiosk.errors import Text
from kiosk.money import yuan
from kiosk.usecases.payment import InsuranceSplit

LBL_FUND = Text(zh="医保统筹基金", en="Insurance pooled fund")
LBL_ACCOUNT = Text(zh="个人账户", en="Personal account")
LBL_MUTUAL = Text(zh="家庭共济", en="Family mutual aid")
LBL_CASH = Text(zh="现金支付", en="You pay now")
LBL_BALANCE = Text(zh="账户余额（结算后）", en="Account balance after")
USE_ACCOUNT = Text(zh="使用个人账户支付", en="Use my personal account")
NO_ACCOUNT = Text(zh="不使用个人账户", en="Don't use my personal account")
ACCOUNT_USED = Text(
    zh="医保已为您计算：统筹基金支付后，余下部分由个人账户支付。",
    en="Insurance is applied: after the pooled fund, your personal account pays the rest.",
)
ACCOUNT_AND_MUTUAL_USED = Text(
    zh="医保已为您计算：统筹基金支付后，余下部分由个人账户和家庭共济支付。",
    en="Insurance is applied: after the pooled fund, your personal account and family mutual aid"
    " pay the rest.",
)
ACCOUNT_SHORT = Text(
    zh="医保已为您计算：统筹基金和个人账户支付后，其余部分需扫码支付。",
    en="Insurance is applied: after the pooled fund and your personal account, you pay the rest"
    " by scan.",
)
ACCOUNT_AND_MUTUAL_SHORT = Text(
    zh="医保已为您计算：统筹基金、个人账户和家庭共济支付后，其余部分需扫码支付。",
    en="Insurance is applied: after the pooled fund, your personal account and family mutual aid,"
    " you pay the rest by scan.",
)
ACCOUNT_NOT_USED = Text(
    zh="医保已为您计算：本次不使用个人账户，统筹基金支付后余下部分需扫码支付。",
    en="Insurance is applied: your personal account is not used, so you pay the rest by scan.",
)
SDK_WAITING = Text(
    zh="请在医保扫码器上出示手机里的医保电子凭证。",
    en="Show the insurance e-voucher on your phone to the insurance scanner.",
)
CARD_OR_VOUCHER = Text(
    zh="也可以插入本人社保卡。", en="You can also insert your own social security card.",
)


def money(fen: int) -> Text:
    return Text.same(f"¥{yuan(fen)}")


# The slip's column is narrow: its labels are the short forms.
SHORT = {LBL_FUND: "统筹基金", LBL_BALANCE: "账户余额"}
BALANCE_NOTE = Text(zh="结算后个人账户余额 ¥{amount}。", en="Personal account balance after: ¥{amount}.")


def split_rows(split: InsuranceSplit, *, balance: bool = True) -> list[tuple[Text, Text]]:
    rows = [(LBL_FUND, money(split.fund_fen))]
    if split.account_fen or split.use_account and split.insutype == "310":
        rows.append((LBL_ACCOUNT, money(split.account_fen)))
    if split.mutual_aid_fen:
        rows.append((LBL_MUTUAL, money(split.mutual_aid_fen)))
    rows.append((LBL_CASH, money(split.cash_fen)))
    if balance and split.insutype == "310":
        rows.append((LBL_BALANCE, money(split.balance_after_fen)))
    return rows


def slip_lines(split: InsuranceSplit) -> tuple[tuple[str, str], ...]:
    return tuple((SHORT.get(label, label.zh), value.zh) for label, value in split_rows(split))


def _payers_note(split: InsuranceSplit) -> Text:
    # Says who pays what the pooled fund does not, as the split's rows show it: the account
    # alone, with family mutual aid, and whether anything is left to pay by scan.
    if not split.use_account:
        return ACCOUNT_NOT_USED
    if split.cash_fen:
        return ACCOUNT_AND_MUTUAL_SHORT if split.mutual_aid_fen else ACCOUNT_SHORT
    return ACCOUNT_AND_MUTUAL_USED if split.mutual_aid_fen else ACCOUNT_USED


def account_note(split: InsuranceSplit) -> Text:
    """The check screen's note: whether the account pays, and its balance after."""
    note = _payers_note(split)
    balance = BALANCE_NOTE.format(amount=yuan(split.balance_after_fen))
    return Text(f"{note.zh}{balance.zh}", f"{note.en} {balance.en}")


def has_account(split: InsuranceSplit | None) -> bool:
    return split is not None and split.insutype == "310"


def add_account_choice(screen, split: InsuranceSplit, on_choice: Callable[[bool], None]) -> None:
    """A button that pre-settles again with the other choice."""
    caption = NO_ACCOUNT if split.use_account else USE_ACCOUNT
    button = screen.add_choice(caption)
    button.setObjectName("accountChoice")
    button.clicked.connect(lambda: on_choice(not split.use_account))
    screen.account_choice = button
