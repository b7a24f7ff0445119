"""The language the screens speak, and widgets that follow it.

Chinese is shown first to every new patient; the English switch lasts until the session ends.

Signals: ``LanguageModel.changed(str)``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from kiosk.errors import Text


class LanguageModel(QObject):
    changed = Signal(str)

    def __init__(self, default: str = "zh") -> None:
        super().__init__()
        self._default = default
        self._current = default

    @property
    def current(self) -> str:
        return self._current

    def set(self, language: str) -> None:
        if language != self._current:
            self._current = language
            self.changed.emit(language)

    def toggle(self) -> None:
        self.set("en" if self._current == "zh" else "zh")

    def reset(self) -> None:
        self.set(self._default)

    def tr(self, text: Text, **fmt: Any) -> str:
        value = text.get(self._current)
        return value.format(**fmt) if fmt else value


class TLabel(QLabel):
    """A label whose text follows the language model."""

    def __init__(
        self, text: Text, language: LanguageModel, object_name: str = "", parent: QWidget | None = None, **fmt: Any
    ) -> None:
        super().__init__(parent)
        self._text = text
        self._fmt = fmt
        self._language = language
        if object_name:
            self.setObjectName(object_name)
        self.setWordWrap(True)
        language.changed.connect(self._refresh)
        self._refresh()

    def set_text(self, text: Text, **fmt: Any) -> None:
        self._text = text
        self._fmt = fmt
        self._refresh()

    def _refresh(self, *_: object) -> None:
        self.setText(self._language.tr(self._text, **self._fmt))


class TButton(QPushButton):
    """A push button whose caption follows the language model."""

    def __init__(
        self, text: Text, language: LanguageModel, name: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._text = text
        self._language = language
        if name:
            self.setObjectName(name)
        language.changed.connect(self._refresh)
        self._refresh()

    def set_text(self, text: Text) -> None:
        self._text = text
        self._refresh()

    def _refresh(self, *_: object) -> None:
        self.setText(self._language.tr(self._text))
        self.setAccessibleName(self.text())
