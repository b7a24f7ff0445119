"""Lists show whole items: at 1920x1080 and 1080x1920, in both languages, no visible item is
cut by its viewport, every item is on exactly one page, and the pager shows when there is more."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QWidget

from kiosk.errors import Text
from tests.ui.test_layout import SCREENS
from ui.language import LanguageModel
from ui.paged import _height_for
from ui.screens.generic import Choice, ChoiceScreen
from ui.services.cards import ListScreen, PickManyScreen
from ui.theme import PRIMARY
from ui.theme import STYLE as THEME

LONG = Text("请到门诊二楼东侧检验科窗口取报告，凭条上有您的排队号码", "Collect it at the laboratory window, 2nd floor east")


def settle(qtbot, widget: QWidget) -> None:
    # Layouts apply on posted events: let the event loop run them (no sleeping).
    qtbot.wait(1)
    widget.layout().activate()


def check_whole(qtbot, screen) -> int:
    """Walk every page; returns the number of pages."""
    paged = screen.list
    viewport = screen.body_scroll.viewport()
    seen: list[QWidget] = []
    for page in range(len(paged.pages)):
        paged.show_page(page)
        settle(qtbot, screen)
        assert screen.body_scroll.verticalScrollBar().value() == 0
        visible = [w for w in paged.items if w.isVisible()]
        assert visible, f"page {page} is empty"
        for widget in visible:
            rect = QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())
            assert viewport.rect().contains(rect), (page, rect, viewport.rect())
            # Whole also means not squeezed: the item has the height its content needs.
            assert widget.height() >= _height_for(widget, widget.width()) - 1, (page, widget.height())
        seen.extend(visible)
    assert sorted(map(id, seen)) == sorted(map(id, paged.items))
    assert paged.bar.isVisible() == (len(paged.pages) > 1)
    return len(paged.pages)


def show(qtbot, screen, size) -> None:
    screen.setStyleSheet(THEME + screen.styleSheet())
    qtbot.addWidget(screen)
    screen.resize(*size)
    screen.show()
    qtbot.waitExposed(screen)
    settle(qtbot, screen)


def choices(n: int) -> list[Choice]:
    return [Choice(Text(f"科室 {i}", f"Department {i}"), i, detail=Text("今日有号", "Open today")) for i in range(n)]


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("orientation", SCREENS)
def test_a_long_choice_list_is_paged_to_whole_buttons(qtbot, orientation, language):
    model = LanguageModel()
    model.set(language)
    screen = ChoiceScreen(Text("请选择科室", "Choose a department"), choices(30), model, steps=[LONG, LONG])
    show(qtbot, screen, SCREENS[orientation])
    assert check_whole(qtbot, screen) > 1
    # The pager says where the patient is, in words.
    screen.list.show_page(0)
    assert ("1/" in screen.list.position.text()) or ("Page 1 of" in screen.list.position.text())
    assert not screen.list.previous.isEnabled() and screen.list.next.isEnabled()


@pytest.mark.parametrize("orientation", SCREENS)
def test_a_short_list_has_no_pager(qtbot, orientation):
    screen = ChoiceScreen(Text("请选择", "Choose"), choices(3), LanguageModel())
    show(qtbot, screen, SCREENS[orientation])
    assert check_whole(qtbot, screen) == 1
    assert not screen.list.bar.isVisible()


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("orientation", SCREENS)
def test_cards_of_different_heights_are_paged_whole(qtbot, orientation, language):
    model = LanguageModel()
    screen = ListScreen(Text("取药查询", "Medicine pickup"), model, lead=LONG)
    for i in range(14):
        card = screen.card("ready" if i % 3 == 0 else "")
        card.add(Text(f"处方 {i}", f"Prescription {i}"), "cardTitle")
        for _ in range(i % 4):
            card.add(LONG)
    show(qtbot, screen, SCREENS[orientation])
    model.set(language)  # measured again in the new language
    settle(qtbot, screen)
    assert check_whole(qtbot, screen) > 1


@pytest.mark.parametrize("orientation", SCREENS)
def test_symptoms_are_paged_and_ticks_survive_a_page_turn(qtbot, orientation):
    screen = PickManyScreen(
        Text("请选择症状", "Choose symptoms"), choices(40), Text("下一步", "Next"), LanguageModel(), lead=LONG
    )
    show(qtbot, screen, SCREENS[orientation])
    assert not screen.next.isEnabled()
    assert check_whole(qtbot, screen) > 1
    screen.list.show_page(0)
    screen.buttons[0].click()
    screen.list.show_page(1)
    assert screen.next.isEnabled() and screen.values() == [0]


def test_a_resize_keeps_the_first_item_in_view(qtbot):
    screen = ChoiceScreen(Text("请选择", "Choose"), choices(30), LanguageModel())
    show(qtbot, screen, SCREENS["landscape"])
    screen.list.show_page(2)
    first = screen.list.pages[2][0]
    screen.resize(*SCREENS["portrait"])
    settle(qtbot, screen)
    assert first.isVisible()
    check_whole(qtbot, screen)


def test_next_looks_disabled_until_a_symptom_is_ticked(qtbot):
    """An id selector outranks :disabled in a style sheet: the greyed look is checked on pixels."""
    screen = PickManyScreen(Text("请选择症状", "Choose symptoms"), choices(4), Text("下一步", "Next"), LanguageModel())
    show(qtbot, screen, SCREENS["landscape"])

    def background() -> str:
        image = screen.next.grab().toImage()
        return image.pixelColor(12, image.height() // 2).name().upper()

    assert not screen.next.isEnabled()
    assert background() == "#ECEFED"
    screen.buttons[1].click()
    assert screen.next.isEnabled()
    assert background() == PRIMARY.upper()


def test_a_caption_too_long_for_two_columns_gets_one(qtbot):
    model = LanguageModel()
    long = Choice(Text("一侧肢体无力或口角歪斜", "Weakness of one side of the body or a drooping face"), 0)
    screen = PickManyScreen(Text("症状", "Symptoms"), [long, *choices(3)], Text("下一步", "Next"), model)
    show(qtbot, screen, SCREENS["portrait"])
    assert screen.list.columns() == 2  # the Chinese captions fit two to a row
    model.set("en")
    settle(qtbot, screen)
    assert screen.list.columns() == 1
    button = screen.buttons[0]
    assert button.width() >= button.sizeHint().width()  # not clipped
    check_whole(qtbot, screen)


@pytest.mark.parametrize("orientation", SCREENS)
def test_a_short_service_menu_is_tall_tiles(qtbot, orientation):
    screen = ChoiceScreen(Text("健康服务", "Health services"), choices(3), LanguageModel(), columns=1, tiles=True)
    show(qtbot, screen, SCREENS[orientation])
    assert all(b.height() >= 150 for b in screen.buttons)
    assert check_whole(qtbot, screen) == 1
