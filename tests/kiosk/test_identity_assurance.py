"""A visit-card identity is offered the low-risk services only; a stronger identifier of the
patient replaces its visit. The rule is the core's, judged from the gateway's assurance."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.code_types import CodeKind, ScanCode
from kiosk.models import Assurance, Gender, Patient
from kiosk.services import (
    CATALOGUE,
    WEAK_IDENTITY_SERVICES,
    WRISTBAND_SERVICES,
    allowed,
    offer,
    titles,
)
from kiosk.session import EndReason, Session

EVERY = frozenset(k for s in CATALOGUE for k in s.requires)
ALL_KEYS = {s.key for s in CATALOGUE}


@pytest.mark.parametrize(("value", "matched_by", "expected"), [
    ("strong", "ehc_dynamic", Assurance.STRONG),
    ("strong", "id_number", Assurance.STRONG),
    ("visit_card", "visit_card", Assurance.VISIT_CARD),
    ("strong", "visit_card", Assurance.VISIT_CARD),  # a visit card is never strong
    ("photo_id_checked", "id_number", Assurance.VISIT_CARD),  # unknown levels: fail closed
    ("", "ehc_static", Assurance.VISIT_CARD),
    (None, "visit_card", Assurance.VISIT_CARD),  # an older gateway: the match decides
    (None, "ehc_static", Assurance.STRONG),
    ("wristband", "inpatient_no", Assurance.WRISTBAND),
    ("strong", "inpatient_no", Assurance.WRISTBAND),  # an older gateway's strong wristband
    (None, "inpatient_no", Assurance.WRISTBAND),
    ("wristband", "visit_card", Assurance.VISIT_CARD),
])
def test_the_assurance_of_an_identify_answer_fails_closed(value, matched_by, expected):
    assert Assurance.of(value, matched_by) is expected


def test_a_strong_identity_is_offered_every_service():
    offered = offer(ALL_KEYS, EVERY, Assurance.STRONG)
    assert [s.key for s in offered.services] == [s.key for s in CATALOGUE]
    assert offered.need_stronger_id == []


def test_a_visit_card_identity_is_offered_the_low_risk_services_and_told_about_the_rest():
    offered = offer(ALL_KEYS, EVERY, Assurance.VISIT_CARD)
    assert {s.key for s in offered.services} == {"check_in", "guidance", "pharmacy"}
    named = [s.key for s in offered.need_stronger_id]
    assert set(named) == ALL_KEYS - WEAK_IDENTITY_SERVICES and "payment" in named
    assert titles(offered.need_stronger_id).zh.startswith("挂号、门诊缴费")
    assert titles(offered.need_stronger_id).en.startswith("Registration, Pay bills")
    for key in ALL_KEYS:
        assert allowed(key, Assurance.VISIT_CARD) == (key in WEAK_IDENTITY_SERVICES)
        assert allowed(key, Assurance.STRONG)


def test_a_wristband_identity_is_offered_the_stay_and_the_low_risk_services():
    offered = offer(ALL_KEYS, EVERY, Assurance.WRISTBAND)
    assert {s.key for s in offered.services} == {"inpatient", "check_in", "guidance", "pharmacy"}
    named = [s.key for s in offered.need_stronger_id]
    assert set(named) == ALL_KEYS - WRISTBAND_SERVICES
    assert {"payment", "reports", "my_records", "health", "ebills"} <= set(named)
    for key in ALL_KEYS:
        assert allowed(key, Assurance.WRISTBAND) == (key in WRISTBAND_SERVICES)


def test_what_the_gateway_does_not_offer_is_neither_shown_nor_asked_for():
    offered = offer(ALL_KEYS, frozenset({"identify", "guidance", "payment"}), Assurance.VISIT_CARD)
    assert [s.key for s in offered.services] == ["guidance"]
    assert [s.key for s in offered.need_stronger_id] == ["payment", "my_card"]


PATIENT = Patient("P1", "张三", Gender.MALE, dt.date(1980, 1, 1), "01", "110101********1234",
                  "A" * 64, "******0001")


@pytest.mark.parametrize(("kind", "replaces"), [
    (CodeKind.EHC_DYNAMIC, True), (CodeKind.EHC_STATIC, True), (CodeKind.ID_NUMBER, True),
    (CodeKind.ID_NUMBER_LEGACY, True), (CodeKind.INSURANCE_VOUCHER, True),
    (CodeKind.VISIT_CARD, False), (CodeKind.RECEIPT, False), (CodeKind.SPECIMEN, False),
])
def test_a_stronger_identifier_replaces_a_visit_card_visit(kind, replaces):
    session = Session(90, 15)
    session.begin_identify(0.0)
    session.identified(PATIENT, 0.0, assurance=Assurance.VISIT_CARD)
    assert session.assurance is Assurance.VISIT_CARD
    assert session.stronger_id_replaces_visit(ScanCode(kind, "x")) is replaces


@pytest.mark.parametrize(("kind", "replaces"), [
    (CodeKind.EHC_DYNAMIC, True), (CodeKind.ID_NUMBER, True), (CodeKind.INSURANCE_VOUCHER, True),
    (CodeKind.INPATIENT_NO, False), (CodeKind.VISIT_CARD, False), (CodeKind.RECEIPT, False),
])
def test_a_stronger_identifier_replaces_a_wristband_visit(kind, replaces):
    session = Session(90, 15)
    session.begin_identify(0.0)
    session.identified(PATIENT, 0.0, assurance=Assurance.WRISTBAND)
    assert session.stronger_id_replaces_visit(ScanCode(kind, "x")) is replaces


def test_a_strong_visit_is_never_replaced_without_asking():
    session = Session(90, 15)
    session.begin_identify(0.0)
    session.identified(PATIENT, 0.0)
    assert not session.stronger_id_replaces_visit(ScanCode(CodeKind.EHC_DYNAMIC, "x"))
    session.end(EndReason.FINISHED)
    assert not session.stronger_id_replaces_visit(ScanCode(CodeKind.EHC_DYNAMIC, "x"))
