"""Generic service screens: pick one of a list, confirm a summary, read a result or notice.

Each has a title, an optional step indicator, its content, and the Back / Home bar, so every
service looks and behaves the same for a patient who has learnt one of them.

Signals: ``chosen(object)`` (ChoiceScreen), ``confirmed`` (SummaryScreen), and from the nav
bar ``back`` / ``home``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from kiosk.errors import Text
from ui.language import LanguageModel, TButton, TLabel
from ui.paged import PagedList
from ui.rows import add_row
from ui.theme import PAGE_MARGIN
from ui.widgets import NavBar, StepIndicator


@dataclass(frozen=True)
class Choice:
    title: Text
    value: Any
    detail: Text | None = None
    enabled: bool = True


class ServiceScreen(QWidget):
    back = Signal()
    home = Signal()

    def __init__(
        self,
        title: Text,
        language: LanguageModel,
        *,
        steps: list[Text] | None = None,
        step: int = 0,
        show_back: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self.language = language
        # What the voice says when this screen appears: its title, a fixed text. Screens
        # whose title comes from patient data set it to None.
        self.prompt: Text | None = title
        outer = QVBoxLayout(self)
        outer.setContentsMargins(PAGE_MARGIN, 20, PAGE_MARGIN, 20)
        outer.setSpacing(20)
        if steps:
            outer.addWidget(StepIndicator(steps, step, language))
        self.title = TLabel(title, language, "title")
        outer.addWidget(self.title)
        # The body scrolls rather than grow the window: a screen with more to say than the
        # display holds must never push the window past the screen (the footer with the
        # help line would be cut off for every patient after).
        body = QWidget()
        body.setObjectName("screenBody")
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(18)
        self.body_scroll = QScrollArea()
        self.body_scroll.setWidgetResizable(True)
        self.body_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.body_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body_scroll.setWidget(body)
        # See-through in code, not by a style sheet rule: a rule styling both the scroll area
        # and its content (`QScrollArea, QScrollArea > QWidget > QWidget`) left Qt's style
        # sheet style holding 60-230 bytes for every screen ever shown
        # (docs/benchmarks.md, "What each patient left behind"; tests/ui/test_screen_memory.py).
        self.body_scroll.viewport().setAutoFillBackground(False)
        body.setAutoFillBackground(False)  # setWidget turned it on
        outer.addWidget(self.body_scroll, 1)
        # A list's pager and the step's other choices ("pay it all myself", "suggest a
        # department") stand under the body but outside its scrolling, so a long body never
        # pushes them out of reach.
        self.pager = QVBoxLayout()
        self.pager.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self.pager)
        self.choices = QHBoxLayout()
        self.choices.setSpacing(18)
        outer.addLayout(self.choices)
        self.nav = NavBar(language, show_back=show_back)
        self.nav.back.connect(self.back)
        self.nav.home.connect(self.home)
        outer.addWidget(self.nav)

    def add_list(self, items: PagedList) -> PagedList:
        """The screen's list of choices or cards: in the body, its pager below the body."""
        self.body.addWidget(items, 1)
        self.pager.addWidget(items.take_bar())
        return items

    def set_action(self, text: Text, name: str = "primary") -> TButton:
        """The step's forward action, in the bottom bar just left of Home: on every screen
        the finger finds Back, the way on and Home in the same places, and never has to
        scroll to reach them."""
        button = TButton(text, self.language, name)
        self.nav.extra.addWidget(button)
        self.nav.extra.addSpacing(40)  # not to be pressed for Home by mistake
        return button

    def add_choice(self, text: Text, name: str = "") -> TButton:
        """Another way on from this step, always in sight above the bottom bar."""
        button = TButton(text, self.language, name)
        self.choices.addWidget(button)
        return button

    def add_text(self, text: Text, name: str = "subtitle", **fmt: Any) -> TLabel:
        label = TLabel(text, self.language, name, **fmt)
        self.body.addWidget(label)
        return label


class ChoiceScreen(ServiceScreen):
    chosen = Signal(object)

    def __init__(
        self,
        title: Text,
        choices: Sequence[Choice],
        language: LanguageModel,
        *,
        empty: Text | None = None,
        columns: int = 2,
        tiles: bool = False,
        **kwargs: Any,
    ) -> None:
        """``tiles``: a short menu of services, shown as tall tiles like the patient's home
        rather than a few thin buttons at the top of an empty screen."""
        super().__init__(title, language, **kwargs)
        self.buttons: list[TButton] = []
        self.list: PagedList | None = None
        if not choices and empty is not None:
            self.add_text(empty, "nextStep")
            self.body.addStretch(1)
            return
        # Whole choices, a page at a time: a half-cut department is never shown.
        self.list = PagedList(language, columns=columns)
        for choice in choices:
            caption = choice.title
            if choice.detail is not None:
                caption = Text(f"{choice.title.zh}\n{choice.detail.zh}", f"{choice.title.en}\n{choice.detail.en}")
            button = TButton(caption, language, "tile" if tiles else "choice")
            button.setEnabled(choice.enabled)
            button.clicked.connect(lambda _=False, v=choice.value: self.chosen.emit(v))
            # Long captions wrap instead of forcing the screen wider than a portrait panel.
            button.setMinimumWidth(0)
            self.buttons.append(button)
            self.list.add(button)
        self.add_list(self.list)


class SummaryScreen(ServiceScreen):
    """Label/value rows and one primary action."""

    confirmed = Signal()

    def __init__(
        self,
        title: Text,
        rows: Sequence[tuple[Text, Text]],
        action: Text | None,
        language: LanguageModel,
        *,
        note: Text | None = None,
        emphasis: int | None = None,
        **kwargs: Any,
    ) -> None:
        """``emphasis``: the row that matters most (what the patient pays), set larger."""
        super().__init__(title, language, **kwargs)
        # The facts to check stand on a card in larger type: read at arm's length by someone
        # about to pay, not a few small lines at the top of an empty screen.
        self.card = QFrame()
        self.card.setObjectName("summaryCard")
        self.card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        grid = QGridLayout(self.card)
        grid.setContentsMargins(36, 28, 36, 28)
        grid.setHorizontalSpacing(48)
        grid.setVerticalSpacing(16)
        for i, (label, value) in enumerate(rows):
            add_row(grid, i, label, TLabel(value, language, "amountDue" if i == emphasis else "subtitle"), language)
        grid.setColumnStretch(1, 1)
        if rows:
            self.body.addWidget(self.card)
        if note is not None:
            self.add_text(note, "nextStep")
        self.body.addStretch(1)
        self.action: TButton | None = None
        if action is not None:
            self.action = self.set_action(action)
            self.action.clicked.connect(self.confirmed)


class NoticeScreen(ServiceScreen):
    """Something went wrong inside a service: what happened, what to do, Back / Home."""

    def __init__(
        self, message: Text, next_step: Text, language: LanguageModel, *, error: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(message, language, **kwargs)
        # Red is for what went wrong; what the patient chose (cancelling a payment) is not.
        if error:
            self.title.setObjectName("error")
        self.add_text(next_step, "nextStep")
        self.body.addStretch(1)
