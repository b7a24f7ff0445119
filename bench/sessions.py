"""A day of patients in one kiosk process: does it stay the same size?

    python -m bench.sessions [-n 10000] [--warm-up 300] [--every 500] [--max-minutes 60]
                             [--no-style-sheets] [--until home|list|report|print]

One real window against a real gateway process (demo data), as bench.kiosk_harness builds
them. Each session is a patient: a wedge scan of a fresh health code, the reports service, a
ready report opened and printed on A4 to the folder printer (until the print queue has it
done), then the patient walks away and the session idles out (the window's monotonic clock
is moved past the idle timeout, and the idle controller's own tick ends it). After the
warm-up and then every ``--every`` sessions, after the kiosk's after-session step
(kiosk.native_memory.trim): resident memory (VmRSS), the number of live
QObjects under the application and its windows, open file descriptors and threads, and
glibc's heap in use and kept free, in all and per arena (the GUI thread's first). Stops
after ``-n`` sessions or ``--max-minutes``, whichever comes first; the printed PDFs are
removed as they come. ``--no-style-sheets`` runs the same sessions with every style sheet
switched off (the kiosk looks bare), to tell Qt's style sheet machinery's share of the
growth; ``--until`` ends each session after the patient home, the list of reports or the
report, to tell each step's share.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

from PySide6.QtCore import Qt, qInstallMessageHandler
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from bench.kiosk_harness import KioskRig, wait_until
from bench.native_memory import arenas, native
from kiosk.native_memory import trim
from printing.queue import QueueState
from ui.screens.generic import ChoiceScreen
from ui.screens.patient import PatientScreen
from ui.services.report_view import ReportDetailScreen, ReportPrintScreen


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def qt_objects() -> int:
    """Live QObjects under the application and its windows, counted from Qt's own object-tree
    dump, one line an object.

    Not with ``findChildren(QObject)`` on the window: it wraps the Qt-made children of the
    finished session's screens, still waiting for their deferred deletion, and PySide6 6.11
    then keeps the signal instances of those screens' widgets after they are gone (about
    130 kB a census), so the census grew the heap it measures (docs/benchmarks.md, "The
    census was the leak")."""
    app = QApplication.instance()
    lines: list[str] = []
    previous = qInstallMessageHandler(lambda _mode, _context, message: lines.append(message))
    try:
        for root in (app, *app.topLevelWidgets()):
            root.dumpObjectTree()
    finally:
        qInstallMessageHandler(previous)
    return len(lines)


def snapshot(done: int, started: float) -> dict:
    # Measured as the kiosk stands between patients: after its own after-session step (the
    # garbage collected, the heap trimmed), which its timer would run a second later.
    trim()
    return {
        "sessions": done,
        "minutes": round((time.perf_counter() - started) / 60, 1),
        "rss_mb": round(rss_kb() / 1024, 1),
        "qt_objects": qt_objects(),
        "fds": len(os.listdir("/proc/self/fd")),
        "threads": len(os.listdir("/proc/self/task")),
        "python_threads": threading.active_count(),
        **native(),
        "arenas_mb": arenas(),
    }


def current(rig: KioskRig):
    return rig.window.stack.currentWidget()


def settled(rig: KioskRig, kind: type) -> bool:
    return isinstance(current(rig), kind) and current(rig) is not rig.window.busy


def click(widget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


STEPS = ("home", "list", "report", "print")


def one_session(rig: KioskRig, card: str, until: str = "print") -> None:
    """One patient, as far as ``until`` (the later steps left out, to tell each one's share)."""
    code = rig.gateway.code(card)
    QTest.keyClicks(rig.window.home, code)
    QTest.keyClick(rig.window.home, Qt.Key.Key_Return)
    wait_until(lambda: settled(rig, PatientScreen), "the patient home")
    if until != "home":
        home = current(rig)
        wait_until(lambda: "reports" in home.service_keys(), "the reports service")
        click(home.button_for("reports"))
        wait_until(lambda: settled(rig, ChoiceScreen), "the list of reports")
    if until in ("report", "print"):
        listing = current(rig)
        click(next(b for b in listing.buttons if b.isEnabled()))
        wait_until(lambda: settled(rig, ReportDetailScreen), "the report")
    if until == "print":
        click(current(rig).actions[0])  # Print
        wait_until(lambda: settled(rig, ReportPrintScreen), "the print screen")
        # Done when the print queue has seen the folder printer write it; the screen's own
        # poll, every 500 ms, only changes its words.
        screen, service = current(rig), rig.window.services.context.printer
        wait_until(lambda: screen._job is not None
                   and service.status(screen._job).state is QueueState.COMPLETED,
                   "the printed report")
    # The patient walks away: past the timeout and its warning (the session's own: an
    # elder's is longer), the idle tick ends it.
    rig.clock.now += rig.session.idle_timeout_s + rig.session.warning_s + 1
    rig.window.idle.tick()
    wait_until(lambda: current(rig) is rig.window.home, "the home screen after idling out")
    for pdf in rig.printed.glob("*.pdf"):
        pdf.unlink()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("-n", type=int, default=10_000)
    p.add_argument("--warm-up", type=int, default=300)
    p.add_argument("--every", type=int, default=500)
    p.add_argument("--max-minutes", type=float, default=60.0)
    p.add_argument("--json", type=Path)
    p.add_argument("--no-style-sheets", action="store_true")
    p.add_argument("--until", choices=STEPS, default="print",
                   help="end each session after this step (default: the whole session)")
    args = p.parse_args(argv)
    if args.no_style_sheets:  # this process only
        QWidget.setStyleSheet = lambda self, sheet: None
        QApplication.setStyleSheet = lambda self, sheet: None
    # A stop request ends the run through its clean-up (the gateway process is stopped).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    # Prints are limited per report in the demo; here every session prints.
    rig = KioskRig(gateway_args=("--report-print-limit", "1000000"))
    snapshots = []
    started = time.perf_counter()
    deadline = started + args.max_minutes * 60
    try:
        # The demo's first patients have a ready lab report (tests/gateway/service_client.py).
        cards = rig.cards[:4]
        done = 0
        while done < args.n and time.perf_counter() < deadline:
            one_session(rig, cards[done % len(cards)], args.until)
            done += 1
            if done == args.warm_up or (done > args.warm_up and done % args.every == 0):
                snapshots.append(snapshot(done, started))
                print(json.dumps(snapshots[-1]), flush=True)
        if not snapshots or snapshots[-1]["sessions"] != done:
            snapshots.append(snapshot(done, started))
            print(json.dumps(snapshots[-1]), flush=True)
    finally:
        rig.close()
    first, last = snapshots[0], snapshots[-1]
    print(f"after {last['sessions']} sessions (from {first['sessions']}): RSS "
          f"{last['rss_mb'] - first['rss_mb']:+.1f} MB, Qt objects "
          f"{last['qt_objects'] - first['qt_objects']:+d}, fds {last['fds'] - first['fds']:+d}, "
          f"threads {last['threads'] - first['threads']:+d}")
    if args.json:
        args.json.write_text(json.dumps(snapshots, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
