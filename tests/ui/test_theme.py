"""Every text colour of the patient screens is at least 7:1 against what it stands on, in
both modes, and elder-care mode's sizes keep their floors. Computed from the theme itself:
the contrast table, and every ``color:`` any stylesheet of the kiosk writes."""

from __future__ import annotations

import re

import pytest

from ui import theme, widgets
from ui.maintenance import view as maintenance_view
from ui.services import cards, payment_screens, report_view

SHEETS = {
    "ordinary": theme.style(False),
    "elder": theme.style(True),
    "cards": cards.STYLE,
    "bills": payment_screens._STYLE,
    "report": report_view.STYLE,
}


def luminance(colour: str) -> float:
    value = colour.lstrip("#")
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize(("where", "ink", "ground"), theme.TEXT_ON, ids=[t[0] for t in theme.TEXT_ON])
def test_every_text_colour_is_seven_to_one_on_its_background(where, ink, ground):
    assert contrast(ink, ground) >= 7.0, f"{where}: {ink} on {ground} is {contrast(ink, ground):.2f}:1"


def named(colour: str) -> str:
    return {"white": theme.WHITE}.get(colour.lower(), colour.upper())


@pytest.mark.parametrize("sheet", sorted(SHEETS))
def test_no_stylesheet_writes_a_text_colour_the_table_does_not_check(sheet):
    inks = {named(ink) for _, ink, _ in theme.TEXT_ON}
    used = {named(c) for c in re.findall(r"(?<![-\w])color:\s*(#[0-9A-Fa-f]{6}|white)", SHEETS[sheet])}
    assert used, "the sheet names colours"
    assert used <= inks, f"{sheet}: text colours not in theme.TEXT_ON: {sorted(used - inks)}"


def test_rich_text_colours_are_in_the_table_too():
    inks = {named(ink) for _, ink, _ in theme.TEXT_ON}
    assert {theme.MUTED, theme.PRIMARY} <= inks  # the step indicator's two colours
    assert {named(c) for c in maintenance_view._COLOURS.values()} <= inks
    assert "#5f6b66" not in widgets.StepIndicator._refresh.__code__.co_consts


def sizes(sheet: str, selector: str, prop: str) -> list[int]:
    found = []
    for rule in re.finditer(r"([^{}]+)\{([^}]*)\}", sheet):
        selectors = [s.strip() for s in rule.group(1).split(",")]
        if selector in selectors:
            found += [int(v) for v in re.findall(rf"(?<![-\w]){prop}:\s*(\d+)px", rule.group(2))]
    return found


def test_elder_mode_text_is_never_under_36_px_and_targets_never_under_112():
    elder = theme.style(True)
    # The demo panel is the presenter's, not the patient's: it keeps its small size.
    patient_rules = re.sub(r"[^{}]*demo[^{}]*\{[^}]*\}", "", elder, flags=re.IGNORECASE)
    font_sizes = [int(v) for v in re.findall(r"font-size:\s*(\d+)px", patient_rules)]
    assert len(font_sizes) > 20 and min(font_sizes) >= 36
    # A button's whole height is its content's min-height, 8 px padding and a 2 px border
    # each side (the chrome's: 2 px padding): the layout tests measure the real widgets.
    for selector in ("QPushButton", "QPushButton#service", "QPushButton#key", "QPushButton#nextAction",
                     "QPushButton#senior"):
        heights = sizes(elder, selector, "min-height")
        assert heights and min(heights) + 2 * (8 + 2) >= 112, selector
    assert sizes(elder, "QPushButton#lang", "min-height") == [112 - 2 * (2 + 2)]


def test_the_ordinary_mode_keeps_its_sizes():
    ordinary = theme.style(False)
    assert sizes(ordinary, "QWidget", "font-size") == [theme.BODY_PX]
    assert sizes(ordinary, "QPushButton", "min-height") == [theme.BUTTON_MIN_PX]
    assert theme.STYLE == ordinary and theme.ELDER_STYLE == theme.style(True)
