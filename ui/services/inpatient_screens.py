"""The inpatient screens: the stay's summary card, the top-up amounts, the amount keypad and
the daily cost list. Each asks one thing: what to do for the stay, how much to pay in, which
day to read.

Signals: ``StayScreen.top_up`` / ``daily_list`` / ``discharge``; ``AmountScreen.amount(int)``
and ``other``; ``AmountKeypadScreen.amount(int)``; ``DailyListScreen.day_chosen(object)`` and
``print_day`` / ``print_stay``; and ``back`` / ``home`` from the nav bar.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton

from kiosk.errors import Text
from kiosk.money import yuan
from kiosk.usecases.inpatient import (
    MAX_YUAN,
    PRESETS_YUAN,
    Admission,
    DailyList,
    custom_amount_error,
)
from ui.language import LanguageModel, TButton, TLabel
from ui.screens.generic import ServiceScreen, SummaryScreen
from ui.services import inpatient_text as T
from ui.services.after_payment import money
from ui.services.cards import STYLE as CARD_STYLE
from ui.services.cards import Card
from ui.theme import WARNING


def stay_rows(stay: Admission) -> list[tuple[Text, Text]]:
    """Four rows, the balance last and largest: the card fits a landscape panel in elder mode."""
    ward = stay.ward_words
    return [
        (T.LBL_WARD, Text(f"{ward.zh} {stay.bed} 床 · 第 {stay.days} 天",
                          f"{ward.en}, bed {stay.bed} · day {stay.days}")),
        (T.LBL_DEPOSIT, money(stay.deposit_fen)),
        (T.LBL_CHARGES, money(stay.charges_fen)),
        (T.LBL_BALANCE, money(stay.balance_fen)),
    ]


class StayScreen(SummaryScreen):
    """The stay at a glance, the balance set largest (red when low), and what can be done."""

    top_up = Signal()
    daily_list = Signal()
    discharge = Signal()

    def __init__(self, stay: Admission, language: LanguageModel, **kwargs: Any) -> None:
        rows = stay_rows(stay)
        super().__init__(T.TITLE, rows, None, language, emphasis=len(rows) - 1,
                         note=T.LOW_BALANCE if stay.low_balance else None, **kwargs)
        self.stay = stay
        self.balance = self.card.findChildren(QLabel, "amountDue")[0]
        if stay.low_balance:
            self.balance.setStyleSheet(f"color: {WARNING};")  # what needs doing, in red
            self.note = self.body.itemAt(1).widget()
            self.note.setStyleSheet(f"color: {WARNING}; font-weight: bold;")
        self.top_up_button = self.daily_list_button = self.discharge_button = None
        self.reasons: list[TLabel] = []
        # Why a step is not offered, under the card (above the stretch), where it is read.
        if not stay.top_up_allowed and stay.top_up_refusal and stay.status != "discharge_ordered":
            self._reason(T.CANNOT_TOP_UP.format(reason=stay.top_up_refusal_words))
        if not stay.discharge_allowed and stay.discharge_refusal and stay.status != "admitted":
            self._reason(T.CANNOT_DISCHARGE.format(reason=stay.discharge_refusal_words))
        # The first thing to do is the primary one: settle when discharge is ready, else top up.
        if stay.discharge_allowed:
            self.discharge_button = self.add_choice(T.DISCHARGE, "primary")
            self.discharge_button.clicked.connect(self.discharge)
        if stay.top_up_allowed:
            self.top_up_button = self.add_choice(T.TOP_UP, "primary" if stay.low_balance else "")
            self.top_up_button.clicked.connect(self.top_up)
        self.daily_list_button = self.add_choice(T.DAILY_LIST)
        self.daily_list_button.clicked.connect(self.daily_list)

    def _reason(self, text: Text) -> None:
        label = TLabel(text, self.language, "nextStep")
        self.body.insertWidget(self.body.count() - 1, label)
        self.reasons.append(label)


class AmountScreen(ServiceScreen):
    """Four large preset amounts and "another amount"."""

    amount = Signal(int)
    other = Signal()

    def __init__(self, language: LanguageModel, **kwargs: Any) -> None:
        super().__init__(T.CHOOSE_AMOUNT, language, **kwargs)
        # Three across, two down, "another amount" in the last cell: all in sight at once on a
        # landscape panel in elder mode's sizes.
        grid = QGridLayout()
        grid.setSpacing(24)
        self.presets: dict[int, TButton] = {}
        for i, amount in enumerate(PRESETS_YUAN):
            button = TButton(T.PRESET.format(yuan=f"{amount:,}"), language, "tile")
            button.clicked.connect(lambda _=False, a=amount: self.amount.emit(a * 100))
            button.setMinimumWidth(0)
            self.presets[amount] = button
            grid.addWidget(button, i // 3, i % 3)
        self.other_button = TButton(T.OTHER_AMOUNT, language, "tile")
        self.other_button.setMinimumWidth(0)
        self.other_button.clicked.connect(self.other)
        grid.addWidget(self.other_button, len(PRESETS_YUAN) // 3, len(PRESETS_YUAN) % 3, 1, 3 - len(PRESETS_YUAN) % 3)
        self.body.addLayout(grid)
        self.body.addStretch(1)


class AmountKeypadScreen(ServiceScreen):
    """Whole yuan on a ten-key pad; OK only for an amount the kiosk can take."""

    amount = Signal(int)
    KEYS = "1234567890"

    def __init__(self, language: LanguageModel, **kwargs: Any) -> None:
        super().__init__(T.KEYPAD_TITLE, language, **kwargs)
        self._digits = ""
        self.echo = QLabel("")
        self.echo.setObjectName("idEcho")
        self.echo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.echo)
        self.hint = self.add_text(Text("", ""), "nextStep")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid = QGridLayout()
        grid.setSpacing(14)
        self.keys: dict[str, QPushButton] = {}
        for i, key in enumerate(self.KEYS):
            button = QPushButton(key)
            button.setObjectName("key")
            button.setAccessibleName(key)
            button.clicked.connect(lambda _=False, k=key: self.press(k))
            self.keys[key] = button
            grid.addWidget(button, i // 6, i % 6)  # two rows: they fit a landscape panel in elder sizes
        self.delete = TButton(T.KEYPAD_DELETE, language, "key")
        self.delete.clicked.connect(self._on_delete_clicked)
        grid.addWidget(self.delete, 1, 4, 1, 2)
        self.body.addLayout(grid, 1)
        self.ok = self.set_action(T.KEYPAD_OK)
        self.ok.clicked.connect(self._on_ok_clicked)
        self._show()

    def press(self, key: str) -> None:
        if len(self._digits) < len(str(MAX_YUAN)) and (self._digits or key != "0"):
            self._digits += key
        self._show()

    def _on_delete_clicked(self) -> None:
        self._digits = self._digits[:-1]
        self._show()

    def _on_ok_clicked(self) -> None:
        if custom_amount_error(self._digits) is None:
            self.amount.emit(int(self._digits) * 100)

    def _show(self) -> None:
        self.echo.setText(f"¥ {int(self._digits):,}" if self._digits else "¥ —")
        problem = custom_amount_error(self._digits)
        self.hint.set_text(problem if problem is not None and self._digits else Text("", ""))
        self.ok.setEnabled(problem is None)
        self.delete.setEnabled(bool(self._digits))


class DailyListScreen(ServiceScreen):
    """One day's charges by category, the day's total on top; other days and printing below."""

    day_chosen = Signal(object)
    print_day = Signal()
    print_stay = Signal()

    def __init__(self, daily: DailyList, language: LanguageModel, **kwargs: Any) -> None:
        super().__init__(T.LIST_TITLE.format(date=daily.date), language, **kwargs)
        self.setStyleSheet(CARD_STYLE)
        self.daily = daily
        self.total = self.add_text(T.LIST_TOTAL.format(amount=yuan(daily.total_fen)), "amountDue")
        self.cards: list[Card] = []
        if not daily.categories:
            self.add_text(T.LIST_EMPTY, "nextStep")
        for group in daily.categories:
            card = Card(language)
            card.add(T.GROUP_TOTAL.format(name=group.words, amount=yuan(group.total_fen)), "cardTitle")
            for item in group.items:
                card.add(T.ITEM.format(name=item.words, spec=item.spec, qty=item.qty, unit=item.unit_words,
                                       price=yuan(item.price_fen), amount=yuan(item.amount_fen)))
            self.body.addWidget(card)
            self.cards.append(card)
        self.body.addStretch(1)
        day = daily.day
        first, last = dt.date.fromisoformat(daily.first_date), dt.date.fromisoformat(daily.last_date)
        self.previous = self.add_choice(T.PREVIOUS_DAY)
        self.previous.setEnabled(day > first)
        self.previous.clicked.connect(lambda: self.day_chosen.emit(day - dt.timedelta(days=1)))
        self.next = self.add_choice(T.NEXT_DAY)
        self.next.setEnabled(day < last)
        self.next.clicked.connect(lambda: self.day_chosen.emit(day + dt.timedelta(days=1)))
        self.print_stay_button = self.add_choice(T.PRINT_STAY)
        self.print_stay_button.clicked.connect(self.print_stay)
        self.print_day_button = self.set_action(T.PRINT_DAY)
        self.print_day_button.clicked.connect(self.print_day)
