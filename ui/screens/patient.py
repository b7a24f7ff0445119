"""The patient's home after identification: who they are (masked) and what they can do.

Built fresh for each patient and destroyed when they leave, so nothing of one patient can
linger in a widget the next one sees.

Your next step first: when the gateway named what the patient has to do next (pay, print,
check in, collect), the first one or two are large buttons and the whole menu waits behind
"其他业务 / Other services"; a patient with nothing to do sees the menu at once.

Signals: ``service_chosen(str)``, ``action_chosen(object)`` (a next action), ``finished``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.errors import Text
from kiosk.models import Patient
from kiosk.services import Service, titles
from kiosk.usecases.next_actions import Action
from ui import strings as S
from ui.language import LanguageModel, TButton, TLabel
from ui.paged import PagedList
from ui.screens.generic import SummaryScreen
from ui.theme import PAGE_MARGIN
from ui.widgets import NavBar


class PatientScreen(QWidget):
    service_chosen = Signal(str)
    action_chosen = Signal(object)
    finished = Signal()

    def __init__(
        self,
        patient: Patient,
        services: list[Service],
        language: LanguageModel,
        parent: QWidget | None = None,
        need_stronger_id: list[Service] | None = None,
        actions: list[Action] | None = None,
        level_note: Text | None = None,
        weak_note: Text = S.WEAK_IDENTITY,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self.prompt = S.YOUR_NEXT_STEP if actions else (S.CHOOSE_SERVICE if services else S.NO_SERVICES)
        self.stronger_id: TLabel | None = None
        layout = QVBoxLayout(self)
        # The page's margins, so Finish stands exactly where Home does on a service screen.
        layout.setContentsMargins(PAGE_MARGIN, 20, PAGE_MARGIN, 20)
        layout.setSpacing(20)
        greeting = TLabel(S.GREETING, language, "title", name=patient.masked_name)
        greeting.setWordWrap(False)
        id_line = TLabel(S.ID_LINE, language, "subtitle", id=patient.masked_id_number)
        id_line.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top = QHBoxLayout()
        top.addWidget(greeting)
        top.addWidget(id_line, 1)
        layout.addLayout(top)
        self._buttons = []
        self.action_buttons: list[TButton] = []
        self.menu: QWidget | None = None
        self.other_services: TButton | None = None
        if need_stronger_id:
            # A visit card or a wristband opened this visit (``weak_note`` says which): say
            # what it reaches and how to reach the rest.
            self.prompt = weak_note
            layout.addWidget(TLabel(weak_note, language, "subtitle"))
            self.stronger_id = TLabel(S.STRONGER_ID_FOR.format(services=titles(need_stronger_id)),
                                      language, "nextStep")
            layout.addWidget(self.stronger_id)
        # Sensitive services this identification is below the level of: what to present.
        self.level_note = TLabel(level_note, language, "nextStep") if level_note else None
        if self.level_note is not None:
            layout.addWidget(self.level_note)
        if actions:
            self.next_steps = self._next_steps(actions, language)
            layout.addWidget(self.next_steps, 1)
        if services:
            self.menu = QWidget()
            menu = QVBoxLayout(self.menu)
            menu.setContentsMargins(0, 0, 0, 0)
            menu.setSpacing(20)
            menu.addWidget(TLabel(S.CHOOSE_SERVICE, language, "subtitle"))
            # Whole tiles, three across on a landscape panel and two on a portrait one,
            # paged rather than scrolled if a small screen cannot hold them all.
            self.tiles = PagedList(language, columns=3, min_column_width=400)
            for service in services:
                button = TButton(service.title, language, "service")
                button.setProperty("service", service.key)
                button.setMinimumWidth(0)
                button.clicked.connect(lambda _=False, key=service.key: self.service_chosen.emit(key))
                self._buttons.append(button)
                self.tiles.add(button)
            menu.addWidget(self.tiles, 1)
            layout.addWidget(self.menu, 1)
            self.menu.setVisible(not actions)
        elif not actions:
            layout.addWidget(TLabel(S.NO_SERVICES, language, "nextStep"))
            layout.addStretch(1)
        # Finish stands where Home stands on every service screen.
        self.nav = NavBar(language, show_back=False)
        self.nav.home_button.hide()
        self.nav.back.connect(self.show_next_steps)  # from the menu back to the next steps
        if actions and services:
            self.other_services = TButton(S.OTHER_SERVICES, language)
            self.other_services.clicked.connect(self.show_menu)
            self.nav.extra.addWidget(self.other_services)
            self.nav.extra.addSpacing(40)
        self.finish = TButton(S.FINISH, language, "primary")
        self.finish.clicked.connect(self.finished)
        self.nav.extra.addWidget(self.finish)
        layout.addWidget(self.nav)

    def _next_steps(self, actions: list[Action], language: LanguageModel) -> QWidget:
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(28)
        column.addWidget(TLabel(S.YOUR_NEXT_STEP, language, "subtitle"))
        for action in actions:
            button = TButton(action.words, language, "nextAction")
            button.setMinimumWidth(0)
            button.setProperty("service", action.service)
            button.clicked.connect(lambda _=False, a=action: self.action_chosen.emit(a))
            self.action_buttons.append(button)
            column.addWidget(button)
        column.addStretch(1)
        return panel

    def show_menu(self) -> None:
        """其他业务: the whole menu in place of the next steps; Back shows them again."""
        if self.menu is None:
            return
        self.next_steps.hide()
        self.menu.show()
        if self.other_services is not None:
            self.other_services.hide()
        self.nav.back_button.show()

    def show_next_steps(self) -> None:
        if not self.action_buttons:
            return
        self.menu.hide()
        self.next_steps.show()
        if self.other_services is not None:
            self.other_services.show()
        self.nav.back_button.hide()

    @property
    def menu_shown(self) -> bool:
        return self.menu is not None and not self.menu.isHidden()

    def service_keys(self) -> list[str]:
        return [b.property("service") for b in self._buttons]

    def button_for(self, key: str) -> TButton:
        return next(b for b in self._buttons if b.property("service") == key)


def my_card_screen(patient: Patient, language: LanguageModel) -> SummaryScreen:
    """Card number and insurance status: the one service that needs only identification."""
    insured = S.INSURED if patient.insurance.insured else S.NOT_INSURED
    rows = [
        (S.NAME, Text(patient.masked_name, patient.masked_name)),
        (S.ID_NUMBER, Text(patient.masked_id_number, patient.masked_id_number)),
        (S.VISIT_CARD, Text(patient.masked_visit_card, patient.masked_visit_card)),
        (S.INSURANCE, insured),
    ]
    return SummaryScreen(S.MY_CARD_TITLE, rows, None, language)
