"""The last screen of a flow: what was done, the paper being printed, Done.

It follows the print job so the patient is told when to take the paper (or that it could
not be printed, and what to do instead).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel

from kiosk.errors import Text
from printing.queue import QueueState
from ui import strings as S
from ui.background import Operation
from ui.language import TButton, TLabel
from ui.screens.generic import SummaryScreen
from ui.services.host import ServiceHost


class ResultScreen(SummaryScreen):
    taken = S.PRINTED  # said and spoken when the paper is out (a report says its own)

    def __init__(
        self,
        host: ServiceHost,
        title: Text,
        rows: Sequence[tuple[Text, Text]],
        headline: tuple[Text, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(title, rows, None, host.language, show_back=False, **kwargs)
        self._host = host
        if headline is not None:
            # The one thing to remember (the queue number) in the largest type on the screen.
            label, value = headline
            row = QHBoxLayout()
            row.addWidget(TLabel(label, host.language, "subtitle"))
            big = QLabel(value)
            big.setObjectName("countdown")
            row.addWidget(big)
            row.addStretch(1)
            self.body.insertLayout(0, row)
        self.print_status = self.add_text(Text("", ""), "nextStep")
        self.done = TButton(S.DONE, host.language, "primary")
        self.done.clicked.connect(host.patient_home)
        self.nav.home_button.hide()  # Done goes to the same place
        self.nav.extra.addWidget(self.done)
        self._jobs: list[str] = []
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self._poll)
        self.job_state: QueueState | None = None

    @property
    def _job(self) -> str | None:
        """The last job submitted (its opaque title names it at the printer)."""
        return self._jobs[-1] if self._jobs else None

    def print_document(self, document: object, printer: str) -> None:
        self.print_documents([document], printer)

    def print_documents(self, documents: Sequence[object], printer: str) -> None:
        """Several papers of one result (two reports printed at one touch), queued in
        order; the patient is told to take them once every one is out."""
        service = self._host.context.printer
        if service is None:
            self.print_status.set_text(S.NO_PRINTER)
            return
        self.print_status.set_text(S.PRINTING)
        papers = list(documents)
        Operation(lambda: [service.submit(d, printer) for d in papers], owner=self).success(
            self._follow).failure(lambda exc: self._show_state(QueueState.FAILED)).run()

    def _follow(self, job_ids: list[str]) -> None:
        self._jobs = list(job_ids)
        if self.isVisible():  # the patient may have left while the job was being stored
            self._timer.start()

    def _poll(self) -> None:
        service = self._host.context.printer
        jobs = list(self._jobs)
        if service is None or not jobs:
            return
        Operation(lambda: [service.status(j).state for j in jobs], owner=self).success(self._show_states).run()

    def _show_states(self, states: list[QueueState]) -> None:
        failed = next((s for s in states if s in (QueueState.FAILED, QueueState.UNCERTAIN)), None)
        if failed is not None:
            self._show_state(failed)
        elif all(s is QueueState.COMPLETED for s in states):
            self._show_state(QueueState.COMPLETED)

    def _show_state(self, state: QueueState) -> None:
        self.job_state = state
        if state is QueueState.COMPLETED:
            self._timer.stop()
            self.print_status.set_text(self.taken)
            self._host.say(self.taken)
        elif state in (QueueState.FAILED, QueueState.UNCERTAIN):
            self._timer.stop()
            self.print_status.set_text(S.PRINT_FAILED)

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self._timer.stop()
        super().hideEvent(event)
