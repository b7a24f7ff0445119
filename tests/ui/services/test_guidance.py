"""Guidance end to end: today's itinerary (next step first, where, queue), the empty day, the
symptom recommender handing over to registration, the urgent case, and abandonment."""

from __future__ import annotations

import pytest

from kiosk.usecases.usage import Scene
from tests.ui.flows import click, current, identify, open_service, wait_for_screen
from tests.ui.services import patient_services as ps
from ui import strings as S
from ui.screens.generic import ChoiceScreen, NoticeScreen
from ui.services.cards import ListScreen, PickManyScreen

pytestmark = pytest.mark.gateway


def open_guidance(kiosk, qtbot) -> ListScreen:
    open_service(kiosk, qtbot, "guidance")
    return wait_for_screen(kiosk, qtbot, ListScreen)


def pick_symptoms(kiosk, qtbot, area: str, *symptoms: str) -> PickManyScreen:
    ps.press(qtbot, kiosk, "按症状推荐科室")
    areas = wait_for_screen(kiosk, qtbot, ChoiceScreen)
    ps.press(qtbot, kiosk, area)
    screen = ps.wait_away(qtbot, kiosk, areas)
    assert isinstance(screen, PickManyScreen)
    assert not screen.next.isEnabled()  # nothing ticked yet
    for symptom in symptoms:
        ps.press(qtbot, kiosk, symptom)
    assert screen.next.isEnabled()
    assert all(b.text().startswith("✓") for b in screen.buttons if b.isChecked())
    return screen


def test_itinerary_puts_the_next_step_first_with_place_and_queue(make_kiosk, gateway, qtbot):
    kiosk = make_kiosk(gateway.url, gateway.token)
    card = identify(kiosk, qtbot, gateway, ps.EVERYTHING)
    record = ps.record_of(gateway, card)
    screen = open_guidance(kiosk, qtbot)
    first = ps.texts(screen.cards[0])
    assert "下一步：抽血检验" in first
    assert "医技楼1楼 102" in first
    assert "前面还有 5 人" in first and "约 10 分钟" in first
    assert screen.cards[0].property("tone") == "ready"
    assert screen.cards[-1].property("tone") == "done"  # what is done comes last
    kiosk.window.header.language_button.click()
    assert "Next: Blood test" in ps.texts(screen.cards[0])
    assert "floor 1" in ps.texts(screen.cards[0])
    qtbot.waitUntil(lambda: kiosk.window.services.context.outbox.pending() == 0, timeout=10_000)
    assert Scene.GUIDANCE.value in ps.usage_scenes(gateway, record["patient_id"])
    ps.end_and_check_wiped(kiosk, qtbot, record)


def test_nothing_planned_today_offers_the_recommender(make_kiosk, gateway, qtbot):
    kiosk = make_kiosk(gateway.url, gateway.token)
    card = identify(kiosk, qtbot, gateway, ps.PRINTED)
    screen = open_guidance(kiosk, qtbot)
    assert not screen.cards
    assert "您今天没有待办的就诊安排" in ps.texts(screen)
    assert "按症状推荐科室" in ps.texts(screen)
    ps.end_and_check_wiped(kiosk, qtbot, ps.record_of(gateway, card))


def test_recommendation_starts_registration_for_that_department(make_kiosk, gateway, qtbot):
    kiosk = make_kiosk(gateway.url, gateway.token)
    card = identify(kiosk, qtbot, gateway, ps.NOTHING)
    open_guidance(kiosk, qtbot)
    symptoms = pick_symptoms(kiosk, qtbot, "头部", "头痛", "头晕")
    click(qtbot, symptoms.next)
    result = ps.wait_away(qtbot, kiosk, symptoms)
    assert isinstance(result, ListScreen)
    assert "神经内科" in ps.texts(result.cards[0])
    assert "不是诊断" in ps.texts(result)
    ps.press(qtbot, kiosk, "挂神经内科的号")
    schedules = ps.wait_text(qtbot, kiosk, S.REG_SCHEDULE.zh)
    assert kiosk.window.services.flow.key == "registration"
    assert kiosk.window.services.flow._department.code == "0303"
    # Back from the doctors offers every department; Back again is the patient's home.
    click(qtbot, schedules.nav.back_button)
    departments = current(kiosk)
    assert S.REG_DEPARTMENT.zh in ps.texts(departments)
    ps.end_and_check_wiped(kiosk, qtbot, ps.record_of(gateway, card))


def test_urgent_symptoms_send_the_patient_to_emergency_now(make_kiosk, gateway, qtbot):
    kiosk = make_kiosk(gateway.url, gateway.token)
    card = identify(kiosk, qtbot, gateway, ps.PENDING)
    open_guidance(kiosk, qtbot)
    symptoms = pick_symptoms(kiosk, qtbot, "头部", "突发言语不清")
    click(qtbot, symptoms.next)
    urgent = ps.wait_text(qtbot, kiosk, "请立即去急诊")
    shown = ps.texts(urgent)
    assert "急诊楼1楼 101" in shown
    assert "挂" not in "".join(b.text() for b in urgent.cards[0].findChildren(type(symptoms.next)))
    assert urgent.cards[0].property("tone") == "urgent"
    click(qtbot, urgent.nav.back_button)
    assert current(kiosk) is symptoms
    ps.end_and_check_wiped(kiosk, qtbot, ps.record_of(gateway, card))


def test_symptoms_follow_the_patients_sex(make_kiosk, gateway, qtbot):
    kiosk = make_kiosk(gateway.url, gateway.token)
    card = identify(kiosk, qtbot, gateway, ps.EVERYTHING)
    record = ps.record_of(gateway, card)
    open_guidance(kiosk, qtbot)
    ps.press(qtbot, kiosk, "按症状推荐科室")
    areas = wait_for_screen(kiosk, qtbot, ChoiceScreen)
    ps.press(qtbot, kiosk, "泌尿生殖")
    screen = ps.wait_away(qtbot, kiosk, areas)
    shown = ps.texts(screen)
    assert "尿频尿急尿痛" in shown
    assert ("月经不调" in shown) == (record["gender"] == "F")
    ps.end_and_check_wiped(kiosk, qtbot, record)


def test_gateway_away_is_a_notice_with_a_next_step(make_kiosk, start_gateway, qtbot):
    server = start_gateway()
    kiosk = make_kiosk(server.url, server.token)
    card = identify(kiosk, qtbot, server, ps.EVERYTHING)
    record = ps.record_of(server, card)
    server.stop()
    open_service(kiosk, qtbot, "guidance")
    notice = wait_for_screen(kiosk, qtbot, NoticeScreen)
    assert "请稍后再试" in ps.texts(notice)
    click(qtbot, notice.nav.home_button)
    assert kiosk.window.services.flow is None
    ps.end_and_check_wiped(kiosk, qtbot, record)
