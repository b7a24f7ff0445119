"""The pharmacy counter window: sign-in, the counter screen, the lock and the status line.

Scans from every source come to :meth:`CounterWindow.handle_scan`, whatever has focus; while
nobody is signed in they are refused (a scan must never land in the password field). Any key
or click counts as activity; ``auto_lock_s`` without it locks the workstation: the patient on
screen is cleared, the staff session ended, and the password asked again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from kiosk.audit import AuditKind
from kiosk.codes import CodePatterns
from kiosk.pharmacy.counter import Counter
from kiosk.pharmacy.staff import SignedIn
from kiosk.scan import ScanEvent
from kiosk.settings_pharmacy import PharmacySettings
from ui.background import Operation
from ui.parts import Parts
from ui.pharmacy.counter_screen import CounterScreen, explain
from ui.pharmacy.labels import LabelPrinter
from ui.pharmacy.panels import shortcut_button
from ui.pharmacy.signin import SignInScreen

logger = logging.getLogger(__name__)

_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel}
ROLE_ZH = {"pharmacist": "药师", "pharmacy_assistant": "药剂员"}


class StaffActivity(QObject):
    """Application-wide: any key or click keeps the staff session from locking."""

    def __init__(self, counter: Counter, clock: Callable[[], float], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._counter = counter
        self._clock = clock

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in _ACTIVITY:
            self._counter.session.touch(self._clock())
        return False


@dataclass(frozen=True)
class CounterParts(Parts):
    """The counter's parts from :mod:`ui.pharmacy.wiring`, and the ones the window names."""

    print_service: Any = None  # ui.print_service.PrintService, None without printing
    housekeeping: Any = None  # ui.housekeeping.Housekeeping
    wedge: Any = None  # ui.wedge.WedgeFilter
    monitor: Any = None  # ui.gateway_monitor.GatewayMonitor: its state in the status bar
    help_panel: Any = None  # ui.pharmacy.help_panel.HelpRequestsPanel: patients calling for staff


