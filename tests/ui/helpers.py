"""Looking into the widget tree the way a privacy audit would."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QObject
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget


def visible_texts(root: QWidget | None = None) -> list[str]:
    widgets = root.findChildren(QWidget) if root is not None else QApplication.allWidgets()
    texts = []
    for w in widgets:
        if isinstance(w, QLabel | QAbstractButton | QLineEdit):
            texts.append(w.text())
        texts += [w.toolTip(), w.accessibleName(), w.accessibleDescription(), w.windowTitle()]
    return [t for t in texts if t]


def all_strings_in_tree() -> list[str]:
    """Every string a widget or item model anywhere in the application still holds."""
    texts = visible_texts()
    app = QApplication.instance()
    roots: list[QObject] = [*app.topLevelWidgets(), app]
    for root in roots:
        for model in root.findChildren(QAbstractItemModel):
            for row in range(model.rowCount()):
                for col in range(model.columnCount()):
                    value = model.data(model.index(row, col))
                    if value is not None:
                        texts.append(str(value))
    return texts


def wedge_scan(qtbot, widget, text: str) -> None:
    """Type ``text`` as a USB scanner does: a burst of keys with no delay, then Enter."""
    from PySide6.QtCore import Qt

    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)
