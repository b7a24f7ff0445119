"""The insurance share of an inpatient stay, in one place.

Today it is the outpatient model (:func:`gateway.store.billing.insurance_share`, per item
by its list class), applied to every charge of the stay when the admission was registered
with insurance (入院登记). When the national-platform model replaces that one, this is the
one function to point at it: nothing else of the inpatient services computes a share.
"""

from __future__ import annotations

from collections.abc import Iterable

from gateway.store.billing import insurance_share


def inpatient_insurance_share(charges: Iterable[tuple[int, str]], insured: bool) -> int:
    """Fen paid by insurance for ``(amount_fen, insurance_class)`` charges."""
    if not insured:
        return 0
    return sum(insurance_share(amount, klass) for amount, klass in charges)
