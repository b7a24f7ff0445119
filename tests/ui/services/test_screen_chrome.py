"""Back, the way on and Home (or Done / Finish) stand in the same places on every screen.

A patient who has learnt where Back is on one screen finds it there on the next; a button
that wanders, or that sits below the bottom of a scrolling body, is one an elderly patient
does not find. Walked on the real widgets at both kiosk panel sizes, in both languages.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QWidget

from tests.ui.flows import choose_first, click, current, open_service, unreachable, wait_for_screen
from tests.ui.helpers import wedge_scan
from tests.ui.test_layout import MODES, SCREENS, senior_mode
from ui.screens.generic import ChoiceScreen, ServiceScreen, SummaryScreen
from ui.screens.patient import PatientScreen
from ui.services.payment_screens import BillsScreen, VoucherScreen

pytestmark = pytest.mark.gateway


def _rect(widget: QWidget) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


def places(screen: QWidget) -> dict[str, QRect]:
    """Where the bottom bar's buttons are: Back, the last one (Home, Done or Finish) and
    the forward action just left of it, if the step has one."""
    nav = screen.nav
    shown = sorted((b for b in nav.findChildren(QAbstractButton) if b.isVisible()), key=lambda b: b.x())
    assert shown, f"{type(screen).__name__} has no buttons in its bottom bar"
    found = {"end": _rect(shown[-1])}
    if nav.back_button.isVisible():
        found["back"] = _rect(nav.back_button)
        shown = shown[1:]
    if len(shown) >= 2 and shown[-2].objectName() == "primary":
        found["forward"] = _rect(shown[-2])
    return found


def every_button_in_reach(screen: QWidget) -> None:
    for button in screen.findChildren(QAbstractButton):
        if button.isVisible():
            assert unreachable(button) is None, (type(screen).__name__, screen.title.text(), button.text(), unreachable(button))


class Walk:
    """Collects the bottom bar of each screen visited and checks it against the first."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, dict[str, QRect]]] = []

    def visit(self, kiosk, qtbot) -> QWidget:
        screen = current(kiosk)
        qtbot.waitUntil(lambda: screen.isVisible() and screen.height() > 0, timeout=10_000)
        every_button_in_reach(screen)
        self.seen.append((type(screen).__name__, places(screen)))
        return screen

    def check(self) -> None:
        backs = {(name, p["back"].getRect()) for name, p in self.seen if "back" in p}
        assert len({r for _, r in backs}) == 1, f"Back moves between screens: {sorted(backs)}"
        # Home, Done and Finish differ in width by their words, never in where they end.
        ends = {(name, p["end"].right(), p["end"].bottom()) for name, p in self.seen}
        assert len({(r, b) for _, r, b in ends}) == 1, f"Home / Done moves: {sorted(ends)}"
        forwards = {(name, p["forward"].bottom()) for name, p in self.seen if "forward" in p}
        assert forwards, "no screen with a forward action was walked"
        end_bottom = next(iter(ends))[2]
        assert {b for _, b in forwards} == {end_bottom}, f"the way on is not in the bottom bar: {forwards}"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("orientation", SCREENS)
def test_the_bottom_bar_stands_still(make_kiosk, gateway, qtbot, orientation, language, mode):
    width, height = SCREENS[orientation]
    kiosk = make_kiosk(gateway.url, gateway.token, demo={"scan_panel": mode == "ordinary"})
    window = kiosk.window
    window.resize(width, height)
    if mode == "elder":
        senior_mode(qtbot, window)
    if language == "en":
        window.header.language_button.click()
    walk = Walk()
    billed = gateway.scenarios()["unpaid_bills"][0]["health_card_id"]
    with qtbot.waitSignal(window.identified, timeout=10_000):
        wedge_scan(qtbot, window.home, gateway.code(billed))
    wait_for_screen(kiosk, qtbot, PatientScreen)
    assert window.header.language_button.text() == ("中文" if language == "en" else "English")
    walk.visit(kiosk, qtbot)

    open_service(kiosk, qtbot, "my_card")
    wait_for_screen(kiosk, qtbot, SummaryScreen)
    walk.visit(kiosk, qtbot)
    window.services.patient_home()

    open_service(kiosk, qtbot, "registration")
    for _ in range(3):  # department, doctor, time
        wait_for_screen(kiosk, qtbot, ChoiceScreen)
        walk.visit(kiosk, qtbot)
        choose_first(kiosk, qtbot)
    wait_for_screen(kiosk, qtbot, SummaryScreen)
    walk.visit(kiosk, qtbot)
    window.services.patient_home()

    open_service(kiosk, qtbot, "payment")
    bills = wait_for_screen(kiosk, qtbot, BillsScreen)
    walk.visit(kiosk, qtbot)
    click(qtbot, bills.action)
    qtbot.waitUntil(lambda: isinstance(current(kiosk), VoucherScreen | SummaryScreen), timeout=10_000)
    if isinstance(current(kiosk), VoucherScreen):
        walk.visit(kiosk, qtbot)
        click(qtbot, current(kiosk).self_pay_button)
    wait_for_screen(kiosk, qtbot, SummaryScreen)
    walk.visit(kiosk, qtbot)
    window.services.patient_home()

    for service in ("reports", "pharmacy", "guidance", "health"):
        open_service(kiosk, qtbot, service)
        qtbot.waitUntil(lambda: isinstance(current(kiosk), ServiceScreen), timeout=10_000)
        walk.visit(kiosk, qtbot)
        window.services.patient_home()
    walk.check()
