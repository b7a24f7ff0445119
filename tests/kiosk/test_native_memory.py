"""The kiosk's after-session step: a session's cyclic garbage is freed, not left waiting."""

from __future__ import annotations

import gc
import weakref

from kiosk.native_memory import trim


class _Screen:
    """Stands for a session's screen: it and its handler refer to each other (a cycle)."""

    def __init__(self) -> None:
        self.handler = lambda: self


def test_trim_frees_the_sessions_cyclic_garbage():
    gc.collect()
    gc.disable()  # the collector's own schedule must not be what frees it
    try:
        screen = _Screen()
        gone = weakref.ref(screen)
        del screen
        assert gone() is not None  # a cycle: reference counting alone keeps it
        trim()
        assert gone() is None
    finally:
        gc.enable()