class CounterWindow(QMainWindow):
    def __init__(
        self,
        counter: Counter,
        labels: LabelPrinter,
        *,
        settings: PharmacySettings,
        patterns: CodePatterns,
        hospital: str,
        terminal_id: str,
        clock: Callable[[], float] = time.monotonic,
        parts: CounterParts | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle(f"药房发药工作站 — {hospital}")
        self._counter = counter
        self._settings = settings
        self._clock = clock
        self._signing_in = False
        self.labels = labels
        labels.setParent(self)

        self.signin = SignInScreen(settings.window)
        self.counter_screen = CounterScreen(
            counter, labels, patterns=patterns, show_full_name=settings.show_full_name,
            hospital=hospital, instruction_sheet=settings.instruction_sheet,
            gs_substitute=settings.gs1_separator,
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(self.signin)
        self.stack.addWidget(self.counter_screen)

        top = QWidget()
        top.setObjectName("topbar")
        top.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        bar = QHBoxLayout(top)
        bar.setContentsMargins(12, 6, 12, 6)
        brand = QLabel(f"药房发药工作站 · {hospital} · {settings.window}号窗口 · {terminal_id}")
        brand.setObjectName("brand")
        self.staff_label = QLabel("未登录")
        self.lock_button = shortcut_button("锁定", "Ctrl+L", self)
        self.sign_out_button = shortcut_button("退出登录", "Ctrl+Shift+Q", self)
        bar.addWidget(brand)
        bar.addStretch(1)
        bar.addWidget(self.staff_label)
        bar.addWidget(self.lock_button)
        bar.addWidget(self.sign_out_button)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(top)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.gateway_label = QLabel("")
        self.statusBar().addPermanentWidget(self.gateway_label)
        self.statusBar().setSizeGripEnabled(False)

        self._lock_timer = QTimer(self)
        self._lock_timer.setInterval(1000)
        self._lock_timer.timeout.connect(self.check_lock)
        self._queue_timer = QTimer(self)
        self._queue_timer.setInterval(int(settings.queue_refresh_s * 1000))
        self._queue_timer.timeout.connect(self.counter_screen.refresh_queue)

        self.signin.submitted.connect(self._on_signin_submitted)
        self.lock_button.clicked.connect(self.lock)
        self.sign_out_button.clicked.connect(self.sign_out)
        self.counter_screen.session_expired.connect(self._on_counter_session_expired)
        self._show_signed_out("")

        parts = parts or CounterParts()
        self._devices = parts.take(self, self.handle_scan)
        self.print_service, self.housekeeping, self.wedge = parts.print_service, parts.housekeeping, parts.wedge
        self.help_panel = parts.help_panel
        if self.help_panel is not None:
            layout.insertWidget(1, self.help_panel)  # under the top bar, above the counter
        self.show_gateway_state(True)
        if parts.monitor is not None:
            parts.monitor.changed.connect(self.show_gateway_state)

    @property
    def counter(self) -> Counter:
        return self._counter

    # --- devices and lifecycle --------------------------------------------------------------

    def start(self) -> None:
        for device in self._devices:
            device.start()
        self._lock_timer.start()

    def stop(self) -> None:
        self._lock_timer.stop()
        self._queue_timer.stop()
        for device in reversed(self._devices):
            try:
                device.stop()
            except Exception:  # one device failing to stop must not keep the others running
                logger.exception("stopping %s failed", type(device).__name__)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        # Closing the window ends the staff session as signing out does.
        ended = self._counter.session.end()
        if ended is not None:
            self._end_remotely(ended, AuditKind.SIGN_OUT)
        self.stop()
        super().closeEvent(event)

    def reset_to_home(self) -> None:
        """After an unexpected error: nothing half-done stays on screen."""
        self.counter_screen.clear_patient()

    def show_gateway_state(self, online: bool) -> None:
        self.gateway_label.setText("医院系统：在线" if online else "医院系统：无法连接")

    # --- scans -------------------------------------------------------------------------------

    def handle_scan(self, event: ScanEvent) -> None:
        self._counter.session.touch(self._clock())
        if self._counter.session.current is None or self.stack.currentWidget() is not self.counter_screen:
            self.signin.show_message("请先登录，再扫码。", "error")
            return
        self.counter_screen.handle_text(event.text, str(event.source))

    # --- staff session ----------------------------------------------------------------------

    def _on_signin_submitted(self, staff_no: str, password: str) -> None:
        if self._signing_in:
            return
        self._signing_in = True
        Operation(lambda: self._counter.sign_in(staff_no, password), owner=self).success(
            self._on_signed_in
        ).failure(self._on_sign_in_failed).run()

    def _on_signed_in(self, signed: SignedIn) -> None:
        self._signing_in = False
        self._counter.session.signed_in(signed, self._clock())
        staff = signed.staff
        self.staff_label.setText(f"{ROLE_ZH.get(staff.role, staff.role)} {staff.name}（{staff.staff_no}）")
        self.lock_button.show()
        self.sign_out_button.show()
        self.signin.reset()
        self.stack.setCurrentWidget(self.counter_screen)
        self.counter_screen.say("请扫描患者的电子健康卡、身份证、就诊卡或缴费单，或按 F2 呼叫下一位。")
        self.counter_screen.refresh_queue()
        self._queue_timer.start()
        if self.help_panel is not None:
            self.help_panel.refresh()

    def _on_sign_in_failed(self, exc: BaseException) -> None:
        self._signing_in = False
        self.signin.set_busy(False)
        self.signin.show_message(explain(exc), "error")
        self.signin.password.setFocus()

    def check_lock(self) -> None:
        if self._counter.session.due_to_lock(self._clock()):
            self.lock()

    def lock(self) -> None:
        staff = self._counter.session.staff
        self._end(AuditKind.LOCK)
        if staff is not None:
            self._show_signed_out(staff.staff_no, "已锁定：输入密码继续，或换工号登录。",
                                  status=f"已锁定（{staff.staff_no}）")

    def sign_out(self) -> None:
        self._end(AuditKind.SIGN_OUT)
        self._show_signed_out("", "已退出登录。")

    def _on_counter_session_expired(self) -> None:
        staff = self._counter.session.staff
        self._counter.session.end()
        self._show_signed_out(staff.staff_no if staff else "", "登录已失效，请重新登录。", "error")

    def _end(self, kind: AuditKind) -> None:
        ended = self._counter.session.end()
        if ended is not None:
            self._end_remotely(ended, kind)

    def _end_remotely(self, ended: SignedIn, kind: AuditKind) -> None:
        counter = self._counter
        Operation(lambda: counter.end(ended, kind)).failure(
            lambda exc: logger.error("%s not recorded: %s", kind.value, type(exc).__name__)
        ).run()

    def _show_signed_out(self, staff_no: str, message: str = "", tone: str = "", status: str = "未登录") -> None:
        self._queue_timer.stop()
        self.counter_screen.clear_all()
        self.staff_label.setText(status)  # a locked station says so, with whose it is
        self.lock_button.hide()
        self.sign_out_button.hide()
        self.stack.setCurrentWidget(self.signin)
        self.signin.reset(staff_no, message, tone)
        if getattr(self, "help_panel", None) is not None:
            self.help_panel.refresh()  # nobody signed in: hidden
