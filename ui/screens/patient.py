"""The patient's home after identification: who they are (masked) and what they can do.

Built fresh for each patient and destroyed when they leave, so nothing of one patient can
linger in a widget the next one sees.

Signals: ``service_chosen(str)``, ``finished``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.errors import Text
from kiosk.models import Patient
from kiosk.services import Service, titles
from ui import strings as S
from ui.language import LanguageModel, TButton, TLabel
from ui.paged import PagedList
from ui.screens.generic import SummaryScreen
from ui.theme import PAGE_MARGIN
from ui.widgets import NavBar


class PatientScreen(QWidget):
    service_chosen = Signal(str)
    finished = Signal()

    def __init__(
        self,
        patient: Patient,
        services: list[Service],
        language: LanguageModel,
        parent: QWidget | None = None,
        need_stronger_id: list[Service] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self.prompt = S.CHOOSE_SERVICE if services else S.NO_SERVICES
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
        if need_stronger_id:
            # A visit card opened this visit: say what it reaches and how to reach the rest.
            self.prompt = S.WEAK_IDENTITY
            layout.addWidget(TLabel(S.WEAK_IDENTITY, language, "subtitle"))
            self.stronger_id = TLabel(S.STRONGER_ID_FOR.format(services=titles(need_stronger_id)),
                                      language, "nextStep")
            layout.addWidget(self.stronger_id)
        if services:
            layout.addWidget(TLabel(S.CHOOSE_SERVICE, language, "subtitle"))
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
            layout.addWidget(self.tiles, 1)
        else:
            layout.addWidget(TLabel(S.NO_SERVICES, language, "nextStep"))
            layout.addStretch(1)
        # Finish stands where Home stands on every service screen.
        self.nav = NavBar(language, show_back=False)
        self.nav.home_button.hide()
        finish = TButton(S.FINISH, language, "primary")
        finish.clicked.connect(self.finished.emit)
        self.nav.extra.addWidget(finish)
        layout.addWidget(self.nav)

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
