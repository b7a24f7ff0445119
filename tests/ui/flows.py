"""Driving service flows through the real widgets, as a patient's finger would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from tests.ui.helpers import wedge_scan
from ui.paged import PagedList
from ui.screens.generic import ChoiceScreen


def identify(kiosk, qtbot, gateway_server, index: int = 0) -> dict:
    cards = [p for p in gateway_server.demo_patients(10) if p["status"] == "active"]
    card = cards[index]
    with qtbot.waitSignal(kiosk.window.identified, timeout=10_000):
        wedge_scan(qtbot, kiosk.window.home, gateway_server.code(card["health_card_id"]))
    return card


def current(kiosk) -> QWidget:
    return kiosk.window.stack.currentWidget()


def wait_for_screen(kiosk, qtbot, kind: type, timeout: int = 10_000) -> QWidget:
    qtbot.waitUntil(lambda: isinstance(current(kiosk), kind), timeout=timeout)
    return current(kiosk)


def paged_away(widget: QWidget) -> PagedList | None:
    """The paged list holding ``widget`` on a page not shown now, if any."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, PagedList) and widget in parent.items and not widget.isVisible():
            return parent
        parent = parent.parentWidget()
    return None


def reveal(qtbot, widget: QWidget) -> None:
    """Turn the pages as a patient would (上一页 / 下一页) until ``widget`` is on screen."""
    paged = paged_away(widget)
    if paged is None:
        return
    target = paged.page_of(widget)
    while paged.page != target:
        pager = paged.next if paged.page < target else paged.previous
        qtbot.mouseClick(pager, Qt.MouseButton.LeftButton)
    assert widget.isVisible()


def click(qtbot, button) -> None:
    reveal(qtbot, button)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose_first(kiosk, qtbot) -> None:
    screen = wait_for_screen(kiosk, qtbot, ChoiceScreen)
    button = next(b for b in screen.buttons if b.isEnabled())
    click(qtbot, button)
    qtbot.waitUntil(lambda: current(kiosk) is not screen, timeout=10_000)


def open_service(kiosk, qtbot, key: str) -> None:
    patient_screen = current(kiosk)
    qtbot.waitUntil(lambda: key in patient_screen.service_keys(), timeout=10_000)
    click(qtbot, patient_screen.button_for(key))
