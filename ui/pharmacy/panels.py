"""The counter screen's three panels: the window's queue, the patient with prescriptions, and
the scanned boxes. Widgets only: they show what they are given and emit what staff do; the
counter screen talks to the gateway.

Signals: ``QueuePanel.recall_requested(object)`` (QueueEntry);
``ScanPanel.remove_requested(str)`` (box key); ``ScanPanel.entered(str)`` (typed code).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.pharmacy.models import CounterPatient, Item, Lookup, QueueEntry
from kiosk.pharmacy.trace import TraceCode, TraceKind
from kiosk.pharmacy.verify import Outcome
from kiosk.privacy import mask_name
from ui.pharmacy import theme

NO_PATIENT = "未选择患者"
STATUS_ZH = {"preparing": "配药中", "ready": "待取药", "called": "已呼叫", "dispensed": "已发药"}


def shortcut_button(text: str, key: str, parent: QWidget, name: str = "") -> QPushButton:
    """A button whose shortcut is printed on it, so nobody has to remember it."""
    button = QPushButton(f"{text}  [{key}]", parent)
    if name:
        button.setObjectName(name)
    button.setToolTip(key)
    shortcut = QShortcut(QKeySequence(key), parent)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(lambda: button.isEnabled() and button.isVisible() and button.click())
    button.shortcut = shortcut  # kept alive with the button
    return button


def _title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("panelTitle")
    return label


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    # Keyboard focus stays where staff put it; the scanner does not need it.
    table.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    return table


class QueuePanel(QWidget):
    recall_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries: list[QueueEntry] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = _title("候药队列")
        layout.addWidget(self.title)
        self.table = _table(["号", "患者", "状态", "处方"])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.call_next_button = shortcut_button("呼叫下一位", "F2", self, "primary")
        self.recall_button = shortcut_button("重呼所选", "F3", self)
        self.recall_button.clicked.connect(self._on_recall_clicked)
        row = QHBoxLayout()
        row.addWidget(self.call_next_button, 1)
        row.addWidget(self.recall_button)
        layout.addLayout(row)
        self.updated = QLabel("")
        self.updated.setObjectName("patientMeta")
        layout.addWidget(self.updated)

    @property
    def entries(self) -> list[QueueEntry]:
        return list(self._entries)

    def set_entries(self, window: str, entries: list[QueueEntry], at: str) -> None:
        selected = self.selected()
        self._entries = list(entries)
        self.title.setText(f"{window}号窗口 候药队列（{len(entries)}人）")
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            cells = [
                entry.ticket_no,
                entry.name_masked,  # the queue is visible over the counter: always masked
                STATUS_ZH.get(entry.status, entry.status),
                str(entry.prescription_count),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if entry.status == "called":
                    item.setForeground(QBrush(QColor(theme.AMBER)))
                self.table.setItem(row, column, item)
            if selected is not None and entry.queue_id == selected.queue_id:
                self.table.selectRow(row)
        self.updated.setText(f"更新于 {at}")

    def selected(self) -> QueueEntry | None:
        row = self.table.currentRow()
        if 0 <= row < len(self._entries) and self.table.selectionModel().hasSelection():
            return self._entries[row]
        return None

    def _on_recall_clicked(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.recall_requested.emit(entry)

    def clear(self) -> None:
        self._entries = []
        self.table.setRowCount(0)
        self.updated.setText("")


class PatientPanel(QWidget):
    """Who is at the counter and what they are to receive, with each item's box count."""

    COLUMNS = ["药品", "规格", "数量", "已扫", "用法", "用量", "频次", "天数", "备注"]

    def __init__(self, show_full_name: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._show_full_name = show_full_name
        self._rows: dict[str, QTreeWidgetItem] = {}
        self._items: dict[str, Item] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.name = QLabel(NO_PATIENT)
        self.name.setObjectName("patientName")
        self.meta = QLabel("")
        self.meta.setObjectName("patientMeta")
        head.addWidget(self.name)
        head.addSpacing(16)
        head.addWidget(self.meta, 1)
        self.progress = QLabel("")
        self.progress.setObjectName("progress")
        head.addWidget(self.progress)
        layout.addLayout(head)
        self.allergy = QLabel("")
        self.allergy.setObjectName("allergy")
        self.allergy.setWordWrap(True)
        self.allergy.hide()
        layout.addWidget(self.allergy)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(self.COLUMNS))
        self.tree.setHeaderLabels(self.COLUMNS)
        self.tree.setAlternatingRowColors(True)
        self.tree.setRootIsDecorated(False)
        # No indentation: the branch area left of an indented row takes no item background,
        # so a verified (green) row had a white strip down its left edge. The bold
        # prescription row above its items already groups them.
        self.tree.setIndentation(0)
        self.tree.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        layout.addWidget(self.tree, 1)

    def display_name(self, patient: CounterPatient) -> str:
        return patient.name if self._show_full_name else mask_name(patient.name)

    def show_lookup(self, found: Lookup) -> None:
        patient = found.patient
        self.name.setText(self.display_name(patient))
        meta = f"{patient.gender}  {patient.age}  ·  本窗口 {len(found.prescriptions)} 张处方"
        elsewhere = sorted({rx.window or "" for rx in found.elsewhere})
        if elsewhere:
            meta += f"  ·  另有 {len(found.elsewhere)} 张在 {'、'.join(elsewhere)} 号窗口取药"
        self.meta.setText(meta)
        # Always said, either way: a missing banner cannot be told from a forgotten check.
        if patient.allergies:
            self.allergy.setObjectName("allergy")
            self.allergy.setText("⚠ 过敏史：" + "、".join(patient.allergies))
        else:
            self.allergy.setObjectName("noAllergy")
            self.allergy.setText("过敏史：无")
        self.allergy.style().unpolish(self.allergy)
        self.allergy.style().polish(self.allergy)
        self.allergy.show()
        self.tree.clear()
        self._rows.clear()
        self._items.clear()
        for rx in found.prescriptions:
            parent = QTreeWidgetItem(
                [f"处方 {rx.prescription_id} · {rx.department} · {rx.doctor} · {rx.diagnosis}"]
            )
            parent.setFirstColumnSpanned(True)
            font = parent.font(0)
            font.setBold(True)
            parent.setFont(0, font)
            self.tree.addTopLevelItem(parent)
            for item in rx.items:
                days = f"{item.days}天" if item.days else ""
                row = QTreeWidgetItem(
                    [item.drug, item.spec, f"{item.qty}{item.unit}", "", item.usage, item.dose,
                     item.frequency, days, item.notes]
                )
                row.setToolTip(0, item.drug_code)
                parent.addChild(row)
                self._rows[item.item_id] = row
                self._items[item.item_id] = item
            parent.setExpanded(True)
            # A spanned row only spans once it is in the tree.
            parent.setFirstColumnSpanned(True)
        self.set_counts({})

    def set_counts(self, counts: dict[str, int]) -> None:
        done = 0
        for item_id, row in self._rows.items():
            item = self._items[item_id]
            n = counts.get(item_id, 0)
            row.setText(3, f"{n}/{item.qty}")
            font = row.font(3)
            font.setBold(True)
            row.setFont(3, font)
            if n == item.qty:
                row.setText(3, f"✓ {n}/{item.qty}")
                colour = theme.OK_BG
                done += 1
            elif n:
                colour = theme.AMBER_BG
            else:
                colour = None
            for column in range(len(self.COLUMNS)):
                row.setBackground(column, QBrush(QColor(colour)) if colour else QBrush())
        total = len(self._rows)
        self.progress.setText(f"已核验 {done}/{total} 项" if total else "")

    def show_dispensed(self, dispense_id: str, at: str) -> None:
        self.progress.setText(f"✓ 已发药 {at}（{dispense_id}）")

    def clear(self) -> None:
        self.name.setText(NO_PATIENT)
        self.meta.setText("")
        self.progress.setText("")
        self.allergy.hide()
        self.allergy.setText("")
        self.tree.clear()
        self._rows.clear()
        self._items.clear()


