"""Elder-care mode (长辈模式): who gets it, when it ends, and what it changes in the core.

On when the identified patient is ``age_threshold`` or older (the hospital's today), or when
someone chooses it on the home screen before scanning; off again when the session ends, so
the next patient starts in the ordinary mode. It changes the idle policy (more time, a
longer warning) and the speaking rate here; the window changes type sizes and targets.

Listeners hear ``changed(on)`` after every switch.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable

from kiosk.models import Patient
from kiosk.settings import ElderSection


class Why(enum.StrEnum):
    OFF = "off"
    AGE = "age"  # the identified patient's age
    CHOSEN = "chosen"  # the button on the home screen


class ElderMode:
    def __init__(self, elder: ElderSection, idle_timeout_s: float, warning_s: float, voice_rate: int) -> None:
        """``idle_timeout_s``, ``warning_s`` and ``voice_rate``: the ordinary mode's."""
        self._elder = elder
        self._ordinary = (float(idle_timeout_s), float(warning_s))
        self._ordinary_rate = voice_rate
        self._why = Why.OFF
        self._listeners: list[Callable[[bool], None]] = []

    def on_changed(self, listener: Callable[[bool], None]) -> None:
        self._listeners.append(listener)

    @property
    def on(self) -> bool:
        return self._why is not Why.OFF

    @property
    def why(self) -> Why:
        return self._why

    def choose(self, on: bool) -> None:
        """The home screen's button (before a scan)."""
        self._set(Why.CHOSEN if on else Why.OFF)

    def identified(self, patient: Patient, today: dt.date) -> None:
        """A patient was identified: on by age; a mode chosen before the scan stays."""
        if not self.on and patient.age(today) >= self._elder.age_threshold:
            self._set(Why.AGE)

    def session_ended(self) -> None:
        self._set(Why.OFF)

    @property
    def payment_code_first(self) -> bool:
        """Whether the pay step opens on showing a payment code (easier than scanning ours)."""
        return self.on and self._elder.payment_code_first

    @property
    def idle_timeout_s(self) -> float:
        return float(self._elder.idle_timeout_s) if self.on else self._ordinary[0]

    @property
    def warning_s(self) -> float:
        return float(self._elder.warning_s) if self.on else self._ordinary[1]

    @property
    def voice_rate(self) -> int:
        return self._elder.voice_rate if self.on else self._ordinary_rate

    def _set(self, why: Why) -> None:
        was = self.on
        self._why = why
        if self.on != was:
            for listener in list(self._listeners):
                listener(self.on)
