"""The patient's home after identification: who they are (masked) and what they can do.

Built fresh for each patient and destroyed when they leave, so nothing of one patient can
linger in a widget the next one sees.

Signals: ``service_chosen(str)``, ``finished``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from kiosk.errors import Text
from kiosk.models import Patient
from kiosk.services import Service, titles
from ui import strings as S
from ui.language import LanguageModel, TButton, TLabel


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
        layout.setContentsMargins(60, 30, 60, 30)
        layout.setSpacing(18)
        greeting = TLabel(S.GREETING, language, "title", name=patient.masked_name)
        greeting.setWordWrap(False)
        id_line = TLabel(S.ID_LINE, language, "subtitle", id=patient.masked_id_number)
        id_line.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top = QHBoxLayout()
        top.addWidget(greeting)
        top.addWidget(id_line, 1)
        layout.addLayout(top)
        if need_stronger_id:
            # A visit card opened this visit: say what it reaches and how to reach the rest.
            self.prompt = S.WEAK_IDENTITY
            layout.addWidget(TLabel(S.WEAK_IDENTITY, language, "subtitle"))
            self.stronger_id = TLabel(S.STRONGER_ID_FOR.format(services=titles(need_stronger_id)),
                                      language, "nextStep")
            layout.addWidget(self.stronger_id)
        if services:
            layout.addWidget(TLabel(S.CHOOSE_SERVICE, language, "subtitle"))
            self._grid = QGridLayout()
            self._grid.setSpacing(16)
            self._buttons = []
            for service in services:
                button = TButton(service.title, language, "service")
                button.setProperty("service", service.key)
                button.clicked.connect(lambda _=False, key=service.key: self.service_chosen.emit(key))
                self._buttons.append(button)
            self._arrange(columns=2)
            # The menu scrolls rather than push Finish and the footer off a small screen.
            holder = QWidget()
            holder.setLayout(self._grid)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            scroll.setWidget(holder)
            layout.addWidget(scroll, 1)
        else:
            self._buttons = []
            layout.addWidget(TLabel(S.NO_SERVICES, language, "nextStep"))
            layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        finish = TButton(S.FINISH, language, "primary")
        finish.clicked.connect(self.finished.emit)
        row.addWidget(finish)
        layout.addLayout(row)

    def service_keys(self) -> list[str]:
        return [b.property("service") for b in self._buttons]

    def button_for(self, key: str) -> TButton:
        return next(b for b in self._buttons if b.property("service") == key)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        # Portrait screens get one column of wide buttons, landscape two or three.
        if self._buttons:
            ratio = self.width() / max(self.height(), 1)
            self._arrange(columns=2 if ratio < 0.8 else 3)
        super().resizeEvent(event)

    def _arrange(self, columns: int) -> None:
        for button in self._buttons:
            self._grid.removeWidget(button)
        for i, button in enumerate(self._buttons):
            self._grid.addWidget(button, i // columns, i % columns)


class MyCardScreen(QWidget):
    """Card number and insurance status: the one service that needs only identification."""

    back = Signal()
    home = Signal()

    def __init__(self, patient: Patient, language: LanguageModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self.prompt = S.MY_CARD_TITLE
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 40, 60, 40)
        layout.setSpacing(24)
        layout.addWidget(TLabel(S.MY_CARD_TITLE, language, "title"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(40)
        grid.setVerticalSpacing(20)
        insured = S.INSURED if patient.insurance.insured else S.NOT_INSURED
        rows = [
            (S.NAME, Text(patient.masked_name, patient.masked_name)),
            (S.ID_NUMBER, Text(patient.masked_id_number, patient.masked_id_number)),
            (S.VISIT_CARD, Text(patient.masked_visit_card, patient.masked_visit_card)),
            (S.INSURANCE, insured),
        ]
        for i, (label, value) in enumerate(rows):
            name = TLabel(label, language, "muted")
            shown = TLabel(value, language, "subtitle")
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            grid.addWidget(name, i, 0)
            grid.addWidget(shown, i, 1)
        layout.addLayout(grid)
        layout.addStretch(1)
        row = QHBoxLayout()
        back = TButton(S.BACK, language)
        back.clicked.connect(self.back.emit)
        home = TButton(S.HOME, language)
        home.clicked.connect(self.home.emit)
        row.addWidget(back)
        row.addStretch(1)
        row.addWidget(home)
        layout.addLayout(row)
