"""A list that shows whole items, a page at a time, with a pager when they do not all fit.

A scrolling list cuts its last visible item in half, and an elderly patient does not know
that a list can be dragged: the half item looks broken, and what is below it is never seen.
So a list shows only whole items — as many rows as fit at the window's size — and when
there are more, a pager under them says so in words: "上一页 / 第 1/3 页 / 下一页".

Signals: ``paged(int)``, the page now shown (from 0).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from ui import strings as S
from ui.language import LanguageModel, TButton, TLabel

SPACING = 18


def _height_for(widget: QWidget, width: int) -> int:
    """The height the widget needs at this width (wrapping text grows taller when narrow)."""
    widget.ensurePolished()  # a hidden item has not had its style sheet (font, padding) yet
    if widget.hasHeightForWidth():
        wanted = widget.heightForWidth(width)
    else:
        wanted = widget.sizeHint().height()
    return max(wanted, widget.minimumSizeHint().height(), widget.minimumHeight())


class PagedList(QWidget):
    """Items in ``columns`` columns (fewer when narrow), paged to whole rows."""

    paged = Signal(int)

    def __init__(
        self,
        language: LanguageModel,
        *,
        columns: int = 1,
        min_column_width: int = 480,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pagedList")
        self._columns = columns
        self._min_column_width = min_column_width
        self.items: list[QWidget] = []
        self.pages: list[list[QWidget]] = [[]]
        self.page = 0
        self._arranged: tuple[int, int, int] | None = None
        self._hint = QSize(0, 0)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(SPACING)
        self._area = QWidget()
        self._grid = QGridLayout(self._area)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(SPACING)
        self._grid.setAlignment(Qt.AlignmentFlag.AlignTop)  # a few items sit at the top
        outer.addWidget(self._area, 1)
        self.bar = QWidget()
        self.bar.setObjectName("pager")
        bar = QHBoxLayout(self.bar)
        bar.setContentsMargins(0, 0, 0, 0)
        self.previous = TButton(S.PAGE_PREVIOUS, language, "pagerButton")
        self.previous.clicked.connect(lambda: self.show_page(self.page - 1))
        self.position = TLabel(S.PAGE_OF, language, "pagerPosition", page=1, pages=1, count=0)
        self.position.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next = TButton(S.PAGE_NEXT, language, "pagerButton")
        self.next.clicked.connect(lambda: self.show_page(self.page + 1))
        bar.addWidget(self.previous)
        bar.addWidget(self.position, 1)
        bar.addWidget(self.next)
        outer.addWidget(self.bar)
        self.bar.hide()
        self._bar_inside = True
        # English captions are longer and wrap differently: the rows are measured again.
        language.changed.connect(self._on_language_changed)

    # --- content ------------------------------------------------------------------------

    def add(self, widget: QWidget) -> None:
        self.insert(len(self.items), widget)

    def insert(self, index: int, widget: QWidget) -> None:
        widget.setParent(self._area)
        widget.hide()
        self.items.insert(index, widget)
        self._arranged = None
        self.relayout()

    def take_bar(self) -> QWidget:
        """The pager, for the screen to place outside its scrolling body: a card taller
        than the room left may scroll, but the way to the next page stays in sight."""
        self.layout().removeWidget(self.bar)
        self._bar_inside = False
        self._arranged = None
        return self.bar

    def columns(self) -> int:
        """As many columns as fit, and fewer when a caption would be clipped: a push button
        does not wrap, so "Weakness of one side / drooping face" needs a wider column."""
        width = self._area_width()
        count = max(1, min(self._columns, width // self._min_column_width))
        while count > 1 and any(self._too_wide(w, (width - (count - 1) * SPACING) // count) for w in self.items):
            count -= 1
        return count

    @staticmethod
    def _too_wide(widget: QWidget, column_width: int) -> bool:
        if widget.hasHeightForWidth():
            return False  # wraps to the column
        widget.ensurePolished()
        return widget.sizeHint().width() > column_width

    # --- paging -------------------------------------------------------------------------

    def show_page(self, page: int) -> None:
        page = max(0, min(page, len(self.pages) - 1))
        for widget in self.items:
            self._grid.removeWidget(widget)
            widget.hide()
        columns = self.columns()
        for i, widget in enumerate(self.pages[page]):
            self._grid.addWidget(widget, i // columns, i % columns)
            widget.show()
        for column in range(self._grid.columnCount()):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)
        changed = page != self.page
        self.page = page
        many = len(self.pages) > 1
        self.bar.setVisible(many)
        self.previous.setEnabled(page > 0)
        self.next.setEnabled(page < len(self.pages) - 1)
        self.position.set_text(S.PAGE_OF, page=page + 1, pages=len(self.pages), count=len(self.items))
        if changed:
            self.paged.emit(page)

    def page_of(self, widget: QWidget) -> int:
        return next(i for i, page in enumerate(self.pages) if widget in page)

    def relayout(self) -> None:
        """Split the items into pages of whole rows that fit the height the list has now."""
        columns = self.columns()
        width = self._area_width()
        column_width = max(1, (width - (columns - 1) * SPACING) // columns)
        key = (columns, width, self.height())
        if key == self._arranged:
            return
        self._arranged = key
        rows = [self.items[i:i + columns] for i in range(0, len(self.items), columns)]
        heights = [max(_height_for(w, column_width) for w in row) for row in rows]
        self._update_hint(column_width, heights)
        total = sum(heights) + SPACING * max(0, len(rows) - 1)
        if total <= self.height() or not rows:
            pages = [list(self.items)]
        else:
            room = self.height() - self._bar_height() - SPACING
            pages, page, used = [], [], 0
            for row, height in zip(rows, heights, strict=True):
                needed = height if not page else used + SPACING + height
                if page and needed > room:
                    pages.append(page)
                    page, needed = [], height
                page = page + row
                used = needed
            pages.append(page)
        # Keep the first item the patient was looking at on screen across a resize.
        first = self.pages[self.page][0] if self.pages and self.pages[self.page] else None
        self.pages = pages
        self.page = next((i for i, p in enumerate(pages) if first in p), 0) if first else 0
        self.show_page(self.page)

    def _on_language_changed(self, *_: object) -> None:
        # After the items have taken their new captions (their slots may run after this one).
        QTimer.singleShot(0, self, self._measure_again)

    def _measure_again(self) -> None:
        self._arranged = None
        self.relayout()

    def _bar_height(self) -> int:
        if not self._bar_inside:
            return -SPACING  # takes no room in the list, nor the spacing before it
        # Measured with the style sheet applied: a hidden pager's unpolished hint is the
        # default button's height, and pages cut by it would push the pager off the screen.
        return max(_height_for(w, w.sizeHint().width()) for w in (self.previous, self.position, self.next))

    def _area_width(self) -> int:
        return self.width() or self.sizeHint().width()

    def _update_hint(self, column_width: int, heights: list[int]) -> None:
        # Asks for the tallest row and the pager, never the whole list: the rest is paged.
        tallest = max(heights, default=0)
        hint = QSize(column_width, tallest + (self._bar_height() + SPACING if len(heights) > 1 else 0))
        if hint != self._hint:
            self._hint = hint
            self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return self._hint

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(0, self._hint.height())

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt API)
        # Never report the shown page's height as what the list needs: the scroll area around
        # the screen's body would grow to it, and the page would no longer fit the window.
        return False

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt API)
        return -1

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self.relayout()
