"""A4 lab report: header and masked patient block on every page, items table over pages.

Every page repeats the hospital, title and patient block, so a loose second page still says
whose it is. Critical values are red on a tinted row with "危急" spelled out, because colour
alone is lost on a monochrome laser printer.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kiosk.privacy import mask_id_number, mask_name
from printing import layout
from printing.models import Flag, LabReport

PAGE_W, PAGE_H = A4
MARGIN = 15 * mm
HEADER_H = 52 * mm
FOOTER_H = 16 * mm
COLUMNS = ("序号", "代号", "检验项目", "结果", "提示", "单位", "参考区间")
COL_WIDTHS = (12 * mm, 20 * mm, 52 * mm, 24 * mm, 16 * mm, 22 * mm, 34 * mm)


def draw_header(c: Canvas, hospital_name: str, logo_path: str | None, title: str,
                rows: list[list[tuple[str, str]]]) -> None:
    """Hospital, title and a grid of label/value pairs at the top of an A4 page."""
    font = layout.font()
    top = PAGE_H - MARGIN
    img = layout.logo(logo_path, 14 * mm)
    if img is not None:
        img.drawOn(c, MARGIN, top - 14 * mm)
    c.setFont(font, 17)
    c.drawCentredString(PAGE_W / 2, top - 7 * mm, hospital_name)
    c.setFont(font, 14)
    c.drawCentredString(PAGE_W / 2, top - 15 * mm, title)
    y = top - 24 * mm
    col_w = (PAGE_W - 2 * MARGIN) / 4
    for row in rows:
        for i, (label, value) in enumerate(row):
            x = MARGIN + i * col_w
            c.setFont(font, 8.5)
            c.setFillColor(layout.RULE_GREY)
            c.drawString(x, y, label)
            c.setFillColor(colors.black)
            c.setFont(font, 9.5)
            c.drawString(x + c.stringWidth(label, font, 8.5) + 1.5 * mm, y, value)
        y -= 6 * mm
    c.setLineWidth(0.8)
    c.line(MARGIN, y + 2 * mm, PAGE_W - MARGIN, y + 2 * mm)


def draw_footer(c: Canvas, left: str, page: int, total: int, print_count: int) -> None:
    font = layout.font()
    y = MARGIN - 4 * mm
    c.setLineWidth(0.5)
    c.line(MARGIN, y + 6 * mm, PAGE_W - MARGIN, y + 6 * mm)
    c.setFont(font, 8.5)
    c.drawString(MARGIN, y, left)
    c.drawCentredString(PAGE_W / 2, y, f"第 {page} 页 / 共 {total} 页")
    c.drawRightString(PAGE_W - MARGIN, y, f"第 {print_count} 次打印")


def _patient_rows(report: LabReport) -> list[list[tuple[str, str]]]:
    p = report.patient
    return [
        [("姓名", mask_name(p.name)), ("性别", p.sex), ("年龄", p.age), ("门诊号", mask_id_number(p.outpatient_no))],
        [("身份证号", mask_id_number(p.id_number)), ("", ""), ("科室", report.department),
         ("标本", report.specimen)],
        [("报告单号", report.report_no), ("", ""), ("标本号", report.specimen_no),
         ("采集", layout.when(report.collected_at))],
        [("接收", layout.when(report.received_at)), ("报告", layout.when(report.reported_at)),
         ("审核", layout.when(report.verified_at)), ("", "")],
    ]


def _items_table(report: LabReport) -> Table:
    font = layout.font()
    data: list[list[object]] = [list(COLUMNS)]
    style = [
        # Large type for elderly readers (national elder-friendly guidance).
        ("FONT", (0, 0), (-1, -1), font, 10.5),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (3, 1), (4, -1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
    ]
    name_style = layout.style(10.5, leading=12.5)
    for n, item in enumerate(report.items, start=1):
        flag = item.flag.value
        if item.critical:
            flag = f"{flag}危急" if flag else "危急"
        data.append([str(n), item.code, Paragraph(layout.escape(item.name), name_style),
                     item.value, flag, item.unit, item.ref_range])
        if item.critical:
            style += [("BACKGROUND", (0, n), (-1, n), layout.CRITICAL_BG),
                      ("TEXTCOLOR", (0, n), (-1, n), layout.CRITICAL_RED),
                      ("FONT", (3, n), (4, n), font, 12)]
        elif item.flag is not Flag.NORMAL:
            style.append(("FONT", (3, n), (4, n), font, 11.5))
    table = Table(data, colWidths=COL_WIDTHS, repeatRows=1)
    table.setStyle(TableStyle(style))
    return table


def _signature_block(report: LabReport) -> KeepTogether:
    qr = layout.qr_drawing(report.verification_url, 24 * mm)
    text = [
        layout.para(f"检验者：{report.tester}    审核者：{report.verifier}", 10),
        layout.para(f"审核时间：{layout.when(report.verified_at)}", 9),
        layout.para("扫描左侧二维码可核验本报告的真实性。", 8.5, color=layout.RULE_GREY),
    ]
    table = layout.table([[qr, text]], (28 * mm, 100 * mm), [("VALIGN", (0, 0), (-1, -1), "MIDDLE")],
                         hAlign="LEFT")
    return KeepTogether([Spacer(1, 4 * mm), table])


def render_lab_report(report: LabReport) -> bytes:
    rows = _patient_rows(report)
    frame = Frame(MARGIN, MARGIN + FOOTER_H - 8 * mm, PAGE_W - 2 * MARGIN,
                  PAGE_H - MARGIN - HEADER_H - (MARGIN + FOOTER_H - 8 * mm),
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def on_page(c: Canvas, _doc: object) -> None:
        draw_header(c, report.hospital.name, report.hospital.logo_path, report.title, rows)

    def on_total(c: Canvas, page: int, total: int) -> None:
        draw_footer(c, "本报告仅对所检标本负责", page, total, report.print_count)

    buffer = layout.new_buffer()
    doc = BaseDocTemplate(buffer, pagesize=A4, pageTemplates=[PageTemplate("p", [frame], on_page)],
                          **layout.doc_options("lab-report"))
    story: list[object] = [_items_table(report)]
    legend = "↑ 高于参考区间  ↓ 低于参考区间  红底“危急”为危急值"
    story.append(Spacer(1, 2 * mm))
    story.append(layout.para(legend, 8.5, color=layout.RULE_GREY))
    if report.remark:
        story.append(layout.para(f"备注：{report.remark}", 9.5))
    story.append(_signature_block(report))
    doc.build(story, canvasmaker=layout.numbered_canvas(on_total))
    return buffer.getvalue()
