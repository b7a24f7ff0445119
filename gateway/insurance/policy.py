"""How an outpatient bill splits between the funds: the policy of one insurance type.

Per line, the list class decides the eligible part: 甲类 A fully, 乙类 B after the patient's
own 20 % (先行自付), 丙类 C not at all. Of the eligible sum the year's remaining deductible
(起付线) is the patient's; the pooled fund pays its rate of the rest, up to what is left of
the year's ceiling (封顶线). What the fund does not pay, the personal account pays if the
patient chose to use it, then the family mutual-aid pool (家庭共济), and the rest is cash.
Figures are typical of a prefecture's 2024 outpatient pooling (门诊统筹) rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from gateway.insurance.interface import FeeLine, FundPart, Split

ELIGIBLE_PERCENT = {"A": 100, "B": 80, "C": 0}


@dataclass(frozen=True)
class Policy:
    insutype: str
    fund_pay_type: str  # the setldetail code of the pooled fund
    deductible_fen: int  # per year
    fund_percent: int
    ceiling_fen: int  # what the fund pays per year at most
    has_account: bool  # residents' insurance has no personal account


POLICIES = {
    "310": Policy("310", "310100", deductible_fen=80_000, fund_percent=70,
                  ceiling_fen=400_000, has_account=True),
    "390": Policy("390", "390100", deductible_fen=10_000, fund_percent=50,
                  ceiling_fen=150_000, has_account=False),
}


# A stay in hospital pools under the inpatient rules (住院统筹): a deductible per stay, a higher
# fund rate and a higher ceiling than outpatient pooling. Typical of the same prefecture's rules.
INPATIENT = Policy("310", "310200", deductible_fen=100_000, fund_percent=85,
                   ceiling_fen=30_000_000, has_account=True)


@dataclass(frozen=True)
class YearSoFar:
    """The person's running totals for the year, and what their accounts hold now."""

    deductible_used_fen: int
    fund_paid_fen: int
    account_fen: int
    mutual_aid_fen: int


def split(policy: Policy, lines: list[FeeLine], year: YearSoFar, use_account: bool) -> Split:
    total = sum(line.amount_fen for line in lines)
    eligible = sum(line.amount_fen * ELIGIBLE_PERCENT[line.insurance_class] // 100
                   for line in lines)
    deductible = min(eligible, max(0, policy.deductible_fen - year.deductible_used_fen))
    room = max(0, policy.ceiling_fen - year.fund_paid_fen)
    fund = min((eligible - deductible) * policy.fund_percent // 100, room)
    rest = total - fund
    account = min(rest, year.account_fen) if use_account and policy.has_account else 0
    mutual = min(rest - account, year.mutual_aid_fen) if use_account else 0
    details = (FundPart(policy.fund_pay_type, fund),) if fund else ()
    return Split(total_fen=total, fund_fen=fund, account_fen=account, mutual_aid_fen=mutual,
                 cash_fen=rest - account - mutual, balance_after_fen=year.account_fen - account,
                 details=details)


def inpatient_fund_share(lines: list[FeeLine]) -> int:
    """What the pooled fund pays of one stay's charges under :data:`INPATIENT` (each stay
    starts its own deductible; the personal account is not drawn on at discharge)."""
    return split(INPATIENT, lines, YearSoFar(0, 0, 0, 0), use_account=False).fund_fen


def deductible_taken(policy: Policy, lines: list[FeeLine], year: YearSoFar) -> int:
    """How much of the year's deductible this bill uses up (recorded when it settles)."""
    eligible = sum(line.amount_fen * ELIGIBLE_PERCENT[line.insurance_class] // 100
                   for line in lines)
    return min(eligible, max(0, policy.deductible_fen - year.deductible_used_fen))
