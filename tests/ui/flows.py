"""Driving service flows through the real widgets, as a patient's finger would."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QScrollArea, QWidget

from tests.ui.helpers import wedge_scan
from ui.paged import PagedList
from ui.screens.generic import ChoiceScreen
from ui.screens.pay import PayScreen
from ui.services.payment_screens import VoucherScreen


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
    chain, parent = [widget], widget.parentWidget()
    while parent is not None:
        if isinstance(parent, PagedList):
            item = next((w for w in chain if w in parent.items), None)
            if item is not None and not item.isVisible():
                return parent
        chain.append(parent)
        parent = parent.parentWidget()
    return None


def reveal(qtbot, widget: QWidget) -> None:
    """Turn the pages as a patient would (上一页 / 下一页) until ``widget`` is on screen."""
    paged = paged_away(widget)
    if paged is None:
        return
    item = widget
    while item not in paged.items:  # a button inside a card: the card is on the page
        item = item.parentWidget()
    target = paged.page_of(item)
    while paged.page != target:
        pager = paged.next if paged.page < target else paged.previous
        qtbot.mouseClick(pager, Qt.MouseButton.LeftButton)
    assert item.isVisible()


def _scroll_area(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def unreachable(widget: QWidget) -> str | None:
    """Why a finger could not press ``widget`` as the screen stands, or None if it can.

    ``mouseClick`` delivers to a widget wherever it is, even scrolled below the bottom of
    its screen; a patient cannot. So a test presses only what is wholly on the screen: not
    hidden, inside the window, and not cut off by a scrolling area it sits in.
    """
    if not widget.isVisible():
        return "hidden"
    window = widget.window()
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    if not window.rect().contains(rect):
        return f"outside the window: {rect} not in {window.rect()}"
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            viewport = parent.viewport()
            shown = QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())
            if not viewport.rect().contains(shown):
                return f"scrolled out of sight in {type(parent).__name__}: {shown} not in {viewport.rect()}"
        parent = parent.parentWidget()
    return None


def settle() -> None:
    """Let a screen just pushed finish laying itself out (posted layout requests and the
    resizes they cause), as it has by the time a patient looks at it."""
    for _ in range(3):
        QCoreApplication.sendPostedEvents()
        QCoreApplication.processEvents()


def click(qtbot, button) -> None:
    settle()
    reveal(qtbot, button)
    area = _scroll_area(button)
    if area is not None and unreachable(button) is not None and button.isVisible():
        # Only a body taller than the window scrolls (a card on a small test window); the
        # patient drags its bar. At the kiosk's panel sizes nothing needs it:
        # tests/ui/test_screen_chrome.py asserts every button is in reach without.
        area.ensureWidgetVisible(button, 0, 0)
        settle()
    why = unreachable(button)
    assert why is None, f"{type(button).__name__} {getattr(button, 'text', lambda: '')()!r}: {why}"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose_first(kiosk, qtbot) -> None:
    screen = wait_for_screen(kiosk, qtbot, ChoiceScreen)
    button = next(b for b in screen.buttons if b.isEnabled())
    click(qtbot, button)
    qtbot.waitUntil(lambda: current(kiosk) is not screen, timeout=10_000)


def open_service(kiosk, qtbot, key: str) -> None:
    """From the patient's home, the menu's tile for ``key`` (through 其他业务 when the home
    shows the patient's next steps first)."""
    patient_screen = current(kiosk)
    qtbot.waitUntil(lambda: key in patient_screen.service_keys(), timeout=10_000)
    if not patient_screen.menu_shown:
        click(qtbot, patient_screen.other_services)
    click(qtbot, patient_screen.button_for(key))


def touches(qtbot, counter: list[int]):
    """``click`` that counts: every press a patient makes in a journey."""

    def press(button) -> None:
        counter.append(1)
        click(qtbot, button)

    return press


def self_pay_if_asked(kiosk, qtbot) -> None:
    """Past the insurance e-voucher step (an insured patient's) by 自费: the whole amount is
    then paid by scan, as a patient without insurance pays it."""
    qtbot.waitUntil(lambda: isinstance(current(kiosk), PayScreen | VoucherScreen), timeout=10_000)
    if isinstance(current(kiosk), VoucherScreen):
        click(qtbot, current(kiosk).self_pay_button)
