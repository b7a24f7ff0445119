"""The signed-in counter: queue on the left, the patient and their boxes on the right.

Every gateway call runs through the background helper; while one is out, only the actions it
would conflict with are disabled, and the notice line says what is happening. Scans arrive
from the window (wedge, serial/evdev scanners, the typed-code field) via :meth:`handle_text`.

Signals: ``session_expired()`` when the gateway no longer knows the staff session.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from kiosk.codes import CodeKind, CodePatterns, CodeRejected, classify
from kiosk.errors import GatewayRejected, KioskError
from kiosk.pharmacy.counter import Counter
from kiosk.pharmacy.models import Dispense, Drug, Lookup, QueueEntry
from kiosk.pharmacy.trace import TraceRejected, looks_like_trace, parse_trace
from kiosk.pharmacy.verify import BoxVerifier, Outcome, Refusal
from ui.background import Operation
from ui.pharmacy.labels import LabelPrinter, instruction_sheet_for, labels_for
from ui.pharmacy.panels import PatientPanel, QueuePanel, ScanPanel, shortcut_button

logger = logging.getLogger(__name__)

EXPIRED_SESSION = "staff_session_expired"


def explain(exc: BaseException) -> str:
    if isinstance(exc, KioskError):
        return f"{exc.message.zh} {exc.next_step.zh}".strip()
    logger.error("unexpected %s at the counter", type(exc).__name__)
    return "出现意外错误，请重试；如反复出现请联系信息科。"


class CounterScreen(QWidget):
    session_expired = Signal()

    def __init__(
        self,
        counter: Counter,
        labels: LabelPrinter,
        *,
        patterns: CodePatterns,
        show_full_name: bool,
        hospital: str,
        instruction_sheet: bool = True,
        gs_substitute: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self._gs_substitute = gs_substitute
        self._counter = counter
        self._labels = labels
        self._patterns = patterns
        self._hospital = hospital
        self._instruction_sheet = instruction_sheet
        self._found: Lookup | None = None
        self._verifier: BoxVerifier | None = None
        self._dispensed: Dispense | None = None
        self._busy: set[str] = set()
        self._queue_loading = False

        self.queue = QueuePanel()
        self.patient = PatientPanel(show_full_name)
        self.scans = ScanPanel()
        self.notice = QLabel("")
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.dispense_button = shortcut_button("核对无误，发药", "F9", self, "primary")
        self.reprint_button = shortcut_button("补打标签", "F8", self)
        self.clear_button = shortcut_button("清空当前患者", "Esc", self)
        self.refresh_button = shortcut_button("刷新队列", "F5", self)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.patient, 1)
        rl.addWidget(self.scans, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.clear_button)
        actions.addWidget(self.reprint_button)
        actions.addStretch(1)
        actions.addWidget(self.dispense_button)
        rl.addLayout(actions)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.queue, 1)
        ll.addWidget(self.refresh_button)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setSizes([380, 1200])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 8, 10, 8)
        outer.addWidget(self.notice)
        outer.addWidget(split, 1)

        self.queue.call_next_button.clicked.connect(self.call_next)
        self.queue.recall_requested.connect(self._on_queue_recall_requested)
        self.refresh_button.clicked.connect(self.refresh_queue)
        self.scans.remove_requested.connect(self._on_scans_remove_requested)
        self.scans.entered.connect(lambda text: self.handle_text(text, "manual"))
        self.dispense_button.clicked.connect(self.dispense)
        self.reprint_button.clicked.connect(self.reprint)
        self.clear_button.clicked.connect(self.clear_patient)
        self._labels.finished.connect(self._on_labels_finished)
        self.say("请扫描患者的电子健康卡、身份证、就诊卡或缴费单，或按 F2 呼叫下一位。")
        self._update_actions()

    # --- state -------------------------------------------------------------------------------

    @property
    def found(self) -> Lookup | None:
        return self._found

    @property
    def verifier(self) -> BoxVerifier | None:
        return self._verifier

    @property
    def dispensed(self) -> Dispense | None:
        return self._dispensed

    @property
    def busy(self) -> bool:
        return bool(self._busy)

    def say(self, text: str, tone: str = "") -> None:
        self.notice.setText(text)
        self.notice.setProperty("tone", tone)
        self.notice.style().unpolish(self.notice)
        self.notice.style().polish(self.notice)

    def _update_actions(self) -> None:
        dispensing = "dispense" in self._busy
        staff = self._counter.session.staff
        # Assistants prepare and verify boxes; the dispense itself is the pharmacist's check.
        may_dispense = staff is None or staff.role == "pharmacist"
        self.dispense_button.setEnabled(
            self._verifier is not None
            and self._verifier.complete
            and self._dispensed is None
            and not self._busy
            and may_dispense
        )
        self.dispense_button.setToolTip("" if may_dispense else "仅药师可核对发药：请药师登录后发药")
        self.reprint_button.setEnabled(self._dispensed is not None and not dispensing)
        self.clear_button.setEnabled(self._found is not None and not dispensing)
        self.scans.remove_button.setEnabled(self._verifier is not None and self._dispensed is None
                                            and not dispensing)
        self.queue.call_next_button.setEnabled("call" not in self._busy)
        self.queue.recall_button.setEnabled("call" not in self._busy)

    def _run(self, tag: str, fn, on_success, busy_text: str = "") -> None:
        self._busy.add(tag)
        if busy_text:
            self.say(busy_text, "busy")
        self._update_actions()

        def done(result) -> None:
            self._busy.discard(tag)
            on_success(result)
            self._update_actions()

        def failed(exc: BaseException) -> None:
            self._busy.discard(tag)
            self._fail(tag, exc)
            self._update_actions()

        Operation(fn, owner=self).success(done).failure(failed).run()

    # --- queue -------------------------------------------------------------------------------

    def refresh_queue(self) -> None:
        if self._queue_loading:
            return
        self._queue_loading = True

        def loaded(entries: list[QueueEntry]) -> None:
            self._queue_loading = False
            self.queue.set_entries(self._counter.window, entries, f"{self._counter.clock.now():%H:%M:%S}")

        def failed(exc: BaseException) -> None:
            self._queue_loading = False
            if isinstance(exc, GatewayRejected) and exc.code == EXPIRED_SESSION:
                self.session_expired.emit()
            else:
                self.queue.updated.setText(f"队列未能刷新：{explain(exc)}")

        Operation(self._counter.queue, owner=self).success(loaded).failure(failed).run()

    def call_next(self) -> None:
        queue = self.queue.entries
        self._run("call", lambda: self._counter.call_next(queue), self._on_called, "正在呼叫下一位…")

    def _on_queue_recall_requested(self, entry: QueueEntry) -> None:
        self._run("call", lambda: self._counter.recall(entry), self._on_called, "正在重呼…")

    def _on_called(self, called: dict) -> None:
        self.say(f"已呼叫 {called.get('ticket_no', '')} {called.get('name_masked', '')}，"
                 "请扫描患者的码。", "ok")
        self.refresh_queue()

    # --- scans -------------------------------------------------------------------------------

    def handle_text(self, text: str, source: str) -> None:
        """One scan or typed code: a box if it looks like one, else the patient's code."""
        if looks_like_trace(text):
            self._box(text)
        else:
            self._patient(text, source)

    def _patient(self, text: str, source: str) -> None:
        if "dispense" in self._busy:
            self.say("正在发药，请稍候再扫下一位患者。", "busy")
            return
        try:
            code = classify(text, self._patterns, today=self._counter.clock.today())
        except CodeRejected as exc:
            self.say(explain(exc), "error")
            return
        if code.kind is CodeKind.SPECIMEN:
            self.say("这是检验标本条码，不能识别患者。请扫描健康卡、身份证、就诊卡或缴费单。", "error")
            return
        self.clear_patient()

        def shown(result: tuple[Lookup, dict[str, Drug]]) -> None:
            found, drugs = result
            self._show(found, drugs)

        self._run(
            "lookup",
            lambda: self._counter.lookup(code.text, source, code.health_card_id),
            shown,
            "正在查询处方…",
        )

    def _show(self, found: Lookup, drugs: dict[str, Drug]) -> None:
        self._found = found
        self._verifier = BoxVerifier(found.items, drugs)
        self._dispensed = None
        self.patient.show_lookup(found)
        self.scans.clear()
        if not found.prescriptions:
            self.say("该患者没有已缴费、待发药的处方。", "error")
            return
        boxes = sum(i.qty for i in found.items)
        self.say(f"请逐盒扫描药品追溯码：共 {len(found.items)} 种药品，{boxes} 盒。", "")

    def _box(self, text: str) -> None:
        verifier = self._verifier
        if verifier is None or self._found is None:
            self.say("请先扫描患者的码，再扫描药盒。", "error")
            return
        if self._dispensed is not None or "dispense" in self._busy:
            self.say("本次已发药。请扫描下一位患者。", "error")
            return
        try:
            code = parse_trace(text, self._gs_substitute)
        except TraceRejected as exc:
            shown = text if len(text) <= 40 else text[:40] + "…"
            self.scans.add_refused_text(shown, explain(exc))
            self.say(explain(exc), "error")
            return
        assert code is not None  # looks_like_trace said so

        def judged(check) -> None:
            if verifier is not self._verifier:
                return  # a late answer for a patient who has gone
            outcome = verifier.scan(code, check, self._counter.clock)
            self._after_scan(outcome)

        self._run(f"check:{code.key}", lambda: self._counter.check(code), judged, "正在核验追溯码…")

    def _after_scan(self, outcome: Outcome) -> None:
        verifier = self._verifier
        assert verifier is not None
        if outcome.accepted and outcome.item is not None:
            item = outcome.item
            message = f"{item.drug} {item.spec}（第 {verifier.count(item.item_id)}/{item.qty} 盒）"
            tone = "ok"
        else:
            refusal = outcome.refusal or Refusal.WRONG_DRUG
            message = refusal.message.zh
            if outcome.item is not None and refusal in (Refusal.TOO_MANY, Refusal.EXPIRED):
                message = f"{message}（{outcome.item.drug}）"
            if outcome.detail:
                label = "有效期至" if refusal is Refusal.EXPIRED else "发药时间"
                message = f"{message} {label} {outcome.detail}"
            tone = "error"
        self.scans.add(outcome, message)
        self.patient.set_counts({i.item_id: verifier.count(i.item_id) for i in verifier.items})
        if verifier.complete:
            self.say("全部药品已核验，按 F9 发药。", "ok")
        else:
            self.say(message, tone)

    def _on_scans_remove_requested(self, key: str) -> None:
        if self._verifier is not None and self._verifier.remove(key):
            verifier = self._verifier
            self.patient.set_counts({i.item_id: verifier.count(i.item_id) for i in verifier.items})
            self.say("已删除该盒的扫描记录，请把药盒放回。", "")
        self._update_actions()

    # --- dispense and labels ------------------------------------------------------------------

    def dispense(self) -> None:
        found, verifier = self._found, self._verifier
        if found is None or verifier is None or not verifier.complete or self._busy:
            return
        self._run(
            "dispense",
            lambda: self._counter.dispense(found, verifier),
            lambda result: self._on_dispensed(found, result),
            "正在发药…",
        )

    def _on_dispensed(self, found: Lookup, result: Dispense) -> None:
        if found is not self._found:
            return
        self._dispensed = result
        self.patient.show_dispensed(result.dispense_id, result.dispensed_at.strftime("%H:%M"))
        self.say(f"发药完成（{result.dispense_id}），正在打印标签…", "ok")
        self._print(found, result)

    def _print(self, found: Lookup, result: Dispense) -> None:
        staff = self._counter.session.staff
        documents: list[object] = list(labels_for(found, result, staff, self._hospital))
        what = f"标签 {len(documents)} 张"
        if self._instruction_sheet:
            documents.append(instruction_sheet_for(found, result, staff, self._hospital))
            what += "、用药指导单 1 份"
        self._labels.print(documents, what)

    def _fail_dispense(self, exc: GatewayRejected) -> None:
        codes = (exc.detail or {}).get("codes") or []
        for box in list(self._verifier.boxes if self._verifier else ()):
            if box.code.text in codes or box.code.key in codes:
                self._verifier.remove(box.code.key)
                self.scans.mark_refused(box.code.key, Refusal.ALREADY_DISPENSED.message.zh)
        if self._verifier is not None:
            verifier = self._verifier
            self.patient.set_counts({i.item_id: verifier.count(i.item_id) for i in verifier.items})

    def _fail(self, tag: str, exc: BaseException) -> None:
        if isinstance(exc, GatewayRejected) and exc.code == EXPIRED_SESSION:
            self.session_expired.emit()
            return
        if tag == "dispense" and isinstance(exc, GatewayRejected):
            self._fail_dispense(exc)
            self.say(f"未发药：{explain(exc)}", "error")
            return
        if tag.startswith("check:"):
            self.say(f"未能核验此盒：{explain(exc)} 请重新扫描。", "error")
            return
        self.say(explain(exc), "error")

    def reprint(self) -> None:
        found, result = self._found, self._dispensed
        if found is None or result is None:
            return
        staff = self._counter.session.staff
        Operation(
            lambda: self._counter.reprint(staff.staff_no if staff else "", found.patient.patient_ref,
                                          result.dispense_id),
            owner=self,
        ).failure(lambda exc: logger.error("reprint not audited: %s", type(exc).__name__)).run()
        self.say("正在补打标签…", "busy")
        self._print(found, result)

    def _on_labels_finished(self, message: str, ok: bool) -> None:
        if self._dispensed is None:
            return
        self.say(f"发药完成。{message} 请扫描下一位患者或按 F2 呼叫。", "ok" if ok else "error")

    def clear_patient(self) -> None:
        """Forget the patient on screen (the next one, a lock, sign-out)."""
        self._found = None
        self._verifier = None
        self._dispensed = None
        self.patient.clear()
        self.scans.clear()
        self._update_actions()

    def clear_all(self) -> None:
        self.clear_patient()
        self.queue.clear()
        self.say("")

