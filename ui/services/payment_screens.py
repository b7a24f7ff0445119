"""The two payment screens the generic ones do not cover: choosing several bills at once,
and waiting for the insurance e-voucher to be scanned.

Signals: ``BillsScreen.confirmed(list)`` (the chosen bills), ``VoucherScreen.self_pay``;
both have the nav bar's ``back`` / ``home``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout

from kiosk.errors import Text
from kiosk.money import yuan
from kiosk.usecases.answers import counted
from kiosk.usecases.payment import Bill
from ui.language import LanguageModel, TButton, TLabel
from ui.paged import PagedList
from ui.screens.generic import ServiceScreen
from ui.screens.home import ScanHint
from ui.services import payment_text as T
from ui.theme import CHOSEN_BG, PRIMARY, WHITE

ITEMS_SHOWN = 4

# Only these screens' own widgets: a chosen bill is framed in the primary colour.
_STYLE = f"""
#billCard {{ background: white; border: 2px solid #B7C7C0; border-radius: 14px; }}
#billCard[chosen="true"] {{ background: {CHOSEN_BG}; border: 4px solid {PRIMARY}; }}
QPushButton#billToggle {{ min-width: 150px; }}
QPushButton#billToggle:checked {{ background: {PRIMARY}; color: {WHITE}; }}
"""


def bill_title(bill: Bill) -> Text:
    amount = yuan(bill.total_fen)
    return Text(
        f"{bill.date}  {bill.department}  {bill.doctor}    ¥{amount}",
        f"{bill.date}  {bill.department_en or bill.department}  {bill.doctor}    ¥{amount}",
    )


def bill_items(bill: Bill) -> Text:
    items = bill.items
    shown = items[:ITEMS_SHOWN]
    zh = [f"{i.name} ×{i.qty}{i.unit}  ¥{yuan(i.amount_fen)}" for i in shown]
    en = [f"{i.name_en or i.name} × {counted(i.qty, i.unit, i.unit_en).en}  ¥{yuan(i.amount_fen)}" for i in shown]
    if len(items) > ITEMS_SHOWN:
        more = len(items) - ITEMS_SHOWN
        zh.append(T.MORE_ITEMS.zh.format(n=more))
        en.append(T.MORE_ITEMS.en.format(n=more))
    return Text("\n".join(zh), "\n".join(en))


class _Toggle(TButton):
    def set_caption(self, text: Text) -> None:
        self._text = text
        self._refresh()


class _BillCard(QFrame):
    """One bill: a large toggle, what it is for and its items; a tap anywhere toggles it."""

    toggled = Signal()

    def __init__(self, bill: Bill, language: LanguageModel) -> None:
        super().__init__()
        self.setObjectName("billCard")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.bill = bill
        self._language = language
        row = QHBoxLayout(self)
        row.setContentsMargins(20, 16, 20, 16)
        row.setSpacing(24)
        self.toggle = _Toggle(T.PAY_THIS, language, "billToggle")
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.toggled.connect(self._on_toggled)
        row.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.addWidget(TLabel(bill_title(bill), language, "subtitle"))
        text.addWidget(TLabel(bill_items(bill), language, "muted"))
        # Side by side, a shorter bill still reads from the top; no stretch inside, or a
        # page of one bill would stretch its card down to the bottom of the screen.
        text.setAlignment(Qt.AlignmentFlag.AlignTop)
        row.addLayout(text, 1)
        self._on_toggled(True)

    @property
    def chosen(self) -> bool:
        return self.toggle.isChecked()

    def _on_toggled(self, checked: bool) -> None:
        self.toggle.set_caption(T.PAY_THIS if checked else T.SKIP_THIS)
        self.setProperty("chosen", "true" if checked else "false")
        self.style().unpolish(self)
        self.style().polish(self)
        self.toggled.emit()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.toggle.toggle()
        super().mouseReleaseEvent(event)


class BillsScreen(ServiceScreen):
    confirmed = Signal(list)

    def __init__(self, bills: list[Bill], language: LanguageModel, **kwargs: Any) -> None:
        super().__init__(T.BILLS, language, **kwargs)
        self.setStyleSheet(_STYLE)
        self.cards = [_BillCard(bill, language) for bill in bills]
        # Whole bills a page at a time, side by side where the screen is wide: a bill cut
        # in half by a scrolling edge hides what it charges.
        self.list = PagedList(language, columns=2, min_column_width=720)
        for card in self.cards:
            card.toggled.connect(self._update)
            self.list.add(card)
        self.add_list(self.list)
        # What is chosen and its sum stand beside Next, where the finger goes, not below a
        # list that may push them out of sight.
        self.summary = TLabel(T.SELECTED, language, "nextStep", n=0, amount="0.00")
        # Two lines rather than a bar wider than a portrait panel in elder-care mode's type.
        self.summary.setWordWrap(True)
        self.nav.extra.addWidget(self.summary)
        self.nav.extra.addSpacing(24)
        self.action = self.set_action(T.NEXT)
        self.action.clicked.connect(lambda: self.confirmed.emit(self.chosen()))
        self._update()

    def chosen(self) -> list[Bill]:
        return [card.bill for card in self.cards if card.chosen]

    def _update(self) -> None:
        chosen = self.chosen()
        if chosen:
            total = sum(b.total_fen for b in chosen)
            self.summary.set_text(T.SELECTED, n=len(chosen), amount=yuan(total))
        else:
            self.summary.set_text(T.NONE_SELECTED)
        self.action.setEnabled(bool(chosen))


class VoucherScreen(ServiceScreen):
    """Waits for the insurance e-voucher; the window routes scans here (see PaymentFlow)."""

    self_pay = Signal()

    def __init__(self, language: LanguageModel, **kwargs: Any) -> None:
        super().__init__(T.VOUCHER, language, **kwargs)
        self.add_text(T.VOUCHER_HOW, "nextStep")
        self.hint = self.add_text(Text("", ""), "error")
        self.hint.hide()
        # Where to hold the phone, drawn: the screen otherwise stands empty while the
        # patient looks for the voucher in their insurance app.
        hint = ScanHint()
        hint.setMinimumSize(0, 0)  # a short screen gives its room to the words and buttons
        self.body.addWidget(hint, 1)
        self.self_pay_button = self.add_choice(T.SELF_PAY)
        self.self_pay_button.clicked.connect(self.self_pay)

    def show_hint(self, text: Text) -> None:
        self.hint.set_text(text)
        self.hint.show()
