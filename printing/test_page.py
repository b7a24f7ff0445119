"""The maintenance view's test print: which kiosk and printer, when, and a few lines that
show the paper, the fonts and the print head are right. Nothing of any patient."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, SimpleDocTemplate

from printing import layout

SLIP_SIZE = (80 * mm, 110 * mm)


def render_test_page(*, terminal_id: str, printer: str, printed_at: str) -> bytes:
    page = A4 if printer == "a4" else SLIP_SIZE
    margin = 15 * mm if printer == "a4" else 4 * mm
    story = [
        layout.para("打印测试 Printer test", 14, align=layout.CENTER, leading=20),
        HRFlowable(width="100%", thickness=0.6, spaceBefore=2 * mm, spaceAfter=2 * mm),
        layout.para(f"终端 Terminal: {layout.escape(terminal_id)}", 10),
        layout.para(f"打印机 Printer: {layout.escape(printer)}", 10),
        layout.para(f"时间 Time: {layout.escape(printed_at)}", 10),
        HRFlowable(width="100%", thickness=0.6, spaceBefore=2 * mm, spaceAfter=2 * mm),
        layout.para("中文字体显示正常。ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789", 10),
        layout.para("如能清楚阅读本页，打印机工作正常。If this page reads clearly, the printer works.", 9),
    ]
    buffer = layout.new_buffer()
    doc = SimpleDocTemplate(buffer, pagesize=page, leftMargin=margin, rightMargin=margin,
                            topMargin=margin, bottomMargin=margin, **layout.doc_options("test-page"))
    doc.build(story)
    return buffer.getvalue()
