"""Box verification at the counter: every scanned box against the prescribed items.

Medical-insurance rules require each dispensed box's traceability code. A box is accepted
only if it is a prescribed drug (traceability prefix or GTIN from the catalogue), not expired,
not one too many for its item, not scanned already for this patient, and not dispensed before
anywhere in the hospital (the gateway's registry; a repeat is the mark of resold medicine).
Dispensing is possible only when every item has exactly its prescribed number of boxes.

The gateway checks all of it again when dispensing; this is what lets staff see a problem at
the box in their hand instead of at the end.
"""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass

from kiosk.clock import HospitalClock
from kiosk.errors import Text
from kiosk.pharmacy.models import CodeCheck, Drug, Item
from kiosk.pharmacy.trace import TraceCode, TraceKind


class Refusal(enum.StrEnum):
    INVALID_CODE = "invalid_code"
    WRONG_DRUG = "wrong_drug"
    EXPIRED = "expired"
    TOO_MANY = "too_many"
    SCANNED_TWICE = "scanned_twice"
    ALREADY_DISPENSED = "already_dispensed"

    @property
    def message(self) -> Text:
        return _MESSAGES[self]


_MESSAGES = {
    Refusal.INVALID_CODE: Text(
        zh="追溯码无效（校验不通过），可能是假码或印刷错误：请换一盒并报告药师。",
        en="Invalid traceability code (check digits wrong): take another box and tell the "
        "pharmacist.",
    ),
    Refusal.WRONG_DRUG: Text(
        zh="药品不符：此盒不是处方中的药品。", en="Wrong drug: this box is not on the prescription."
    ),
    Refusal.EXPIRED: Text(zh="此盒已过期，请换一盒。", en="This box has expired; take another."),
    Refusal.TOO_MANY: Text(
        zh="数量超出：该药品已扫够处方数量。",
        en="Too many: this item already has its prescribed number of boxes.",
    ),
    Refusal.SCANNED_TWICE: Text(
        zh="此盒已经扫描过（同一追溯码）。", en="This box has already been scanned."
    ),
    Refusal.ALREADY_DISPENSED: Text(
        zh="此追溯码已发药过，可能是回流药：请扣留药盒并报告当班药师。",
        en="Already dispensed before, possible resold medicine: keep the box and inform the "
        "pharmacist in charge.",
    ),
}


@dataclass(frozen=True)
class Box:
    """An accepted box: the item it counts for and its code."""

    item_id: str
    code: TraceCode


@dataclass(frozen=True)
class Outcome:
    """The answer to one scan: the item it matched, or why it was refused."""

    code: TraceCode
    item: Item | None = None
    refusal: Refusal | None = None
    detail: str = ""  # e.g. the expiry date or when it was dispensed; no personal data

    @property
    def accepted(self) -> bool:
        return self.refusal is None


def _gtin14(gtin: str | None) -> str | None:
    return gtin.zfill(14) if gtin else None


class BoxVerifier:
    """The boxes scanned for one patient's prescriptions.

    ``drugs`` is the catalogue entry of every prescribed drug code (the gateway's
    ``/pharmacy/drugs``). Nothing here does I/O: the caller asks the gateway's registry for
    each code and hands the answer to :meth:`scan`.
    """

    def __init__(self, items: tuple[Item, ...] | list[Item], drugs: dict[str, Drug]) -> None:
        self._items = tuple(items)
        self._drugs = dict(drugs)
        self._boxes: list[Box] = []

    @property
    def items(self) -> tuple[Item, ...]:
        return self._items

    @property
    def boxes(self) -> tuple[Box, ...]:
        return tuple(self._boxes)

    def count(self, item_id: str) -> int:
        return sum(1 for b in self._boxes if b.item_id == item_id)

    def _matches(self, item: Item, code: TraceCode) -> bool:
        drug = self._drugs.get(item.drug_code)
        if drug is None:
            return False
        if code.kind is TraceKind.DOMESTIC:
            return code.prefix in drug.trace_prefixes
        return _gtin14(code.gtin) == _gtin14(drug.gtin)

    def judge(self, code: TraceCode, check: CodeCheck | None, clock: HospitalClock) -> Outcome:
        """What :meth:`scan` would answer, without recording anything."""
        if any(b.code.key == code.key for b in self._boxes):
            return Outcome(code, refusal=Refusal.SCANNED_TWICE)
        if check is not None and not check.valid:
            return Outcome(code, refusal=Refusal.INVALID_CODE)
        if check is not None and check.dispensed_before:
            when = f"{clock.local(check.dispensed_at):%Y-%m-%d %H:%M}" if check.dispensed_at else ""
            return Outcome(code, refusal=Refusal.ALREADY_DISPENSED, detail=when)
        candidates = [i for i in self._items if self._matches(i, code)]
        if not candidates:
            return Outcome(code, refusal=Refusal.WRONG_DRUG)
        expiry = code.expiry or (check.expiry if check is not None else None)
        if (expiry is not None and expiry < clock.today()) or (check is not None and check.expired):
            return Outcome(
                code, item=candidates[0], refusal=Refusal.EXPIRED,
                detail=expiry.isoformat() if expiry else "",
            )
        counts = Counter(b.item_id for b in self._boxes)
        for item in candidates:
            if counts[item.item_id] < item.qty:
                return Outcome(code, item=item)
        return Outcome(code, item=candidates[0], refusal=Refusal.TOO_MANY)

    def scan(self, code: TraceCode, check: CodeCheck | None, clock: HospitalClock) -> Outcome:
        """Judge one box and keep it if accepted."""
        outcome = self.judge(code, check, clock)
        if outcome.accepted and outcome.item is not None:
            self._boxes.append(Box(outcome.item.item_id, code))
        return outcome

    def remove(self, key: str) -> bool:
        """Take back a scanned box (staff put it aside) by its :attr:`TraceCode.key`;
        whether it was there."""
        for index, box in enumerate(self._boxes):
            if box.code.key == key:
                del self._boxes[index]
                return True
        return False

    def missing(self) -> dict[str, int]:
        """Boxes still to scan, per item id (only items not yet complete)."""
        counts = Counter(b.item_id for b in self._boxes)
        return {i.item_id: i.qty - counts[i.item_id] for i in self._items if counts[i.item_id] != i.qty}

    @property
    def complete(self) -> bool:
        """Every item has exactly its prescribed number of boxes."""
        return bool(self._items) and not self.missing()

    def dispense_boxes(self) -> list[dict[str, str]]:
        """The ``boxes`` of the dispense request."""
        return [{"item_id": b.item_id, "code": b.code.text} for b in self._boxes]
