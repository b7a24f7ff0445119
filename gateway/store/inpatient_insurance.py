"""The insurance share of an inpatient stay, in one place.

The national-platform policy model (:mod:`gateway.insurance.policy`) under its inpatient rules
(:data:`~gateway.insurance.policy.INPATIENT`: a deductible per stay, 85 % of the eligible
rest, item classes A/B/C as for outpatients), applied to every charge of the stay when the
admission was registered with insurance (入院登记). Nothing else of the inpatient services
computes a share.
"""

from __future__ import annotations

from collections.abc import Iterable

from gateway.insurance.interface import FeeLine
from gateway.insurance.policy import inpatient_fund_share


def inpatient_insurance_share(charges: Iterable[tuple[int, str]], insured: bool) -> int:
    """Fen paid by insurance for ``(amount_fen, insurance_class)`` charges."""
    if not insured:
        return 0
    return inpatient_fund_share([FeeLine(amount, klass) for amount, klass in charges])
