"""Medication labels after a dispense, one per item, and the instruction sheet, through the
durable print queue.

One label per prescribed item, not per box, on purpose: the label carries how to take that
medicine, which is the same for every box of it, and states the quantity (×2 盒) so the
pharmacist checks it against the prescription line in one look; a label per box would add
paper and handling at a busy window without adding information. Each box is still
accounted for by its traceability code in the dispense record, and the instruction sheet
lists every medicine for the patient who opens a second box at home.

Rendering and queueing run on the background helper; a short poll follows the jobs until
the printer has them, so staff see "printed" or what went wrong without waiting on it.

Signals: ``LabelPrinter.finished(str, bool)`` (message, ok).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.pharmacy.models import Dispense, Item, Lookup, Staff
from printing.models import (
    Hospital,
    InstructionItem,
    InstructionSheet,
    MedicationLabel,
    Patient,
)
from printing.queue import QueueState
from ui.background import Operation
from ui.print_service import PrintService

logger = logging.getLogger(__name__)

POLL_MS = 400
# A label that has not reached the printer by then is reported, not waited on for ever.
GIVE_UP_POLLS = 150


def labels_for(
    found: Lookup, dispense: Dispense, staff: Staff | None, hospital: str
) -> list[MedicationLabel]:
    """The gateway's label data where it sent any, the prescription otherwise."""
    items: dict[str, Item] = {i.item_id: i for i in found.items}
    rx_of = {i.item_id: p.prescription_id for p in found.prescriptions for i in p.items}
    sent = {str(label.get("item_id")): label for label in dispense.labels}
    patient = Patient(
        name=found.patient.name, id_number="", sex=found.patient.gender, age=found.patient.age
    )
    labels = []
    for item_id, item in items.items():
        data = sent.get(item_id, {})
        days = data.get("days", item.days)
        notes = data.get("notes", item.notes) or ""
        labels.append(
            MedicationLabel(
                hospital=Hospital(hospital),
                patient=patient,
                prescription_no=rx_of[item_id],
                drug_name=str(data.get("drug", item.drug)),
                specification=str(data.get("spec", item.spec)),
                quantity=f"{data.get('qty', item.qty)}{data.get('unit', item.unit)}",
                usage=str(data.get("usage", item.usage)),
                dose=str(data.get("dose", item.dose)),
                frequency=str(data.get("frequency", item.frequency)),
                days=f"共{days}天" if days else "",
                notes=tuple(n for n in str(notes).split("\n") if n),
                pharmacy_window=dispense.window,
                dispensed_at=dispense.dispensed_at.replace(tzinfo=None),  # hospital time
                pharmacist=staff.name if staff else "",
            )
        )
    return labels


def instruction_sheet_for(
    found: Lookup, dispense: Dispense, staff: Staff | None, hospital: str
) -> InstructionSheet:
    labels = labels_for(found, dispense, staff, hospital)
    return InstructionSheet(
        hospital=Hospital(hospital),
        patient=labels[0].patient if labels else Patient(found.patient.name, "", "", ""),
        items=tuple(
            InstructionItem(
                drug_name=label.drug_name,
                specification=label.specification,
                quantity=label.quantity,
                usage=label.usage,
                dose=label.dose,
                frequency=label.frequency,
                days=label.days,
                notes=label.notes,
            )
            for label in labels
        ),
        prescription_nos=tuple(p.prescription_id for p in found.prescriptions),
        allergies=found.patient.allergies,
        pharmacy_window=dispense.window,
        dispensed_at=dispense.dispensed_at.replace(tzinfo=None),
        pharmacist=staff.name if staff else "",
    )


class LabelPrinter(QObject):
    finished = Signal(str, bool)

    def __init__(self, service: PrintService | None, printer: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._printer = printer
        self._jobs: list[str] = []
        self._polls = 0
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._polling = False
        self._what = ""

    @property
    def available(self) -> bool:
        return self._service is not None

    def print(self, documents: list[object], what: str) -> None:
        """Queue ``documents``; ``what`` names them in the finished message."""
        if self._service is None:
            self.finished.emit("未配置标签打印机，标签未打印。", False)
            return
        self._what = what
        service, printer = self._service, self._printer
        Operation(lambda: [service.submit(d, printer) for d in documents], owner=self).success(
            self._on_submitted
        ).failure(self._on_failed).run()

    def _on_submitted(self, job_ids: list[str]) -> None:
        self._jobs = list(job_ids)
        self._polls = 0
        self._timer.start()

    def _on_failed(self, exc: BaseException) -> None:
        logger.error("labels not queued: %s", type(exc).__name__)
        self.finished.emit("标签未能送往打印机，请检查打印机后补打 [F8]。", False)

    def _poll(self) -> None:
        if self._polling or self._service is None:
            return
        self._polling = True
        service, jobs = self._service, list(self._jobs)
        Operation(lambda: [service.status(j) for j in jobs], owner=self).success(
            self._on_statuses
        ).failure(lambda exc: self._on_statuses([])).run()

    def _on_statuses(self, statuses: list) -> None:
        self._polling = False
        self._polls += 1
        if statuses and all(not s.state.open for s in statuses):
            self._timer.stop()
            bad = [s for s in statuses if s.state is not QueueState.COMPLETED]
            if bad:
                self.finished.emit(f"有 {len(bad)} 张标签打印失败，请检查打印机后补打 [F8]。", False)
            else:
                self.finished.emit(f"{self._what}已打印。", True)
        elif self._polls >= GIVE_UP_POLLS:
            self._timer.stop()
            self.finished.emit("标签仍在等待打印机，请检查打印机。", False)

    def start(self) -> None:
        pass

    def stop(self) -> None:
        self._timer.stop()
