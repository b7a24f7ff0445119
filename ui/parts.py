"""What a window is built with from outside its own screens, handed to its constructor.

The wiring modules (:mod:`ui.wiring`, :mod:`ui.pharmacy.wiring`) build the scan sources, the
stores' housekeeping, the outbox pump, the printers and filters first, then the window
with them; nothing is set on a window after it is built. The window connects every scan
source to its ``handle_scan`` (every card reader to its ``handle_card``), adopts every object as its child (they go when it goes) and
starts and stops the lifetimes with itself, in order (stopped in reverse).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject


@dataclass(frozen=True)
class Parts:
    scans: Sequence[Any] = ()  # bound signals that deliver a kiosk.scan.ScanEvent
    cards: Sequence[Any] = ()  # bound signals that deliver a kiosk.cards read
    lifetimes: Sequence[Any] = ()  # objects with start() and stop()
    owned: Sequence[QObject] = ()  # Qt objects that are no lifetime (filters, the wedge)

    def take(self, window: QObject, handle_scan: Any, handle_card: Any = None) -> list[Any]:
        """Adopt (the owned, and every lifetime that is a Qt object without a parent),
        connect, and give back the lifetimes for the window to run."""
        for part in (*self.owned, *self.lifetimes):
            if isinstance(part, QObject) and part.parent() is None:
                part.setParent(window)
        for scanned in self.scans:
            scanned.connect(handle_scan)
        for carded in self.cards if handle_card is not None else ():
            carded.connect(handle_card)
        return list(self.lifetimes)


@dataclass(frozen=True)
class KioskParts(Parts):
    """The kiosk's parts from :mod:`ui.wiring`, and the ones the window and its tests name."""

    devices: Any = None  # ui.device_sources.DeviceSources: its states go to the footer
    housekeeping: Any = None  # ui.housekeeping.Housekeeping
    wedge: Any = None  # ui.wedge.WedgeFilter
    demo_panel: Any = None  # below the screens, when the demo scan panel is on
    voice: Any = None  # ui.voice.Voice: each screen's prompt spoken; None for silence
    monitoring: Any = None  # ui.maintenance.monitoring.Monitoring: status board and metrics
    # Builds the staff maintenance view on the finished window (it sits over the screens and
    # listens to the footer); None when no PIN is configured.
    maintenance: Callable[[Any], Any] | None = None
    elder: Any = None  # kiosk.elder.ElderMode; None: the default [elder] policy (on from 65)
    identity: Any = None  # kiosk.identity.IdentityPolicy; None: its defaults
