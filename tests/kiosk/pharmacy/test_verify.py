"""Box verification rules against prescribed items, without the network."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from kiosk.clock import HospitalClock
from kiosk.pharmacy.models import CodeCheck, Drug, Item
from kiosk.pharmacy.trace import parse_trace
from kiosk.pharmacy.verify import BoxVerifier, Refusal

TODAY = dt.date(2026, 3, 1)
SHANGHAI = ZoneInfo("Asia/Shanghai")
# 1 March 2026, 10:00 in the hospital: a clock that stands still for the verifier.
CLOCK = HospitalClock("Asia/Shanghai", lambda: dt.datetime(2026, 3, 1, 10, 0, tzinfo=SHANGHAI).timestamp())
AMOX = Drug("D001", "阿莫西林胶囊", "0.25g*24粒", "盒", None, ("8123456",))
IMPORTED = Drug("D002", "阿托伐他汀钙片", "20mg*7片", "盒", "06901234567892", ())


def _item(item_id, drug, qty):
    return Item(item_id, drug.drug_code, drug.name, drug.spec, qty, "盒", "口服", "一次1片",
                "一日1次", 7)


def _verifier(qty_a=2, qty_b=1):
    items = (_item("I1", AMOX, qty_a), _item("I2", IMPORTED, qty_b))
    return BoxVerifier(items, {AMOX.drug_code: AMOX, IMPORTED.drug_code: IMPORTED})


def _domestic(serial: int):
    return parse_trace(f"8123456{serial:013d}")


def _fresh(code):
    return CodeCheck(code.text, None, dispensed_before=False)


def test_matching_boxes_complete_the_prescription():
    v = _verifier()
    for code in (_domestic(1), _domestic(2), parse_trace("(01)06901234567892(17)271231(21)S1")):
        outcome = v.scan(code, _fresh(code), CLOCK)
        assert outcome.accepted, outcome.refusal
    assert v.complete
    assert v.dispense_boxes() == [
        {"item_id": "I1", "code": _domestic(1).text},
        {"item_id": "I1", "code": _domestic(2).text},
        {"item_id": "I2", "code": "01069012345678921727123121S1"},
    ]


def test_gtin_matches_whatever_its_padding():
    drug = Drug("D3", "x", "", "盒", "6901234567892", ())
    v = BoxVerifier((_item("I", drug, 1),), {"D3": drug})
    code = parse_trace("(01)06901234567892(21)S9")
    assert v.scan(code, _fresh(code), CLOCK).accepted


def test_wrong_drug():
    v = _verifier()
    code = parse_trace("89999991234567890123")
    outcome = v.scan(code, _fresh(code), CLOCK)
    assert outcome.refusal is Refusal.WRONG_DRUG and outcome.item is None
    assert not v.boxes


def test_expired_by_gs1_date_or_by_the_registry():
    v = _verifier()
    gs1 = parse_trace("(01)06901234567892(17)260228(21)S1")
    outcome = v.scan(gs1, _fresh(gs1), CLOCK)
    assert outcome.refusal is Refusal.EXPIRED and outcome.detail == "2026-02-28"
    domestic = _domestic(5)
    check = CodeCheck(domestic.text, "D001", False, expiry=dt.date(2025, 12, 31))
    assert v.scan(domestic, check, CLOCK).refusal is Refusal.EXPIRED


def test_too_many_boxes_for_an_item():
    v = _verifier(qty_a=1)
    assert v.scan(_domestic(1), _fresh(_domestic(1)), CLOCK).accepted
    outcome = v.scan(_domestic(2), _fresh(_domestic(2)), CLOCK)
    assert outcome.refusal is Refusal.TOO_MANY and outcome.item.item_id == "I1"


def test_same_gs1_box_in_another_field_order_is_the_same_box():
    v = _verifier()
    first = parse_trace("(01)06901234567892(17)271231(10)B1(21)S1")
    again = parse_trace("]C1010690123456789221S1\x1d1727123110B1")
    assert v.scan(first, None, CLOCK).accepted
    assert v.scan(again, None, CLOCK).refusal is Refusal.SCANNED_TWICE


def test_same_box_twice():
    v = _verifier()
    assert v.scan(_domestic(1), _fresh(_domestic(1)), CLOCK).accepted
    assert v.scan(_domestic(1), _fresh(_domestic(1)), CLOCK).refusal is Refusal.SCANNED_TWICE
    assert len(v.boxes) == 1


def test_dispensed_before_is_resold_medicine():
    v = _verifier()
    code = _domestic(7)
    check = CodeCheck(code.text, "D001", True, dispensed_at=dt.datetime(2026, 2, 1, 1, 30, tzinfo=dt.UTC))  # 09:30 in the hospital
    outcome = v.scan(code, check, CLOCK)
    assert outcome.refusal is Refusal.ALREADY_DISPENSED
    assert "药师" in outcome.refusal.message.zh and "resold" in outcome.refusal.message.en
    assert outcome.detail == "2026-02-01 09:30"


def test_removing_a_scan_reopens_the_item():
    v = _verifier(qty_a=1)
    assert v.scan(_domestic(1), _fresh(_domestic(1)), CLOCK).accepted
    assert v.remove(_domestic(1).key)
    assert not v.remove(_domestic(1).key)
    assert v.missing() == {"I1": 1, "I2": 1}
    assert v.scan(_domestic(2), _fresh(_domestic(2)), CLOCK).accepted


def test_nothing_prescribed_is_never_complete():
    assert not BoxVerifier((), {}).complete


def test_same_drug_on_two_prescriptions_fills_in_order():
    items = (_item("I1", AMOX, 1), _item("I9", AMOX, 1))
    v = BoxVerifier(items, {AMOX.drug_code: AMOX})
    assert v.scan(_domestic(1), None, CLOCK).item.item_id == "I1"
    assert v.scan(_domestic(2), None, CLOCK).item.item_id == "I9"
    assert v.complete


@given(st.lists(st.integers(0, 30), max_size=12))
def test_never_more_boxes_than_prescribed(serials):
    v = _verifier(qty_a=3)
    for serial in serials:
        v.scan(_domestic(serial), _fresh(_domestic(serial)), CLOCK)
    assert v.count("I1") <= 3
    assert len({b.code.text for b in v.boxes}) == len(v.boxes)
    assert v.complete is False  # the imported item was never scanned


def test_code_the_registry_does_not_accept_is_refused():
    v = _verifier()
    code = _domestic(3)
    outcome = v.scan(code, CodeCheck(code.text, None, False, valid=False), CLOCK)
    assert outcome.refusal is Refusal.INVALID_CODE
