import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.models import Gender, Patient
from kiosk.session import EndReason, Session, SessionError, State


def patient() -> Patient:
    return Patient(
        patient_id="P00000001",
        name="张小三",
        gender=Gender.MALE,
        birth_date=dt.date(1950, 3, 7),
        id_type="01",
        id_number="11010519491231002X",
        health_card_id="A" * 64,
        visit_card_no="0000000001",
    )


def identified(now=0.0, timeout=90, warning=20) -> Session:
    s = Session(timeout, warning)
    s.begin_identify(now)
    s.identified(patient(), now)
    return s


def test_happy_path_and_finish_forgets_patient():
    s = identified()
    ended = []
    s.on_ended(ended.append)
    assert s.state is State.IDENTIFIED and s.patient is not None
    s.end(EndReason.FINISHED)
    assert s.state is State.IDLE and s.patient is None
    assert ended == [EndReason.FINISHED]


def test_idle_warning_then_timeout():
    s = identified(now=100)
    assert not s.check(150).warning
    status = s.check(175)
    assert status.warning and status.remaining_s == pytest.approx(15)
    assert s.check(191).expired
    assert s.patient is None and s.state is State.IDLE


def test_touch_restarts_countdown():
    s = identified(now=0)
    s.touch(80)
    assert not s.check(150).expired
    assert s.check(171).expired


def test_hold_pauses_countdown_until_release():
    s = identified(now=0)
    lease = s.hold()
    assert not s.check(10_000).expired
    lease.release(10_000)
    assert not s.check(10_050).warning
    assert s.check(10_091).expired


def test_each_step_releases_its_own_hold_once():
    s = identified(now=0)
    payment, printing = s.hold(), s.hold()
    payment.release(10)
    payment.release(20)  # twice: still only its own
    assert s.held and not s.check(10_000).expired
    printing.release(10_000)
    assert not s.held


def test_a_hold_from_an_ended_session_changes_nothing():
    s = identified(now=0)
    stale = s.hold()
    s.end(EndReason.TIMEOUT)
    s.begin_identify(100)
    s.identified(patient(), 100)
    fresh = s.hold()
    stale.release(200)  # a late callback of the last patient's payment
    assert s.held
    fresh.release(300)
    assert not s.held


def test_failed_identify_returns_to_idle():
    s = Session(90, 20)
    s.begin_identify(0)
    s.identify_failed()
    assert s.state is State.IDLE
    with pytest.raises(SessionError):
        s.identify_failed()


def test_new_scan_mid_visit_ends_previous_patient():
    s = identified()
    ended = []
    s.on_ended(ended.append)
    s.begin_identify(5)
    assert s.patient is None and ended == [EndReason.FINISHED]


def test_repr_has_no_personal_data():
    p = patient()
    assert "张" not in repr(p) and p.id_number not in repr(p)


@given(st.lists(st.floats(min_value=0, max_value=200), max_size=30))
def test_never_expires_while_touched_within_timeout(gaps):
    s = identified(now=0)
    now = 0.0
    for gap in gaps:
        now += min(gap, 89)
        s.touch(now)
        assert not s.check(now).expired


def test_a_second_read_of_the_patients_own_card_is_recognised():
    from kiosk.code_types import CodeKind, ScanCode

    session = Session(120, 30)
    p = patient()
    assert not session.is_current_patient(ScanCode(CodeKind.ID_NUMBER, p.id_number))
    session.begin_identify(0.0)
    session.identified(p, 0.0)
    assert session.is_current_patient(ScanCode(CodeKind.EHC_STATIC, "x", health_card_id=p.health_card_id.lower()))
    assert session.is_current_patient(ScanCode(CodeKind.ID_NUMBER, p.id_number.lower()))
    assert session.is_current_patient(ScanCode(CodeKind.VISIT_CARD, p.visit_card_no))
    assert not session.is_current_patient(ScanCode(CodeKind.EHC_DYNAMIC, "y", health_card_id="0" * 64))
    assert not session.is_current_patient(ScanCode(CodeKind.VISIT_CARD, "9999999999"))
    assert not session.is_current_patient(ScanCode(CodeKind.INSURANCE_VOUCHER, "NHSA0"))


def test_a_masked_number_never_passes_for_the_same_patient():
    # The gateway sends ID and visit-card numbers masked; another person's number with the
    # same visible digits must not be taken for this patient's own.
    from dataclasses import replace

    from kiosk.code_types import CodeKind, ScanCode

    full = patient()
    masked = replace(full, id_number="110105********002X", visit_card_no="******0001")
    session = Session(120, 30)
    session.begin_identify(0.0)
    session.identified(masked, 0.0)
    assert not session.is_current_patient(ScanCode(CodeKind.ID_NUMBER, full.id_number))
    assert not session.is_current_patient(ScanCode(CodeKind.VISIT_CARD, full.visit_card_no))
    assert session.is_current_patient(
        ScanCode(CodeKind.EHC_STATIC, "x", health_card_id=full.health_card_id))


def test_the_visit_of_an_ended_session_is_handed_on_once():
    from kiosk.models import Visit

    s = Session(90, 20)
    s.begin_identify(0.0)
    s.identified(patient(), 0.0, Visit("tok"))
    ended = []
    s.on_visit_ended(ended.append)
    s.end(EndReason.TIMEOUT)
    s.end(EndReason.TIMEOUT)
    assert [v.token for v in ended] == ["tok"]


def test_an_enrolment_times_out_like_a_visit_and_a_new_scan_ends_it():
    from kiosk.session import EndReason, Session, State

    session = Session(idle_timeout_s=60, warning_s=10)
    ended: list[EndReason] = []
    session.on_ended(ended.append)
    session.begin_identify(0)
    session.begin_enrolment(1)
    assert session.state is State.ENROLLING and session.patient is None
    assert session.check(55).warning
    assert session.check(62).expired and session.state is State.IDLE
    assert ended == [EndReason.TIMEOUT]
    session.begin_identify(100)
    session.begin_enrolment(101)
    session.begin_identify(102)  # another card: the registration screens go
    assert ended[-1] is EndReason.FINISHED and session.state is State.IDENTIFYING
