"""The reports, guidance, pharmacy and health screens fit the kiosk panels and stay readable
(text ≥ 28 px, buttons ≥ 64 px high) in landscape and portrait."""

from __future__ import annotations

import pytest

from tests.ui.flows import identify, open_service
from tests.ui.patient_services import (
    CRITICAL,
    EVERYTHING,
    end_and_check_wiped,
    press,
    private_gateway,
    record_of,
    wait_away,
    wait_text,
)
from tests.ui.test_layout import SCREENS, check_readable

pytestmark = pytest.mark.gateway


@pytest.fixture(scope="module")
def gateway(tmp_path_factory):
    yield from private_gateway(tmp_path_factory)


def fits(window, width: int, height: int) -> None:
    hint = window.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height, hint
    check_readable(window)


@pytest.mark.parametrize("orientation", SCREENS)
def test_screens_fit_and_are_readable(make_kiosk, gateway, qtbot, orientation):
    width, height = SCREENS[orientation]
    kiosk = make_kiosk(gateway.url, gateway.token)
    window = kiosk.window
    window.resize(width, height)
    card = identify(kiosk, qtbot, gateway, CRITICAL)

    open_service(kiosk, qtbot, "reports")
    wait_text(qtbot, kiosk, "肾功能")
    fits(window, width, height)
    press(qtbot, kiosk, "肾功能")
    wait_text(qtbot, kiosk, "危急值")
    fits(window, width, height)
    window.services.patient_home()

    open_service(kiosk, qtbot, "guidance")
    wait_text(qtbot, kiosk, "按症状推荐科室")
    fits(window, width, height)
    press(qtbot, kiosk, "按症状推荐科室")
    areas = wait_text(qtbot, kiosk, "胸部")
    press(qtbot, kiosk, "胸部")
    wait_away(qtbot, kiosk, areas)
    press(qtbot, kiosk, "咳嗽")
    fits(window, width, height)
    press(qtbot, kiosk, "下一步")
    wait_text(qtbot, kiosk, "建议您就诊的科室")
    fits(window, width, height)
    window.services.patient_home()

    open_service(kiosk, qtbot, "pharmacy")
    wait_text(qtbot, kiosk, "取药查询")
    fits(window, width, height)
    window.services.patient_home()

    open_service(kiosk, qtbot, "health")
    menu = wait_text(qtbot, kiosk, "健康档案")
    fits(window, width, height)
    press(qtbot, kiosk, "健康档案")
    wait_away(qtbot, kiosk, menu)
    fits(window, width, height)
    press(qtbot, kiosk, "同意并查看")
    wait_text(qtbot, kiosk, "健康档案摘要")
    fits(window, width, height)
    end_and_check_wiped(kiosk, qtbot, record_of(gateway, card))


def test_everything_patient_screens_fit_portrait(make_kiosk, gateway, qtbot):
    """The longest lists (patient 0) in the narrow panel."""
    width, height = SCREENS["portrait"]
    kiosk = make_kiosk(gateway.url, gateway.token)
    kiosk.window.resize(width, height)
    card = identify(kiosk, qtbot, gateway, EVERYTHING)
    open_service(kiosk, qtbot, "reports")
    wait_text(qtbot, kiosk, "血常规")
    press(qtbot, kiosk, "血常规")
    wait_text(qtbot, kiosk, "项异常")
    fits(kiosk.window, width, height)
    press(qtbot, kiosk, "查看详细结果")
    wait_text(qtbot, kiosk, "偏高")
    fits(kiosk.window, width, height)
    end_and_check_wiped(kiosk, qtbot, record_of(gateway, card))
