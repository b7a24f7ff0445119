"""Shared pieces for every renderer: font, styles, page numbering, QR and barcodes.

Renderers are pure functions (model -> PDF bytes). Output is deterministic (reportlab's
``invariant`` mode: no timestamps or random document ids), so tests and reprints are stable,
and the PDF title is the document kind only, never a patient's name.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import segno
from reportlab.graphics.barcode import code128
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image, Paragraph, Table, TableStyle

from printing import cjk_breaks  # noqa: F401 - Chinese line-breaking rules for every paragraph
from printing.fonts import register_cjk_font

logger = logging.getLogger(__name__)

CRITICAL_RED = colors.HexColor("#C00000")
CRITICAL_BG = colors.HexColor("#FBE3E3")
RULE_GREY = colors.HexColor("#666666")


def font() -> str:
    return register_cjk_font()


def style(size: float, *, align: int = 0, leading: float | None = None,
          color: colors.Color = colors.black, space_after: float = 0) -> ParagraphStyle:
    return ParagraphStyle(
        name=f"k{size}-{align}",
        fontName=font(),
        fontSize=size,
        leading=leading if leading is not None else size * 1.3,
        alignment=align,
        textColor=color,
        spaceAfter=space_after,
        wordWrap="CJK",  # break between any two Chinese characters, as Chinese typesetting does
    )


def para(text: str, size: float = 10, **kw) -> Paragraph:
    # Paragraphs collapse whitespace; keep deliberate double spaces between fields.
    return Paragraph(escape(text).replace("  ", "&nbsp;&nbsp;"), style(size, **kw))


def escape(text: str) -> str:
    # Model text is plain text, never markup: a "<" in a lab value must not break the layout.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


class QrCode(Flowable):
    """A QR code ``size`` wide, quiet zone included, drawn as one filled path.

    reportlab's own widget encodes the code twice per draw (bounds, then drawing) and draws
    every dark module as its own shape — a third of a lab report's render time. segno
    encodes once; each row's runs of dark modules become one rectangle of the path.
    """

    BORDER = 4  # modules of quiet zone, as the standard asks

    def __init__(self, text: str, size: float, error: str = "m") -> None:
        super().__init__()
        self._rows = [bytes(row) for row in segno.make_qr(text, error=error).matrix]
        self._size = size
        self.width = self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self._size, self._size

    def draw(self) -> None:
        count = len(self._rows) + 2 * self.BORDER
        module = self._size / count
        canvas = self.canv
        path = canvas.beginPath()
        for r, row in enumerate(self._rows):
            y = self._size - (r + 1 + self.BORDER) * module
            c = 0
            while c < len(row):
                if not row[c]:
                    c += 1
                    continue
                start = c
                while c < len(row) and row[c]:
                    c += 1
                path.rect((start + self.BORDER) * module, y, (c - start) * module, module)
        canvas.saveState()
        canvas.setFillColorRGB(0, 0, 0)
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.restoreState()


def qr_drawing(url: str, size: float) -> QrCode:
    return QrCode(url, size)


class Barcode128(Flowable):
    """A Code 128 barcode scaled to a given width, human-readable digits in the embedded font."""

    def __init__(self, value: str, width: float, bar_height: float) -> None:
        super().__init__()
        self._value = value
        self._bar_height = bar_height
        self._text_size = 9
        probe = code128.Code128(value, barWidth=1, barHeight=bar_height, quiet=False)
        # Keep the narrowest bar at >= 0.25 mm (2 dots at 203 dpi) so thermal heads can print it.
        self._bar_width = max(0.25 * mm, min(0.5 * mm, width / probe.width))
        self._barcode = code128.Code128(
            value, barWidth=self._bar_width, barHeight=bar_height, quiet=False
        )
        self.width = width
        self.height = bar_height + self._text_size + 2

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        x = (self.width - self._barcode.width) / 2
        self._barcode.drawOn(self.canv, x, self._text_size + 2)
        self.canv.setFont(font(), self._text_size)
        self.canv.drawCentredString(self.width / 2, 0, self._value)


def logo(path: str | None, height: float) -> Image | None:
    """The hospital logo scaled to `height`, or None (with a log line) if it cannot be read."""
    if not path:
        return None
    if not Path(path).is_file():
        logger.warning("hospital logo not found; printing without it")
        return None
    try:
        img = Image(path)
        ratio = height / img.imageHeight
        img.drawHeight = height
        img.drawWidth = img.imageWidth * ratio
        return img
    except Exception as exc:  # a broken image must not stop a patient's report
        logger.warning("hospital logo unreadable (%s); printing without it", type(exc).__name__)
        return None


def table(data: list[list[object]], col_widths: tuple[float, ...], commands: list[tuple],
          **kw: object) -> Table:
    """A table whose cells default to the embedded font (reportlab's default is Helvetica)."""
    t = Table(data, colWidths=col_widths, **kw)
    t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font(), 9), *commands]))
    return t


PageTotalDrawer = Callable[[Canvas, int, int], None]


def numbered_canvas(draw_total: PageTotalDrawer) -> type[Canvas]:
    """A canvas class that knows the page count when it finishes, for "page X of Y".

    Pages are buffered until ``save``; then `draw_total(canvas, page, total)` runs on each.
    """

    class _NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            kwargs.setdefault("invariant", 1)
            kwargs.setdefault("initialFontName", font())
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                draw_total(self, number, total)
                super().showPage()
            super().save()

    return _NumberedCanvas


def plain_canvas() -> type[Canvas]:
    class _PlainCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            kwargs.setdefault("invariant", 1)
            kwargs.setdefault("initialFontName", font())
            super().__init__(*args, **kwargs)

    return _PlainCanvas


def doc_options(kind: str) -> dict[str, object]:
    """Keyword arguments every document template takes.

    The template passes its own ``initialFontName`` to the canvas, so it must be set here: left
    at reportlab's default, every PDF would reference a non-embedded Helvetica.
    """
    return {"title": kind, "author": "", "subject": "", "creator": "kiosk", "invariant": 1,
            "initialFontName": font()}


def new_buffer() -> io.BytesIO:
    return io.BytesIO()


CENTER = TA_CENTER
