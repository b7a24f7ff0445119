"""A4 imaging report: findings and impression flowing over as many pages as they need."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, KeepTogether, PageTemplate, Spacer

from kiosk.privacy import mask_id_number, mask_name
from printing import layout
from printing.lab_report import FOOTER_H, HEADER_H, MARGIN, PAGE_H, PAGE_W, draw_footer, draw_header
from printing.models import ImagingReport


def _patient_rows(report: ImagingReport) -> list[list[tuple[str, str]]]:
    p = report.patient
    return [
        [("姓名", mask_name(p.name)), ("性别", p.sex), ("年龄", p.age), ("门诊号", mask_id_number(p.outpatient_no))],
        [("身份证号", mask_id_number(p.id_number)), ("", ""), ("科室", report.department),
         ("检查类型", report.modality)],
        [("报告单号", report.report_no), ("", ""), ("检查部位", report.exam_part), ("", "")],
        [("检查时间", layout.when(report.exam_at)), ("", ""),
         ("报告时间", layout.when(report.reported_at)), ("", "")],
    ]


def _section(title: str, text: str) -> list[object]:
    body = [layout.para(title, 13, space_after=2 * mm)]
    for paragraph in (p.strip() for p in text.split("\n")):
        if paragraph:
            # First-line indent of two characters, as Chinese prose is set.
            para = layout.para(paragraph, 11.5, leading=19, space_after=1.5 * mm)
            para.style.firstLineIndent = 23
            body.append(para)
    return body


def render_imaging_report(report: ImagingReport) -> bytes:
    rows = _patient_rows(report)
    bottom = MARGIN + FOOTER_H - 8 * mm
    frame = Frame(MARGIN, bottom, PAGE_W - 2 * MARGIN, PAGE_H - MARGIN - HEADER_H - bottom,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def on_page(c: Canvas, _doc: object) -> None:
        draw_header(c, report.hospital.name, report.hospital.logo_path, report.title, rows)

    def on_total(c: Canvas, page: int, total: int) -> None:
        draw_footer(c, "本报告仅供临床参考", page, total, report.print_count)

    buffer = layout.new_buffer()
    doc = BaseDocTemplate(buffer, pagesize=A4, pageTemplates=[PageTemplate("p", [frame], on_page)],
                          **layout.doc_options("imaging-report"))
    story: list[object] = []
    story += _section("检查所见：", report.findings)
    story.append(Spacer(1, 4 * mm))
    story += _section("诊断意见：", report.impression)
    qr = layout.qr_drawing(report.verification_url, 24 * mm)
    text = [
        layout.para(f"报告医师：{report.radiologist}    审核医师：{report.verifier}", 11),
        layout.para("扫描左侧二维码可核验本报告的真实性。", 8.5, color=layout.RULE_GREY),
    ]
    sign = layout.table([[qr, text]], (28 * mm, 110 * mm), [("VALIGN", (0, 0), (-1, -1), "MIDDLE")],
                        hAlign="LEFT")
    story.append(KeepTogether([Spacer(1, 6 * mm), sign]))
    doc.build(story, canvasmaker=layout.numbered_canvas(on_total))
    return buffer.getvalue()
