"""What counting the kiosk's Qt objects between sessions costs the heap it is meant to watch.

    python -m bench.census_cost [-n 60] [--warm-up 60]

One real window against a real gateway process (bench.kiosk_harness), sessions that end at
the list of reports (bench.sessions ``--until list``). After the warm-up, four stretches of
``-n`` sessions each: nothing between sessions; ``findChildren(QObject)`` over the screen
stack before each (as bench.sessions counted Qt objects until it read Qt's object-tree dump
instead); bench.sessions.qt_objects before each; nothing again. Prints glibc's heap in use
kept per session in each stretch (the kiosk's after-session step run before each reading).
"""

from __future__ import annotations

import argparse
import signal
import sys

from PySide6.QtCore import QObject

from bench.kiosk_harness import KioskRig
from bench.native_memory import heap_in_use
from bench.sessions import one_session, qt_objects
from kiosk.native_memory import trim


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("-n", type=int, default=60)
    p.add_argument("--warm-up", type=int, default=60)
    args = p.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    rig = KioskRig()
    try:
        cards = rig.cards[:4]
        for i in range(args.warm_up):
            one_session(rig, cards[i % len(cards)], "list")
        stack = rig.window.stack
        stretches = (("nothing", lambda: None),
                     ("stack.findChildren(QObject)", lambda: stack.findChildren(QObject)),
                     ("bench.sessions.qt_objects", qt_objects),
                     ("nothing again", lambda: None))
        for label, between in stretches:
            trim()
            before = heap_in_use()
            for i in range(args.n):
                between()
                one_session(rig, cards[i % len(cards)], "list")
            trim()
            kept = (heap_in_use() - before) / args.n
            print(f"{label:30s} {kept:9.0f} B a session", flush=True)
    finally:
        rig.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
