"""The frame around every screen: header with the hospital name and language switch, an
offline banner, and the help footer that is always visible, with its Call staff button
when the gateway takes help requests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from kiosk.errors import Text
from ui import strings as S
from ui.language import LanguageModel, TButton, TLabel


class Header(QFrame):
    def __init__(self, hospital: Text, language: LanguageModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(40, 4, 40, 4)
        self.title = TLabel(hospital, language)
        self.language_button = TButton(S.SWITCH_LANGUAGE, language, "lang")
        self.language_button.clicked.connect(language.toggle)
        layout.addWidget(self.title, 1)
        layout.addWidget(self.language_button)


class Footer(QFrame):
    def __init__(self, language: LanguageModel, terminal_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("footer")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(40, 4, 40, 4)
        layout.setSpacing(24)
        self.help_button = TButton(S.CALL_STAFF, language, "help")
        self.help_button.hide()  # until the gateway says it takes help requests
        layout.addWidget(self.help_button)
        self.help_text = TLabel(S.HELP_FOOTER, language)
        layout.addWidget(self.help_text, 1)
        self.device_state = TLabel(Text("", ""), language, "muted")
        layout.addWidget(self.device_state)
        terminal = QLabel(terminal_id)
        terminal.setObjectName("muted")
        layout.addWidget(terminal)

    def offer_help(self, on: bool) -> None:
        """With the gateway's help requests: the button, and words that point at it."""
        self.help_button.setVisible(on)
        self.help_text.set_text(S.HELP_FOOTER_CALL if on else S.HELP_FOOTER)

    def show_device_state(self, kind: str, state: str) -> None:
        """A reader went away or came back: staff walking past should see it."""
        if state == "disconnected":
            reader = S.CARD_READERS.get(kind)
            if reader is not None:  # a chip-card reader, named for staff in their words
                self.device_state.set_text(S.CARD_READER_DISCONNECTED.format(reader=reader))
            else:
                self.device_state.set_text(S.DEVICE_DISCONNECTED, device=kind)
        else:
            self.device_state.set_text(Text("", ""))


class OfflineBanner(TLabel):
    def __init__(self, language: LanguageModel, parent: QWidget | None = None) -> None:
        super().__init__(S.OFFLINE, language, "offline", parent)
        self.hide()
