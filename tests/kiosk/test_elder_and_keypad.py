"""Elder-care mode's policy and the ID keypad's entry, without Qt."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.elder import ElderMode, Why
from kiosk.id_entry import Check, IdEntry
from kiosk.session import Session
from kiosk.settings import ElderSection, parse_settings
from tests.kiosk.usecases.fakes import patient

TODAY = dt.date(2026, 11, 26)
VALID = "11010519491231002X"  # a check character that fits (stdnum's own example)


def mode(**elder) -> tuple[ElderMode, list[bool]]:
    heard: list[bool] = []
    m = ElderMode(ElderSection(**elder), 90, 20, 140)
    m.on_changed(heard.append)
    return m, heard


def test_on_by_age_at_the_threshold_and_off_with_the_session():
    m, heard = mode()
    m.identified(patient(birth="1961-11-27"), TODAY)  # 64 until tomorrow
    assert not m.on
    m.identified(patient(birth="1961-11-26"), TODAY)  # 65 today
    assert m.on and m.why is Why.AGE
    assert (m.idle_timeout_s, m.warning_s, m.voice_rate) == (180, 45, 110)
    m.session_ended()
    assert not m.on and (m.idle_timeout_s, m.warning_s, m.voice_rate) == (90, 20, 140)
    assert heard == [True, False]


def test_the_gateways_age_wins_and_the_threshold_is_configured():
    m, _ = mode(age_threshold=70)
    young = patient(birth="1990-01-01")
    m.identified(young.__class__(**{**young.__dict__, "age_years": 71}), TODAY)
    assert m.on


def test_chosen_before_the_scan_stays_for_a_young_patient():
    m, heard = mode()
    m.choose(True)
    m.identified(patient(birth="2000-01-01"), TODAY)
    assert m.on and m.why is Why.CHOSEN and heard == [True]


def test_elder_settings_are_bounded_and_consistent():
    assert parse_settings({}).elder.age_threshold == 65
    with pytest.raises(Exception, match="warning_s"):
        parse_settings({"elder": {"idle_timeout_s": 60, "warning_s": 60}})


def test_the_session_takes_another_idle_policy():
    session = Session(90, 20)
    session.set_idle(180, 45)
    assert (session.idle_timeout_s, session.warning_s) == (180, 45)
    with pytest.raises(ValueError):
        session.set_idle(30, 45)


def test_the_keypad_checks_live_and_masks_its_echo():
    entry = IdEntry()
    for key in VALID[:-1]:
        assert entry.press(key)
    assert entry.check is Check.INCOMPLETE and entry.accepts("X")
    assert entry.echo == "110105 ******** 002"
    entry.press("X")
    assert entry.check is Check.VALID and not entry.accepts("1")
    assert "1949" not in entry.echo and "1949" not in repr(entry)
    entry.delete()
    entry.press("9")
    assert entry.check is Check.WRONG
    entry.delete()
    entry.press("x")
    assert entry.take() == VALID and entry.length == 0


def test_x_only_as_the_last_character():
    entry = IdEntry()
    assert not entry.press("X")
    entry.press("1")
    assert not entry.accepts("X") and not entry.press("A")
