"""Runs the configured scanner, camera and chip-card sources and brings their scans and card
reads to the GUI thread.

Drivers call back from their own device threads; this bridge re-emits as Qt signals, which
Qt queues to the window on the GUI thread. A device that is missing at start-up is reported
on screen and in the log, and the kiosk carries on with the sources it has (the keyboard
wedge, the other scanners): a patient is never stuck because one reader is unplugged.

Signals: ``scanned(object)`` (ScanEvent), ``carded(object)`` (a kiosk.cards read),
``state_changed(str, str)`` (source kind, state; card readers by their card kind,
``id_card`` / ``social_security``).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from drivers.factory import build_card_sources, build_sources
from kiosk.cards import CardSource
from kiosk.errors import DeviceError
from kiosk.scan import ScanEvent, ScanSource, SourceState
from kiosk.settings_cards import CardsSettings
from kiosk.settings_scanning import ScanningSettings

logger = logging.getLogger(__name__)


class DeviceSources(QObject):
    scanned = Signal(object)
    carded = Signal(object)
    state_changed = Signal(str, str)

    def __init__(self, settings: ScanningSettings, on_frame=None, parent: QObject | None = None,
                 cards: CardsSettings | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._cards = cards or CardsSettings()
        self._on_frame = on_frame
        self._sources: list[ScanSource | CardSource] = []
        self.problems: list[DeviceError] = []
        self.on_decoded = None  # each camera frame's decode time (fleet metrics), if set

    def start(self) -> None:
        try:
            sources = build_sources(self._settings, on_frame=self._on_frame, on_decoded=self.on_decoded)
        except DeviceError as exc:  # unknown type, missing native library
            logger.error("scanner configuration: %s", exc.message.en)
            self.problems.append(exc)
            sources = []
        for source in sources:
            self._start(source, str(source.kind), self._deliver)
        self._start_cards()

    def _start_cards(self) -> None:
        kinds = [k for k, s in (("id_card", self._cards.id_card),
                                ("social_security", self._cards.social_security)) if s is not None]
        try:
            readers = build_card_sources(self._cards, self._settings)
        except DeviceError as exc:  # pyserial or pyscard missing: no reader, said so
            logger.error("card readers: %s", exc.message.en)
            self.problems.append(exc)
            for kind in kinds:
                self.state_changed.emit(kind, SourceState.DISCONNECTED.value)
            return
        for reader in readers:
            self._start(reader, str(reader.card_kind), self._deliver_card)

    def _start(self, source: ScanSource | CardSource, kind: str, deliver) -> None:
        try:
            source.start(deliver, lambda state, detail, kind=kind: self._state(kind, state, detail))
        except DeviceError as exc:
            logger.error("%s not available: %s", kind, exc.message.en)
            self.problems.append(exc)
            self.state_changed.emit(kind, SourceState.DISCONNECTED.value)
            return
        self._sources.append(source)

    def stop(self) -> None:
        for source in self._sources:
            source.stop()
        self._sources.clear()

    @property
    def running(self) -> int:
        return len(self._sources)

    def _deliver(self, event: ScanEvent) -> None:  # device thread
        self.scanned.emit(event)

    def _deliver_card(self, read) -> None:  # reader thread; the read's repr carries nothing
        self.carded.emit(read)

    def _state(self, kind: str, state: SourceState, detail: str) -> None:  # device thread
        logger.info("%s %s (%s)", kind, state, detail)
        self.state_changed.emit(kind, str(state))
