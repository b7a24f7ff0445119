"""What a Qt connection keeps in the C heap once the widget that made it is deleted.

    PYTHONMALLOC=malloc python -m bench.connection_cost [-n 4000]

Makes and deletes ``-n`` parents of ten labels, each label making one kind of connection
with a long-lived object (as every TLabel follows the language model), and reads glibc's
heap in use (``mallinfo2``) after a warm-up, after half and after all of them, the garbage
collected each time. Two halves: a container that grows to its high-water mark shows in the
first half only; a leak shows in both. ``PYTHONMALLOC=malloc`` puts Python's own objects in
the same heap, so nothing is hidden in pymalloc's arenas. Offscreen, one core, a few seconds
a kind.
"""

from __future__ import annotations

import argparse
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, Signal, Slot  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel, QWidget  # noqa: E402

from bench.native_memory import heap_in_use, kept_per_repetition  # noqa: E402

LABELS = 10


class _Source(QObject):
    changed = Signal(str)
    relayed = Signal(str)

    def seen(self, *_: object) -> None:
        pass


class _Plain:
    """A long-lived object that is no QObject (a controller, a model)."""

    def seen(self, *_: object) -> None:
        pass


def _connect(kind: str, label: QLabel, source: _Source, plain: _Plain) -> None:
    if kind == "method":  # from a long-lived signal to the label's C++ method
        source.changed.connect(label.clear)
    elif kind == "python_method":
        source.changed.connect(label.python_method)
    elif kind == "slot":
        source.changed.connect(label.decorated)
    elif kind == "emit":  # from the label's signal to another's emit
        label.linkActivated.connect(source.relayed.emit)
    elif kind == "signal":  # the same, signal to signal
        label.linkActivated.connect(source.relayed)
    elif kind == "plain_method":  # from the label to a long-lived non-QObject's method
        label.linkActivated.connect(plain.seen)
    elif kind == "lambda":  # from the label to a lambda
        label.linkActivated.connect(lambda *_: None)
    elif kind == "qobject_method":  # from the label to a long-lived QObject's Python method
        label.linkActivated.connect(source.seen)
    elif kind == "short_plain_method":  # to a non-QObject that dies with the label (a flow)
        label.linkActivated.connect(_Plain().seen)


class _Label(QLabel):
    def python_method(self, *_: object) -> None:
        pass

    @Slot(str)
    def decorated(self, _: str) -> None:
        pass


KINDS = ("none", "method", "python_method", "slot", "emit", "signal", "plain_method", "lambda",
         "qobject_method", "short_plain_method")


def measure(app: QApplication, kind: str, n: int) -> tuple[float, float]:
    source, plain = _Source(), _Plain()

    def one() -> None:
        parent = QWidget()
        for _ in range(LABELS):
            label = _Label("x", parent)
            _connect(kind, label, source, plain)
        parent.deleteLater()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    first, second = kept_per_repetition(one, n, warm_up=min(200, n))
    return first / LABELS, second / LABELS


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("-n", type=int, default=4000, help="parents of ten labels, per kind")
    p.add_argument("kinds", nargs="*", default=list(KINDS))
    args = p.parse_args(argv)
    if heap_in_use() is None:
        print("glibc's mallinfo2 is needed", file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication([])
    print(f"{'connection':<14} first half  second half  (bytes a label)")
    for kind in args.kinds:
        first, second = measure(app, kind, args.n)
        print(f"{kind:<14} {first:10.1f} {second:12.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
