"""The demo panel's card devices: a simulated ID card reader on a pseudo-terminal and a
virtual social-security card for pcscd's virtual reader (vsmartcard-vpcd).

Nothing is a shortcut: the kiosk's own readers, built from ``[cards]``, read these devices
exactly as they read real ones. The ID card reader is pointed at the simulator's
pseudo-terminal; the social-security reader reads whatever card vpcd holds, so the virtual
card needs a running pcscd with the vpcd driver (Debian: ``pcscd vsmartcard-vpcd``). Where
that is missing the panel says so instead of pretending. A card is taken away once it has
been read, as the patient does on "请取走身份证".
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from drivers.id_card_sim import SimulatedIdReader, card_fields
from drivers.ss_card_sim import VPCD_PORT, BasicDataCard, VirtualCard  # noqa: F401 (VPCD_PORT: the default)
from kiosk.errors import Text
from kiosk.settings_cards import (
    CardsSettings,
    IdCardReaderSettings,
    SocialSecurityCardReaderSettings,
)
from ui.background import Operation

logger = logging.getLogger(__name__)

VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
VIRTUAL_READER = "Virtual PCD"  # the name vpcd's readers carry
SS_UNAVAILABLE = Text(
    zh="社保卡演示不可用：需要运行 pcscd（apt-get install pcscd vsmartcard-vpcd）",
    en="Insurance card demo unavailable: needs pcscd running (apt-get install pcscd vsmartcard-vpcd)",
)
TAKE_AWAY_POLL_MS = 100


class DemoCards(QObject):
    """Signals: ``unavailable(object)`` (a Text: why the insurance card cannot be shown)."""

    unavailable = Signal(object)

    def __init__(self, vpcd_port: int = VPCD_PORT, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.id_reader = SimulatedIdReader()
        self._vpcd_port = vpcd_port
        self._ss_card: VirtualCard | None = None
        self._ss_answers: BasicDataCard | None = None
        self._reads_before: int | None = None
        self._take = QTimer(self)
        self._take.setInterval(TAKE_AWAY_POLL_MS)
        self._take.timeout.connect(self._on_take_timeout)

    @staticmethod
    def pcsc_installed() -> bool:
        return shutil.which("pcscd") is not None and VPCD_DRIVER.exists()

    @staticmethod
    def unavailable_reason() -> Text:
        return SS_UNAVAILABLE

    def settings(self, cards: CardsSettings) -> CardsSettings:
        """``cards`` with the ID card reader on the simulator and, where pcscd and vpcd are
        installed and no reader is named, the social-security reader on vpcd's reader."""
        id_card = (cards.id_card or IdCardReaderSettings(port=self.id_reader.port)).model_copy(
            update={"port": self.id_reader.port})
        social = cards.social_security
        if social is None and self.pcsc_installed():
            social = SocialSecurityCardReaderSettings(reader=VIRTUAL_READER)
        return cards.model_copy(update={"id_card": id_card, "social_security": social})

    def insert_id_card(self, person: dict) -> None:
        self.id_reader.remove()
        self._reads_before = self.id_reader.reads
        self.id_reader.insert(card_fields(person["name"], person["gender"], person["id_number"]))
        self._take.start()

    def _on_take_timeout(self) -> None:
        # Once read, the patient takes the card away (and the reader may read the next).
        if self._reads_before is not None and self.id_reader.reads > self._reads_before:
            self.id_reader.remove()
            self._reads_before = None
        if self._ss_answers is not None and self._ss_answers.read.is_set():
            self._remove_ss_card()
        if self._reads_before is None and self._ss_card is None:
            self._take.stop()

    def insert_ss_card(self, person: dict) -> None:
        if not self.pcsc_installed():
            self.unavailable.emit(SS_UNAVAILABLE)
            return
        self._remove_ss_card()
        answers = BasicDataCard(person["id_number"], person["name"], "D" + person["id_number"][-8:])
        # Connecting is inserting; vpcd listens only while pcscd runs with its driver.
        Operation(lambda: VirtualCard(self._vpcd_port, answers), owner=self).success(
            lambda card: self._on_ss_inserted(card, answers)).failure(self._on_ss_failed).run()

    def _on_ss_inserted(self, card: VirtualCard, answers: BasicDataCard) -> None:
        self._ss_card, self._ss_answers = card, answers
        self._take.start()

    def _on_ss_failed(self, exc: BaseException) -> None:
        logger.warning("virtual insurance card not inserted: %s", type(exc).__name__)
        self.unavailable.emit(SS_UNAVAILABLE)

    def _remove_ss_card(self) -> None:
        card, self._ss_card, self._ss_answers = self._ss_card, None, None
        if card is not None:
            card.remove()

    # -- lifetime: started and stopped with the window --
    def start(self) -> None:
        pass

    def stop(self) -> None:
        self._take.stop()
        self._remove_ss_card()
        self.id_reader.close()
