"""Patients' calls for staff (叫工作人员) at the workstation: the open requests, live.

While a staff member is signed in, the panel asks the gateway every few seconds for the
open and acknowledged help requests (with the staff session) and lists them longest
waiting first: which kiosk, which step, how long, overdue in red. "我去" acknowledges one
(the kiosk then shows who is coming), "已处理" closes it. No patient data travels with a
request, so none is shown. Hidden while nobody is signed in, and when the gateway does not
take help requests.

Signals: ``changed(int)``: how many requests are under way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.errors import GatewayRejected
from kiosk.usecases.help import HelpRequest, HelpRequests, StaffHelpAPI
from ui.background import Operation

logger = logging.getLogger(__name__)

REFRESH_MS = 5000


class HelpRequestsPanel(QFrame):
    changed = Signal(int)

    def __init__(self, api: StaffHelpAPI, token: Callable[[], str | None], refresh_ms: int = REFRESH_MS,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpRequests")
        self._api = api
        self._token = token
        self._busy = False
        self.requests: list[HelpRequest] = []
        self.rows: dict[str, tuple[QLabel, QPushButton, QPushButton]] = {}
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 6, 12, 6)
        self.heading = QLabel("患者求助：无")
        self.heading.setObjectName("helpHeading")
        column.addWidget(self.heading)
        self._list = QVBoxLayout()
        column.addLayout(self._list)
        self._timer = QTimer(self)
        self._timer.setInterval(refresh_ms)
        self._timer.timeout.connect(self.refresh)
        self.hide()

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def refresh(self) -> None:
        token = self._token()
        if token is None:
            self._show(HelpRequests())
            self.hide()
            return
        if self._busy:
            return
        self._busy = True
        Operation(lambda: self._api.open_requests(token), owner=self).success(self._on_listed).failure(
            self._on_failed).run()

    def _on_listed(self, listed: HelpRequests) -> None:
        self._busy = False
        if self._token() is None:
            return  # signed out while the list was on its way
        self.show()
        self._show(listed)

    def _on_failed(self, exc: BaseException) -> None:
        self._busy = False
        if isinstance(exc, GatewayRejected) and exc.code in ("not_found", "unknown_route"):
            self.hide()  # a gateway without help requests
        logger.info("help requests not listed: %s", getattr(exc, "code", type(exc).__name__))

    def _show(self, listed: HelpRequests) -> None:
        self.requests = [r for r in listed.requests if not r.closed]
        while self._list.count():
            item = self._list.takeAt(0)
            if item.layout() is not None:
                while item.layout().count():
                    widget = item.layout().takeAt(0).widget()
                    if widget is not None:
                        widget.deleteLater()
            elif item.widget() is not None:
                item.widget().deleteLater()
        self.rows = {}
        for request in self.requests:
            self._add_row(request)
        overdue = sum(1 for r in self.requests if r.overdue)
        count = len(self.requests)
        self.heading.setText(f"患者求助：{count} 个" + (f"（{overdue} 个已超时）" if overdue else "") if count else "患者求助：无")
        self.changed.emit(count)

    def _add_row(self, request: HelpRequest) -> None:
        row = QHBoxLayout()
        state = f"{request.acknowledged_by} 已接单" if request.acknowledged else "待响应"
        label = QLabel(f"{request.terminal_id} · {request.screen} · 已等 {request.waiting_s} 秒 · {state}"
                       + (" · 超时" if request.overdue else ""))
        label.setObjectName("helpOverdue" if request.overdue else "helpLine")
        go = QPushButton("我去")
        go.setEnabled(not request.acknowledged)
        go.clicked.connect(lambda _=False, rid=request.request_id: self._answer(self._api.acknowledge, rid))
        close = QPushButton("已处理")
        close.clicked.connect(lambda _=False, rid=request.request_id: self._answer(self._api.close, rid))
        for widget in (label, go, close):
            row.addWidget(widget, 1 if widget is label else 0)
        self._list.addLayout(row)
        self.rows[request.request_id] = (label, go, close)

    def _answer(self, action: Callable[[str, str], HelpRequest], request_id: str) -> None:
        token = self._token()
        if token is None:
            return

        def failed(exc: BaseException) -> None:
            # Taken by a colleague or closed meanwhile: the fresh list shows how it stands.
            logger.info("help request not answered: %s", getattr(exc, "code", type(exc).__name__))
            self.refresh()

        Operation(lambda: action(token, request_id), owner=self).success(lambda _r: self.refresh()).failure(
            failed).run()
