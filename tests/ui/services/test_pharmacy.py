"""Pharmacy pickup end to end: what is ready (and at which window) first, each status in plain
words, the empty list, and the patient's prescriptions gone when the session ends."""

from __future__ import annotations

import pytest

from kiosk.usecases.usage import Scene
from tests.ui.flows import click, current, identify, open_service, wait_for_screen
from tests.ui.services import patient_services as ps
from ui.services.cards import ListScreen

pytestmark = pytest.mark.gateway


def test_ready_first_then_preparing_paid_collected(make_kiosk, gateway, qtbot):
    kiosk = make_kiosk(gateway.url, gateway.token)
    card = identify(kiosk, qtbot, gateway, ps.EVERYTHING)
    record = ps.record_of(gateway, card)
    open_service(kiosk, qtbot, "pharmacy")
    screen = wait_for_screen(kiosk, qtbot, ListScreen)
    cards = [ps.texts(c) for c in screen.cards]
    assert len(cards) == 4
    assert "药已备好，请到 3 号窗口取药" in cards[0]
    assert "门诊楼1楼 112 门诊西药房" in cards[0]
    assert "苯磺酸氨氯地平片" in cards[0] and "用法：口服 一次1片 一日1次" in cards[0]
    assert "药房正在配药" in cards[1] and "阿莫西林胶囊" in cards[1]
    assert "已缴费，药房尚未开始配药" in cards[2]
    assert "已取药" in cards[3]
    assert [c.property("tone") for c in screen.cards] == ["ready", "", "", "done"]
    kiosk.window.header.language_button.click()
    assert "Ready: collect it at window 3" in ps.texts(screen.cards[0])
    qtbot.waitUntil(lambda: kiosk.window.services.context.outbox.pending() == 0, timeout=10_000)
    assert Scene.MEDICINE_PICKUP.value in ps.usage_scenes(gateway, record["patient_id"])
    click(qtbot, screen.nav.back_button)
    assert current(kiosk) is not screen
    ps.end_and_check_wiped(kiosk, qtbot, record, "苯磺酸氨氯地平片")


def test_no_prescriptions_is_said_plainly(make_kiosk, gateway, qtbot):
    kiosk = make_kiosk(gateway.url, gateway.token)
    card = identify(kiosk, qtbot, gateway, ps.NOTHING)
    open_service(kiosk, qtbot, "pharmacy")
    screen = wait_for_screen(kiosk, qtbot, ListScreen)
    assert not screen.cards
    assert "您目前没有需要取的药" in ps.texts(screen)
    ps.end_and_check_wiped(kiosk, qtbot, ps.record_of(gateway, card))