def code_text(code: TraceCode) -> str:
    if code.kind is TraceKind.GS1:
        return code.hri or code.text
    t = code.text
    return f"{t[:7]} {t[7:16]} {t[16:]}"  # product · serial · check, as staff read it


class ScanPanel(QWidget):
    """Every box scanned for this patient, accepted or refused, newest first."""

    remove_requested = Signal(str)
    entered = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._keys: list[str | None] = []  # per row: the box key if accepted
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_title("扫描药盒追溯码"))
        self.table = _table(["结果", "追溯码", "药品 / 原因"])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.entry = QLineEdit()
        self.entry.setPlaceholderText("条码无法扫描时手工输入追溯码，回车确认 [F6]")
        self.entry.returnPressed.connect(self._on_entry_return)
        focus = QShortcut(QKeySequence("F6"), self)
        focus.setContext(Qt.ShortcutContext.WindowShortcut)
        focus.activated.connect(self.entry.setFocus)
        self.remove_button = shortcut_button("删除扫描（所选或最近）", "Del", self, "danger")
        self.remove_button.clicked.connect(self._on_remove_clicked)
        row.addWidget(self.entry, 1)
        row.addWidget(self.remove_button)
        layout.addLayout(row)

    def add(self, outcome: Outcome, message: str) -> None:
        self.table.insertRow(0)
        self._keys.insert(0, outcome.code.key if outcome.accepted else None)
        mark = QTableWidgetItem("✓ 通过" if outcome.accepted else "✗ 拒绝")
        mark.setForeground(QBrush(QColor(theme.OK if outcome.accepted else theme.DANGER)))
        font = mark.font()
        font.setBold(True)
        mark.setFont(font)
        cells = [mark, QTableWidgetItem(code_text(outcome.code)), QTableWidgetItem(message)]
        for column, cell in enumerate(cells):
            if not outcome.accepted:
                cell.setBackground(QBrush(QColor(theme.DANGER_BG)))
            self.table.setItem(0, column, cell)
        self.table.resizeRowToContents(0)

    def add_refused_text(self, shown: str, message: str) -> None:
        """A scan refused before it became a box code (e.g. the EAN product code)."""
        self.table.insertRow(0)
        self._keys.insert(0, None)
        mark = QTableWidgetItem("✗ 拒绝")
        mark.setForeground(QBrush(QColor(theme.DANGER)))
        for column, cell in enumerate([mark, QTableWidgetItem(shown), QTableWidgetItem(message)]):
            cell.setBackground(QBrush(QColor(theme.DANGER_BG)))
            self.table.setItem(0, column, cell)
        self.table.resizeRowToContents(0)

    def mark_refused(self, key: str, message: str) -> None:
        """The gateway refused a box that was accepted here (e.g. dispensed meanwhile)."""
        for row, row_key in enumerate(self._keys):
            if row_key == key:
                self._keys[row] = None
                self.table.item(row, 0).setText("✗ 拒绝")
                self.table.item(row, 0).setForeground(QBrush(QColor(theme.DANGER)))
                self.table.item(row, 2).setText(message)
                for column in range(3):
                    self.table.item(row, column).setBackground(QBrush(QColor(theme.DANGER_BG)))

    def accepted_rows(self) -> int:
        return sum(1 for k in self._keys if k is not None)

    def _on_remove_clicked(self) -> None:
        # Keyboard first: with no row picked, Del takes back the latest scan.
        selected = self.table.selectionModel().hasSelection()
        row = self.table.currentRow() if selected else 0
        if not 0 <= row < len(self._keys):
            return
        key = self._keys.pop(row)
        self.table.removeRow(row)
        if key is not None:
            self.remove_requested.emit(key)

    def _on_entry_return(self) -> None:
        text = self.entry.text().strip()
        self.entry.clear()
        if text:
            self.entered.emit(text)

    def clear(self) -> None:
        self._keys.clear()
        self.table.setRowCount(0)
        self.entry.clear()
