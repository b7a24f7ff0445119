"""Screens for reading rather than choosing: lists of cards, and picking several answers.

The report, guidance, pharmacy and health flows show the patient things to read (a report's
results, today's route through the hospital, which window has their medicine). A card per
thing, in one column paged to whole cards, reads the same at 1920x1080 and 1080x1920; the tone of a card
(ready, urgent, done) is carried by its words first and its border second, so nobody has to
tell green from red to understand it.

Signals: ``PickManyScreen.picked(list)``, and ``back`` / ``home`` from the nav bar.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.errors import Text
from ui.language import LanguageModel, TButton, TLabel
from ui.paged import PagedList
from ui.rows import add_row
from ui.screens.generic import Choice, ServiceScreen
from ui.theme import CARD_DONE, INK_SOFT, MUTED, PRIMARY, PRIMARY_DARK, URGENT_BG, WARNING, WHITE

STYLE = f"""
QFrame#card {{ background: white; border: 2px solid #C9D6D0; border-radius: 16px; }}
QFrame#card[tone="ready"] {{ border: 4px solid {PRIMARY}; }}
QFrame#card[tone="urgent"] {{ border: 4px solid {WARNING}; background: {URGENT_BG}; }}
QFrame#card[tone="done"] {{ background: {CARD_DONE}; }}
#cardTitle {{ color: {PRIMARY_DARK}; }}
#cardStatus {{ color: {PRIMARY_DARK}; }}
QFrame#card[tone="urgent"] #cardStatus, QFrame#card[tone="urgent"] #cardTitle {{ color: {WARNING}; }}
QFrame#card[tone="done"] #cardStatus {{ color: {MUTED}; }}
#cardLine {{ color: {INK_SOFT}; }}
#urgent {{ color: {WARNING}; }}
QPushButton:checked {{ background: {PRIMARY}; color: {WHITE}; }}
"""


class Card(QFrame):
    """One thing to read: a title, a status line and detail lines, optionally a button."""

    def __init__(self, language: LanguageModel, tone: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setProperty("tone", tone)
        self.language = language
        self.lines = QVBoxLayout(self)
        self.lines.setContentsMargins(28, 20, 28, 20)
        self.lines.setSpacing(8)

    def add(self, text: Text, name: str = "cardLine", **fmt: Any) -> TLabel:
        label = TLabel(text, self.language, name, **fmt)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.lines.addWidget(label)
        return label

    def add_rows(self, rows: Sequence[tuple[Text, Text]]) -> None:
        grid = QGridLayout()
        grid.setHorizontalSpacing(28)
        grid.setVerticalSpacing(6)
        for i, (label, value) in enumerate(rows):
            add_row(grid, i, label, TLabel(value, self.language, "cardLine"), self.language)
        grid.setColumnStretch(1, 1)
        self.lines.addLayout(grid)

    def add_button(self, text: Text, name: str = "primary") -> TButton:
        button = TButton(text, self.language, name)
        self.lines.addWidget(button)
        return button


class ListScreen(ServiceScreen):
    """Cards in one column, an optional lead text above, actions below.

    A list of things (reports, today's route, prescriptions) is paged to whole cards. One
    document to read (a report's results) is ``paged=False``: it scrolls, because its one
    card may be taller than any page and must not be split.
    """

    def __init__(
        self,
        title: Text,
        language: LanguageModel,
        *,
        lead: Text | None = None,
        lead_name: str = "subtitle",
        paged: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(title, language, **kwargs)
        self.setStyleSheet(STYLE)
        self.lead = self.add_text(lead, lead_name) if lead is not None else None
        self.cards: list[Card] = []
        self.list: PagedList | None = None
        self._column: QVBoxLayout | None = None
        if paged:
            # Two columns of cards on a landscape panel (more on a page, less empty space),
            # one on a portrait one; reading order stays left to right, top to bottom.
            self.list = PagedList(language, columns=2, min_column_width=800)
            self.add_list(self.list)
        else:
            self._column = self.body
            self.body.addStretch(1)
        self.actions: list[TButton] = []

    def _append(self, widget: QWidget) -> None:
        if self.list is not None:
            self.list.add(widget)
        else:
            self._column.insertWidget(self._column.count() - 1, widget)

    def card(self, tone: str = "") -> Card:
        card = Card(self.language, tone)
        self._append(card)
        self.cards.append(card)
        return card

    def add_widget(self, widget: QWidget) -> None:
        self._append(widget)

    def show_empty(self, text: Text) -> TLabel:
        label = TLabel(text, self.language, "nextStep")
        if self.list is not None:
            self.list.insert(0, label)
        else:
            self._column.insertWidget(0, label)
        return label

    def add_action(self, text: Text, name: str = "primary", *, in_nav: bool = False) -> TButton:
        """Another way on under the list, or the forward action between Back and Home."""
        button = self.set_action(text, name) if in_nav else self.add_choice(text, name)
        self.actions.append(button)
        return button


class ToggleButton(QPushButton):
    """A checkable answer whose caption follows the language and shows a tick when chosen."""

    def __init__(self, text: Text, language: LanguageModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = text
        self._language = language
        self.setCheckable(True)
        self.setObjectName("choice")
        language.changed.connect(self._refresh)
        self.toggled.connect(self._refresh)
        self._refresh()

    def _refresh(self, *_: object) -> None:
        # The tick says "chosen" to someone who cannot tell the colours apart.
        caption = self._language.tr(self._text)
        self.setText(f"✓ {caption}" if self.isChecked() else caption)
        self.setAccessibleName(self.text())


class PickManyScreen(ServiceScreen):
    """Tick one or more answers, then Next (enabled once something is ticked)."""

    picked = Signal(list)

    def __init__(
        self,
        title: Text,
        choices: Sequence[Choice],
        next_text: Text,
        language: LanguageModel,
        *,
        lead: Text | None = None,
        columns: int = 2,
        **kwargs: Any,
    ) -> None:
        super().__init__(title, language, **kwargs)
        self.setStyleSheet(STYLE)
        if lead is not None:
            self.add_text(lead, "subtitle")
        self.buttons: list[ToggleButton] = []
        self._values: dict[ToggleButton, Any] = {}
        self.list = PagedList(language, columns=columns)
        for choice in choices:
            button = ToggleButton(choice.title, language)
            button.toggled.connect(self._update)
            self.buttons.append(button)
            self._values[button] = choice.value
            self.list.add(button)
        self.add_list(self.list)
        self.next = self.set_action(next_text)
        self.next.clicked.connect(lambda: self.picked.emit(self.values()))
        self._update()

    def values(self) -> list[Any]:
        return [self._values[b] for b in self.buttons if b.isChecked()]

    def _update(self, *_: object) -> None:
        self.next.setEnabled(bool(self.values()))
