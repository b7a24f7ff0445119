"""What a list screen of cards keeps in the C heap once it is shown and deleted, by style sheet.

    PYTHONMALLOC=malloc python -m bench.screen_memory [-n 2000] [--each-rule]

A ``ListScreen`` of four cards (as the report, guidance and pharmacy services show them) is
made, shown in a 1080x1920 stack, painted and deleted: a warm-up of 100, then two halves of
``n/2``, glibc's heap in use read (the garbage collected) between them. Four set-ups, each in
its own process so one's tables do not fill the next's: the screen's own sheet (as the kiosk
does), its rules in the application's sheet instead, without them, and with no sheet at all.
A figure in both halves is kept for good; one in the first half only is a table filling.
``--each-rule``: the screen's own sheet with one of the card rules left out, each rule in turn.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

SETUPS = ("own_sheet", "app_sheet", "no_card_rules", "no_sheet")


def card_rules() -> list[str]:
    from ui.services import cards

    return cards.STYLE.strip().splitlines()  # one rule a line


def run(setup: str, n: int, without: int | None = None) -> tuple[float, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication, QStackedWidget

    from bench.native_memory import kept_per_repetition
    from kiosk.errors import Text
    from ui import theme
    from ui.language import LanguageModel
    from ui.services import cards

    if without is not None:  # read by ListScreen when it is made: this process only
        cards.STYLE = "\n".join(r for i, r in enumerate(card_rules()) if i != without)
    app = QApplication.instance() or QApplication([])
    app.setStyleSheet({"own_sheet": theme.STYLE, "app_sheet": theme.STYLE + cards.STYLE,
                       "no_card_rules": theme.STYLE, "no_sheet": ""}[setup])
    if setup != "own_sheet":
        cards.ListScreen.setStyleSheet = lambda self, sheet: None  # this process only
    language = LanguageModel()
    stack = QStackedWidget()
    stack.resize(1080, 1920)
    stack.show()

    def one() -> None:
        screen = cards.ListScreen(Text("报告", "Reports"), language)
        for i in range(4):
            card = screen.card("ready" if i % 2 else "")
            card.add(Text(f"血常规 {i}", f"Blood count {i}"), "cardTitle")
            card.add(Text("已出报告", "Ready"), "cardStatus")
        stack.addWidget(screen)
        stack.setCurrentWidget(screen)
        stack.repaint()
        app.processEvents()
        stack.removeWidget(screen)
        screen.deleteLater()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    return kept_per_repetition(one, n, warm_up=100)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("-n", type=int, default=2000)
    p.add_argument("--setup", choices=SETUPS)
    p.add_argument("--each-rule", action="store_true", help="leave out one card rule at a time")
    p.add_argument("--without", type=int, help=argparse.SUPPRESS)  # one run of --each-rule
    args = p.parse_args(argv)
    if args.without is not None:
        first, second = run("own_sheet", args.n, args.without)
        print(f"{first:8.1f} {second:8.1f}  without {card_rules()[args.without]}", flush=True)
        return 0
    if args.setup:
        first, second = run(args.setup, args.n)
        print(f"{args.setup:<14} {first:10.1f} {second:12.1f}", flush=True)
        return 0
    if args.each_rule:
        print("first half  second half  (bytes a screen; the screen's own sheet)", flush=True)
        for i in range(len(card_rules())):
            subprocess.run([sys.executable, "-m", "bench.screen_memory", "-n", str(args.n),
                            "--without", str(i)], check=True, stderr=subprocess.DEVNULL)
        return 0
    print(f"{'style sheet':<14} first half  second half  (bytes a screen)", flush=True)
    for setup in SETUPS:
        subprocess.run([sys.executable, "-m", "bench.screen_memory", "-n", str(args.n),
                        "--setup", setup], check=True, stderr=subprocess.DEVNULL)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
