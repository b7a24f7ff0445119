"""The reports, guidance, pharmacy and health screens fit the kiosk panels and stay readable
(text ≥ 28 px, buttons ≥ 64 px high; in elder-care mode ≥ 36 px and ≥ 112 px) in landscape
and portrait."""

from __future__ import annotations

import pytest

from tests.ui.flows import identify, open_service
from tests.ui.services import patient_services as ps
from tests.ui.test_layout import MODES, SCREENS, check_readable, senior_mode

pytestmark = pytest.mark.gateway


def fits(window, width: int, height: int) -> None:
    hint = window.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height, hint
    check_readable(window)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("orientation", SCREENS)
def test_screens_fit_and_are_readable(make_kiosk, gateway, qtbot, orientation, mode):
    width, height = SCREENS[orientation]
    kiosk = make_kiosk(gateway.url, gateway.token)
    window = kiosk.window
    window.resize(width, height)
    if mode == "elder":
        senior_mode(qtbot, window)
    card = identify(kiosk, qtbot, gateway, ps.CRITICAL)

    open_service(kiosk, qtbot, "reports")
    ps.wait_text(qtbot, kiosk, "肾功能")
    fits(window, width, height)
    ps.press(qtbot, kiosk, "肾功能")
    ps.wait_text(qtbot, kiosk, "危急值")
    fits(window, width, height)
    window.services.patient_home()

    open_service(kiosk, qtbot, "guidance")
    ps.wait_text(qtbot, kiosk, "按症状推荐科室")
    fits(window, width, height)
    ps.press(qtbot, kiosk, "按症状推荐科室")
    areas = ps.wait_text(qtbot, kiosk, "胸部")
    ps.press(qtbot, kiosk, "胸部")
    ps.wait_away(qtbot, kiosk, areas)
    ps.press(qtbot, kiosk, "咳嗽")
    fits(window, width, height)
    ps.press(qtbot, kiosk, "下一步")
    ps.wait_text(qtbot, kiosk, "建议您就诊的科室")
    fits(window, width, height)
    window.services.patient_home()

    open_service(kiosk, qtbot, "pharmacy")
    ps.wait_text(qtbot, kiosk, "取药查询")
    fits(window, width, height)
    window.services.patient_home()

    open_service(kiosk, qtbot, "health")
    menu = ps.wait_text(qtbot, kiosk, "健康档案")
    fits(window, width, height)
    ps.press(qtbot, kiosk, "健康档案")
    ps.wait_away(qtbot, kiosk, menu)
    fits(window, width, height)
    ps.press(qtbot, kiosk, "同意并查看")
    ps.wait_text(qtbot, kiosk, "健康档案摘要")
    fits(window, width, height)
    ps.end_and_check_wiped(kiosk, qtbot, ps.record_of(gateway, card))


@pytest.mark.parametrize("mode", MODES)
def test_everything_patient_screens_fit_portrait(make_kiosk, gateway, qtbot, mode):
    """The longest lists (patient 0) in the narrow panel."""
    width, height = SCREENS["portrait"]
    kiosk = make_kiosk(gateway.url, gateway.token)
    kiosk.window.resize(width, height)
    if mode == "elder":
        senior_mode(qtbot, kiosk.window)
    card = identify(kiosk, qtbot, gateway, ps.EVERYTHING)
    open_service(kiosk, qtbot, "reports")
    ps.wait_text(qtbot, kiosk, "血常规")
    ps.press(qtbot, kiosk, "血常规")
    ps.wait_text(qtbot, kiosk, "项异常")
    fits(kiosk.window, width, height)
    ps.press(qtbot, kiosk, "查看详细结果")
    ps.wait_text(qtbot, kiosk, "偏高")
    fits(kiosk.window, width, height)
    ps.end_and_check_wiped(kiosk, qtbot, ps.record_of(gateway, card))
