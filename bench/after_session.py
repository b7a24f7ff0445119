"""How long the kiosk's after-session step takes on the GUI thread.

    python -m bench.after_session [-n 50]

One real window against a real gateway process (demo data), as bench.sessions serves
patients; after each session (past a warm-up of 10) it times ``kiosk.native_memory.trim``,
which the kiosk runs a second after every session: Python's cyclic garbage collected, then
``malloc_trim``. Prints the median and p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import time

from bench.kiosk_harness import KioskRig
from bench.sessions import one_session
from bench.stats import describe
from kiosk.native_memory import trim

WARM_UP = 10


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("-n", type=int, default=50)
    args = p.parse_args(argv)
    rig = KioskRig(gateway_args=("--report-print-limit", "1000000"))
    timings: list[float] = []
    try:
        for done in range(WARM_UP + args.n):
            one_session(rig, rig.cards[done % 4])
            if done >= WARM_UP:
                started = time.perf_counter()
                trim()
                timings.append((time.perf_counter() - started) * 1000)
    finally:
        rig.close()
    print(json.dumps(describe(timings)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
