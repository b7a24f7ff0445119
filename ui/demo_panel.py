"""Demo scan panel: buttons that present a demo patient's current code, for machines with no
scanner attached (``make demo``) and for showing the flows to staff.

It asks the reference gateway for fresh codes, exactly as a phone would show them, and feeds
them to the window as scans from the ``demo`` source.

Signals: ``scanned(object)`` (a ScanEvent).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.errors import Text
from kiosk.gateway_client import GatewayClient
from kiosk.privacy import mask_name
from kiosk.scan import ScanEvent, SourceKind
from ui import strings as S
from ui.background import Operation
from ui.demo_cards import DemoCards
from ui.language import LanguageModel, TButton, TLabel

logger = logging.getLogger(__name__)


class DemoPanel(QFrame):
    scanned = Signal(object)

    def __init__(
        self, client: GatewayClient, language: LanguageModel, count: int = 4, parent: QWidget | None = None,
        cards: DemoCards | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("demoPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._client = client
        self._language = language
        language.changed.connect(self._on_language_changed)
        self._count = count
        layout = QVBoxLayout(self)
        layout.setContentsMargins(30, 12, 30, 12)
        layout.addWidget(TLabel(S.DEMO_TITLE, language))
        self._grid = QGridLayout()
        layout.addLayout(self._grid)
        self.buttons: dict[str, TButton] = {}
        self._last_insured: str | None = None
        self.wristbands: list[str] = []
        self._wristband_turn = 0
        self._cards = cards
        self._card_holder: dict | None = None  # whose cards the insert buttons present
        self.cards_note = TLabel(Text("", ""), language)  # why a card device is unavailable
        self.cards_note.hide()
        layout.addWidget(self.cards_note)
        if cards is not None:
            cards.unavailable.connect(self._on_cards_unavailable)

    def load(self) -> None:
        Operation(self._fetch, owner=self).success(lambda found: self._on_patients(*found)).failure(
            lambda exc: logger.warning("demo patients unavailable: %s", type(exc).__name__)).run()

    def _fetch(self) -> tuple[list[dict], list[str]]:
        patients = self._client.demo_patients(self._count)
        try:
            wristbands = self._client.demo_wristbands()
        except Exception:  # noqa: BLE001 - a gateway without demo stays: no wristband button
            wristbands = []
        return patients, wristbands

    def _on_patients(self, patients: list[dict], wristbands: list[str] | None = None) -> None:
        active = [p for p in patients if p.get("status") == "active"][: self._count]
        cancelled = next((p for p in patients if p.get("status") == "cancelled"), None)
        unregistered = next((p for p in patients if p.get("status") == "unregistered"), None)
        entries: list[tuple[str, Text, Callable[[], None]]] = []
        for i, p in enumerate(active):
            label = mask_name(p["name"])
            entries.append((f"patient-{i}", Text(label, label), self._patient_action(p)))
        insured = next((p for p in active if p.get("insured")), None)
        if insured is not None:
            # The national insurance e-voucher of whoever was shown last (as the patient's
            # second phone app would), for the payment step.
            self._last_insured = insured["health_card_id"]
            entries.append(("insurance", S.DEMO_INSURANCE, self._voucher_action))
        if active:
            entries.append(("expired", S.DEMO_EXPIRED, self._code_action(active[0]["health_card_id"], age_s=3600)))
        if cancelled:
            entries.append(("cancelled", S.DEMO_CANCELLED, self._code_action(cancelled["health_card_id"], kind="static")))
        if unregistered:
            entries.append(("unregistered", S.DEMO_UNREGISTERED, self._code_action(unregistered["health_card_id"])))
        entries.append(("unknown", S.DEMO_UNKNOWN, lambda: self._emit("https://example.com/not-a-health-code")))
        # One button for every demo stay's wristband, in turn (a row of them would wrap the
        # panel), and the payer's payment code for the payment step.
        self.wristbands = list(wristbands or [])
        if self.wristbands:
            entries.append(("wristband", S.DEMO_WRISTBAND, self._next_wristband))
        entries.append(("payment_code", S.DEMO_PAYMENT_CODE, self._payment_code))
        holder = next((p for p in active if p.get("id_number")), None)
        if self._cards is not None and holder is not None:
            self._card_holder = holder
            entries.append(("id_card", S.DEMO_ID_CARD, lambda: self._cards.insert_id_card(self._card_holder)))
            entries.append(("ss_card", S.DEMO_SS_CARD, lambda: self._cards.insert_ss_card(self._card_holder)))
            if not self._cards.pcsc_installed():
                self._on_cards_unavailable(self._cards.unavailable_reason())
        for n, (key, text, action) in enumerate(entries):
            button = TButton(text, self._language, "demo")
            # Never let the demo strip make the window wider than the kiosk's panel.
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.clicked.connect(action)
            self.buttons[key] = button
            self._grid.addWidget(button, n // 5, n % 5)
        self._columns = 5
        self._relayout()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self._relayout()
        super().resizeEvent(event)

    def _on_language_changed(self, *_: object) -> None:
        # Measured once the buttons have their new captions (their slots may run later).
        QTimer.singleShot(0, self, self._measure_again)

    def _measure_again(self) -> None:
        self._columns = None
        self._relayout()

    def _relayout(self) -> None:
        if not self.buttons:
            return
        # One row on a wide landscape panel, three on a portrait one: the panel stays small;
        # but fewer columns when a caption would be clipped ("Insurance voucher" in English).
        most = len(self.buttons) if self.width() >= 1500 else 4 if self.width() < 1100 else 5
        left, _, right, _ = self.layout().getContentsMargins()
        room = self.width() - left - right
        widest = 0
        for button in self.buttons.values():
            button.ensurePolished()
            widest = max(widest, button.sizeHint().width())
        spacing = max(0, self._grid.horizontalSpacing())
        choices = sorted({len(self.buttons), 9, 6, 5, 4, 3, 2}, reverse=True)
        columns = next((c for c in choices if c <= most and widest <= (room - spacing * (c - 1)) // c), 1)
        if columns == getattr(self, "_columns", None):
            return
        self._columns = columns
        for button in self.buttons.values():
            self._grid.removeWidget(button)
        for n, button in enumerate(self.buttons.values()):
            self._grid.addWidget(button, n // columns, n % columns)

    def _on_cards_unavailable(self, reason: Text) -> None:
        self.cards_note.set_text(reason)
        self.cards_note.show()

    def _patient_action(self, patient: dict):
        present = self._code_action(patient["health_card_id"])

        def action() -> None:
            if patient.get("insured"):
                self._last_insured = patient["health_card_id"]
            if patient.get("id_number"):
                self._card_holder = patient  # the cards inserted next are this patient's
            present()

        return action

    def _next_wristband(self) -> None:
        number = self.wristbands[self._wristband_turn % len(self.wristbands)]
        self._wristband_turn += 1
        self.scanned.emit(ScanEvent(text=number, source=SourceKind.DEMO, symbology="Code128"))

    def _payment_code(self) -> None:
        Operation(self._client.demo_payment_code, owner=self).success(self._emit).failure(
            lambda exc: logger.warning("demo payment code unavailable: %s", type(exc).__name__)).run()

    def _voucher_action(self) -> None:
        self._code_action(self._last_insured, kind="insurance")()

    def _code_action(self, card_id: str, kind: str = "dynamic", age_s: int = 0):
        def present() -> None:
            Operation(lambda: self._client.demo_code(card_id, kind, age_s), owner=self).success(
                self._emit
            ).failure(lambda exc: logger.warning("demo code unavailable: %s", type(exc).__name__)).run()

        return present

    def _emit(self, text: str) -> None:
        self.scanned.emit(ScanEvent(text=text, source=SourceKind.DEMO, symbology="QRCode"))
