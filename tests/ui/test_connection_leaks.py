"""A day of patients must not grow the kiosk: no memory kept per session by a connection.

PySide keeps a little memory for ever for two kinds of connection whose sender is deleted
first: a signal connected to another signal's ``emit`` (about 70 bytes; connect the signal
itself), and a signal connected to a bound method of a long-lived object that is no QObject
(about 150 bytes; connect a lambda). A patient's screens are created and deleted every
session, so each such line leaks once per patient. The journey below serves patients and
counts what the kiosk's connecting lines still hold afterwards. A search of a screen for
every object it holds, which makes PySide keep a finished screen's signal instances, is
refused in ``ui/`` as well.
"""

from __future__ import annotations

import ast
import gc
import linecache
import tracemalloc
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from kiosk.session import EndReason
from tests.ui.helpers import wedge_scan
from ui import background
from ui.screens.generic import ChoiceScreen
from ui.screens.patient import PatientScreen

pytestmark = pytest.mark.gateway

ROOT = Path(__file__).resolve().parents[2]
# Enough patients that a leak stands out of the noise of what the last screens shown happen
# to hold (tens of bytes a patient either way, in one half or the other, not in both).
WARM_UP = 20
PATIENTS = 60
LEAK_PER_PATIENT = 60  # bytes a line may add per patient in each half (what the screens last shown
# happen to hold varies by tens of bytes a patient); the leaks guarded against were 85-170


def _one_patient(kiosk, qtbot, code: str) -> None:
    window = kiosk.window
    with qtbot.waitSignal(window.identified, timeout=10_000):
        wedge_scan(qtbot, window.home, code)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), PatientScreen), timeout=10_000)
    home = window.stack.currentWidget()
    qtbot.waitUntil(lambda: "reports" in home.service_keys(), timeout=10_000)
    qtbot.mouseClick(home.button_for("reports"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), ChoiceScreen), timeout=10_000)
    kiosk.session.end(EndReason.FINISHED)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home, timeout=10_000)


def _held_by_connections(snapshot: tracemalloc.Snapshot) -> dict[str, int]:
    """Live bytes per line of the kiosk's code that connects a signal."""
    held: dict[str, int] = {}
    for stat in snapshot.statistics("lineno"):
        frame = stat.traceback[0]
        if frame.filename.startswith(str(ROOT / "ui")) and ".connect(" in linecache.getline(
                frame.filename, frame.lineno):
            held[f"{Path(frame.filename).relative_to(ROOT)}:{frame.lineno}"] = stat.size
    return held


def _settled(qtbot) -> tracemalloc.Snapshot:
    # Background calls still in flight hold their own connections: let them all land.
    qtbot.waitUntil(lambda: background.pending() == 0, timeout=10_000)
    # The last patient's screens went to deleteLater: delete them now.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    return tracemalloc.take_snapshot()


def test_serving_patients_leaves_nothing_behind_per_patient(kiosk, gateway_server, qtbot):
    cards = [p for p in gateway_server.demo_patients(4) if p["status"] == "active"]
    codes = [gateway_server.code(c["health_card_id"]) for c in cards]
    tracemalloc.start(1)
    try:
        for n in range(WARM_UP):  # first-use caches fill here, traced like the rest
            _one_patient(kiosk, qtbot, codes[n % len(codes)])
        marks = [_held_by_connections(_settled(qtbot))]
        for _half in range(2):
            for n in range(PATIENTS // 2):
                _one_patient(kiosk, qtbot, codes[n % len(codes)])
            marks.append(_held_by_connections(_settled(qtbot)))
    finally:
        tracemalloc.stop()
    # A leak grows in both halves; what the last screens happen to hold goes up and down.
    grown = {}
    for line in marks[-1]:
        halves = [later.get(line, 0) - earlier.get(line, 0)
                  for earlier, later in zip(marks, marks[1:], strict=False)]
        if min(halves) >= LEAK_PER_PATIENT * PATIENTS // 2:
            grown[line] = sum(halves) // PATIENTS
    assert grown == {}, f"connections holding bytes for every patient served: {grown}"


def _ui_calls():
    """Every call in ``ui/``, with where it is: both checks below read the same trees."""
    for path in sorted((ROOT / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                yield f"{path.relative_to(ROOT)}:{node.lineno}", node


def test_no_signal_is_connected_to_another_signals_emit():
    # The journey above reaches the screens it walks through; this reaches every screen.
    found = [where for where, call in _ui_calls()
             if call.func.attr == "connect" and call.args
             and isinstance(call.args[0], ast.Attribute) and call.args[0].attr == "emit"]
    assert found == [], f"connect the signal itself, not its emit: {found}"


def test_no_screen_is_searched_for_all_its_objects():
    # findChildren(QObject) or (QWidget) wraps the Qt-made children too (a scroll area's bar
    # containers); done while a finished session's screen waits for its deferred deletion,
    # PySide6 6.11 then keeps the signal instances of that screen's widgets, about 130 kB a
    # time (docs/benchmarks.md, "The census was the leak"). Search for the kind wanted.
    found = [where for where, call in _ui_calls()
             if call.func.attr in ("findChildren", "findChild") and call.args
             and isinstance(call.args[0], ast.Name) and call.args[0].id in ("QObject", "QWidget")]
    assert found == [], f"search for the kind of object wanted, not every one: {found}"
