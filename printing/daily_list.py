"""A4 inpatient cost list (住院费用一日清单): one section per day, each with its categories
(床位费, 药品费, …) and their items, the category subtotals and the day's total; the stay's
totals by category at the end. Every page repeats the hospital, title and the masked
patient block, so a loose second page still says whose it is.
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

from kiosk.money import yuan
from kiosk.privacy import mask_id_number, mask_name
from printing import layout
from printing.inpatient_models import CostDay, DailyCostList
from printing.lab_report import FOOTER_H, HEADER_H, MARGIN, PAGE_H, PAGE_W, draw_header

COLUMNS = ("项目名称", "规格", "单位", "数量", "单价", "金额", "执行科室", "时间")
COL_WIDTHS = (46 * mm, 22 * mm, 11 * mm, 11 * mm, 17 * mm, 19 * mm, 30 * mm, 24 * mm)
SHADE = colors.HexColor("#EEEEEE")


def _patient_rows(doc: DailyCostList) -> list[list[tuple[str, str]]]:
    p = doc.patient
    return [
        [("姓名", mask_name(p.name)), ("性别", p.sex), ("年龄", p.age), ("住院号", mask_id_number(doc.inpatient_no))],
        [("身份证号", mask_id_number(p.id_number)), ("门诊号", mask_id_number(p.outpatient_no)),
         ("科室", doc.department), ("病区", doc.ward)],
        [("床号", doc.bed), ("入院", layout.when(doc.admitted_at)), ("预交金", f"¥{yuan(doc.deposit_fen)}"),
         ("余额", f"¥{yuan(doc.balance_fen)}")],
    ]


def _day_table(day: CostDay) -> Table:
    font = layout.font()
    data: list[list[object]] = [[f"{day.day:%Y-%m-%d}  当日合计 ¥{yuan(day.total_fen)}"] + [""] * 7, list(COLUMNS)]
    style: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), font, 9.5),
        ("SPAN", (0, 0), (-1, 0)),
        ("FONT", (0, 0), (-1, 0), font, 11),
        ("LINEBELOW", (0, 1), (-1, 1), 0.5, colors.black),
        ("ALIGN", (3, 2), (5, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    name_style = layout.style(9.5, leading=11.5)
    for group in day.groups:
        row = len(data)
        data.append([f"{group.name}", "", "", "", "小计", f"{yuan(group.total_fen)}", "", ""])
        style += [("BACKGROUND", (0, row), (-1, row), SHADE), ("FONT", (0, row), (-1, row), font, 10)]
        for line in group.lines:
            data.append([Paragraph(layout.escape(line.name), name_style), line.spec, line.unit, str(line.qty),
                         yuan(line.price_fen), yuan(line.amount_fen), line.department,
                         line.charged_at.strftime("%H:%M") if line.charged_at else ""])
    style.append(("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.black))
    # The day's heading and column names repeat when a day runs onto the next page.
    table = Table(data, colWidths=COL_WIDTHS, repeatRows=2)
    table.setStyle(TableStyle(style))
    return table


def _stay_totals(doc: DailyCostList) -> KeepTogether:
    totals: dict[str, int] = {}
    for day in doc.days:
        for group in day.groups:
            totals[group.name] = totals.get(group.name, 0) + group.total_fen
    listed = sum(totals.values())
    data = [["费用类别", "金额"], *[[name, f"¥{yuan(fen)}"] for name, fen in totals.items()],
            ["合计", f"¥{yuan(listed)}"]]
    table = layout.table(data, (50 * mm, 40 * mm), [
        ("FONT", (0, 0), (-1, -1), layout.font(), 10.5),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
        ("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.black),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.black),
    ], hAlign="LEFT")
    first, last = doc.days[0].day, doc.days[-1].day
    span = f"{first:%Y-%m-%d}" if first == last else f"{first:%Y-%m-%d} 至 {last:%Y-%m-%d}"
    return KeepTogether([
        Spacer(1, 5 * mm), layout.para(f"分类汇总（{span}）", 11.5), Spacer(1, 2 * mm), table, Spacer(1, 3 * mm),
        layout.para(f"住院期间已发生费用 ¥{yuan(doc.charges_fen)}，预交金 ¥{yuan(doc.deposit_fen)}，"
                    f"余额 ¥{yuan(doc.balance_fen)}。", 10),
        layout.para(f"打印时间：{layout.when(doc.printed_at)}  终端号：{doc.kiosk_id}。"
                    "本清单仅供查询核对，不作报销凭证；如有疑问请到住院处咨询。", 9, color=layout.RULE_GREY),
    ])


def _footer(c: Canvas, page: int, total: int) -> None:
    # The lab report's footer without its print count: a cost list may be printed any time.
    y = MARGIN - 4 * mm
    c.setLineWidth(0.5)
    c.line(MARGIN, y + 6 * mm, PAGE_W - MARGIN, y + 6 * mm)
    c.setFont(layout.font(), 8.5)
    c.drawString(MARGIN, y, "住院费用清单")
    c.drawCentredString(PAGE_W / 2, y, f"第 {page} 页 / 共 {total} 页")


def render_daily_list(doc: DailyCostList) -> bytes:
    rows = _patient_rows(doc)
    header_h = HEADER_H - 6 * mm  # three rows of patient block, not four
    bottom = MARGIN + FOOTER_H - 8 * mm
    frame = Frame(MARGIN, bottom, PAGE_W - 2 * MARGIN, PAGE_H - MARGIN - header_h - bottom,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def on_page(c: Canvas, _doc: object) -> None:
        draw_header(c, doc.hospital.name, doc.hospital.logo_path, doc.title, rows)

    def on_total(c: Canvas, page: int, total: int) -> None:
        _footer(c, page, total)

    buffer = layout.new_buffer()
    template = BaseDocTemplate(buffer, pagesize=A4, pageTemplates=[PageTemplate("p", [frame], on_page)],
                               **layout.doc_options("daily-list"))
    story: list[object] = []
    for day in doc.days:
        story += [_day_table(day), Spacer(1, 4 * mm)]
    story.append(_stay_totals(doc))
    template.build(story, canvasmaker=layout.numbered_canvas(on_total))
    return buffer.getvalue()
