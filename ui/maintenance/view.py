"""The staff maintenance view: the machine's status and what staff can do at it.

It covers the whole window (opaque), reads the :class:`~kiosk.device_status.StatusBoard`
and follows its changes, runs every action through the background helper, and closes by
itself after ``idle_timeout_s`` without a touch, so a view left open in a hall goes back to
the patients' screen. A test scan shows what was read (its kind and length, never the text).

Signals: ``closed``; ``status_changed`` (internal: board changes, queued to the GUI thread).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.device_status import DeviceStatus, Health, StatusBoard
from kiosk.errors import KioskError, Text
from ui.background import Operation
from ui.language import LanguageModel, TButton, TLabel
from ui.maintenance import text as T
from ui.maintenance.actions import MaintenanceActions
from ui.theme import CAUTION, MUTED, PRIMARY, WARNING

logger = logging.getLogger(__name__)

_COLOURS = {Health.OK: PRIMARY, Health.WARNING: CAUTION, Health.FAULT: WARNING,
            Health.UNKNOWN: MUTED}
_MARKS = {Health.OK: "✔", Health.WARNING: "▲", Health.FAULT: "✖", Health.UNKNOWN: "?"}
_STYLE = """
#maintenance { background: #F4F7F5; }
#maintenance QLabel#statusLine { font-size: 30px; padding: 6px 0; }
#maintenance QPushButton { min-height: 84px; font-size: 30px; }
#maintenanceResult { font-size: 28px; color: #1B1B1B; background: #E3ECE8; padding: 12px 18px; border-radius: 10px; }
"""
_ACTIVITY = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress}


class MaintenanceView(QFrame):
    closed = Signal()
    status_changed = Signal(object)

    def __init__(self, board: StatusBoard, actions: MaintenanceActions, language: LanguageModel,
                 parent: QWidget, *, exit_to_desktop: bool = False, idle_timeout_s: float = 120,
                 describe_scan: Callable[[object], str] = lambda event: "?",
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.setObjectName("maintenance")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(_STYLE)
        self._board = board
        self._actions = actions
        self._language = language
        self._describe_scan = describe_scan
        self._clock = clock
        self._timeout = idle_timeout_s
        self._last_touch = clock()
        self.scan_armed = False
        self.busy = 0

        column = QVBoxLayout(self)
        column.setContentsMargins(60, 40, 60, 40)
        column.setSpacing(18)
        column.addWidget(TLabel(T.TITLE, language, "title"))
        self.status_box = QVBoxLayout()
        self.status_box.setSpacing(2)
        column.addLayout(self.status_box)
        column.addStretch(1)
        self.result = TLabel(Text("", ""), language)
        self.result.setObjectName("maintenanceResult")
        self.result.hide()
        column.addWidget(self.result)

        grid = QGridLayout()
        grid.setSpacing(16)
        self.buttons: dict[str, TButton] = {}
        entries: list[tuple[str, Text, Callable[[], None]]] = [
            ("refresh", T.REFRESH, self.refresh),
            ("test_scan", T.TEST_SCAN, self._on_test_scan_clicked),
        ]
        for printer in actions.printers:
            label = Text(T.TEST_PRINT.zh.format(printer=printer), T.TEST_PRINT.en.format(printer=printer))
            entries.append((f"print_{printer}", label, lambda _checked=False, p=printer: self._test_print(p)))
        entries += [("paper_replaced", T.PAPER_REPLACED, self._on_paper_replaced_clicked),
                    ("export_logs", T.EXPORT_LOGS, self._on_export_logs_clicked),
                    ("restart", T.RESTART, actions.restart)]
        if exit_to_desktop:
            entries.append(("exit_desktop", T.EXIT_DESKTOP, actions.exit_to_desktop))
        entries.append(("close", T.CLOSE, self.close_view))
        for i, (key, caption, slot) in enumerate(entries):
            button = TButton(caption, language, "primary" if key == "close" else "")
            button.clicked.connect(slot)
            self.buttons[key] = button
            grid.addWidget(button, i // 4, i % 4)
        column.addLayout(grid)

        self.status_changed.connect(self._show_status)
        board.on_changed(self._relay)  # any thread: queued to the GUI thread
        self._idle = QTimer(self)
        self._idle.setInterval(1000)
        self._idle.timeout.connect(self.check_idle)
        self.hide()

    def _relay(self, status: DeviceStatus) -> None:
        try:
            self.status_changed.emit(status)
        except RuntimeError:  # the view is gone (window closed) while a probe still wrote
            pass

    # -- opening and closing --
    def open(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self._last_touch = self._clock()
        self.result.hide()
        self.scan_armed = False
        self._show_status(self._board.snapshot())
        QApplication.instance().installEventFilter(self)
        self._idle.start()
        self.show()
        self.raise_()
        self.refresh()

    def close_view(self) -> None:
        if not self.isVisible():
            return
        self._idle.stop()
        QApplication.instance().removeEventFilter(self)
        self.scan_armed = False
        self.hide()
        self.closed.emit()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in _ACTIVITY:
            self._last_touch = self._clock()
        return False

    def check_idle(self) -> None:
        if self.isVisible() and self._clock() - self._last_touch >= self._timeout:
            self.close_view()

    # -- status --
    def _show_status(self, status: DeviceStatus) -> None:
        while self.status_box.count():
            item = self.status_box.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for health, text in status.lines():
            line = QLabel(f"{_MARKS[health]}  {self._language.tr(text)}")
            line.setObjectName("statusLine")
            line.setProperty("health", health.value)
            line.setStyleSheet(f"color: {_COLOURS[health]};")
            self.status_box.addWidget(line)

    def status_texts(self) -> list[str]:
        return [self.status_box.itemAt(i).widget().text() for i in range(self.status_box.count())]

    # -- actions --
    def _run(self, fn: Callable[[], object], done: Callable[[object], None]) -> None:
        self.busy += 1

        def succeeded(value: object) -> None:
            self.busy -= 1
            done(value)

        def failed(exc: BaseException) -> None:
            self.busy -= 1
            if not isinstance(exc, KioskError):
                logger.error("maintenance action failed unexpectedly: %s", type(exc).__name__,
                             exc_info=(type(exc), exc, exc.__traceback__))
            what = exc.message if isinstance(exc, KioskError) else Text(type(exc).__name__, type(exc).__name__)
            self._say(T.FAILED, what=self._language.tr(what))

        Operation(fn, owner=self).success(succeeded).failure(failed).run()

    def _say(self, text: Text, **fmt: object) -> None:
        self.result.set_text(text, **fmt)
        self.result.show()

    def refresh(self) -> None:
        self._run(self._actions.refresh, lambda _status: None)

    def _on_test_scan_clicked(self) -> None:
        self.scan_armed = True
        self._say(T.TEST_SCAN_WAITING)

    def take_scan(self, event) -> bool:
        """While the view is open every scan is the view's (never an identify)."""
        if not self.isVisible():
            return False
        if self.scan_armed:
            self.scan_armed = False
            source = getattr(getattr(event, "source", ""), "value", str(getattr(event, "source", "")))
            self._say(T.TEST_SCAN_READ, kind=self._describe_scan(event), n=len(event.text), source=source)
        return True

    def _test_print(self, printer: str) -> None:
        self._run(lambda: self._actions.test_print(printer),
                  lambda _job: self._say(T.TEST_PRINT_QUEUED, printer=printer))

    def _on_paper_replaced_clicked(self) -> None:
        self._run(self._actions.paper_replaced, lambda n: self._say(T.PAPER_REPLACED_DONE, n=n))

    def _on_export_logs_clicked(self) -> None:
        self._run(self._actions.export_logs,
                  lambda result: self._say(T.EXPORTED, n=result[1], path=str(result[0])))
