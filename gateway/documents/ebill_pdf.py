"""The e-bill's A4 document (医疗收费电子票据), as the finance bill platform lays it out: the
bill code, number and check code with the verification QR at the top, payer and amounts in a
grid, the per-fund payment lines, the items, and the issuer's seal line. A reversed bill is
drawn with 已红冲 across it and 作废 in the title, so a paper copy can never pass as valid.

The font is the machine's Chinese TrueType font (``GATEWAY_CJK_FONT`` or fontconfig's, or the
Debian path), embedded and subset by reportlab as for the kiosk's lab report.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import segno
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from gateway.schemas.insurance import EBill

FONT = "GatewayCJK"
FONT_ENV = "GATEWAY_CJK_FONT"
_DEBIAN = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
PAGE_W, PAGE_H = A4
MARGIN = 18 * mm


class FontMissing(RuntimeError):
    """No embeddable Chinese font: install fonts-wqy-zenhei or set GATEWAY_CJK_FONT."""


@lru_cache(maxsize=1)
def _font() -> str:
    candidates = [os.environ.get(FONT_ENV, "")]
    if fc := shutil.which("fc-match"):
        try:
            found = subprocess.run([fc, "-f", "%{file}", "WenQuanYi Zen Hei:lang=zh-cn"],
                                   capture_output=True, text=True, timeout=10, check=True)
            candidates.append(found.stdout)
        except (OSError, subprocess.SubprocessError):
            pass
    candidates.append(str(_DEBIAN))
    for candidate in candidates:
        path = Path(candidate) if candidate else None
        if path and path.suffix.lower() in (".ttf", ".ttc") and path.is_file():
            pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
            return FONT
    raise FontMissing("no Chinese TrueType font: apt-get install fonts-wqy-zenhei, "
                      f"or set {FONT_ENV}=/path/to/font.ttf")


def _yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def _qr(c: Canvas, text: str, x: float, y: float, size: float) -> None:
    matrix = segno.make(text, error="m").matrix
    module = size / len(matrix)
    c.setFillColor(colors.black)
    for r, row in enumerate(matrix):
        for k, dark in enumerate(row):
            if dark:
                c.rect(x + k * module, y + size - (r + 1) * module, module, module,
                       stroke=0, fill=1)


def render(bill: EBill, items: list[tuple[str, int, int]], print_no: int | None = None) -> bytes:
    """``items``: (name, qty, amount_fen) of the settlement's lines; ``print_no``: the
    counted print this page is (None: a preview, marked so across the page)."""
    font = _font()
    out = io.BytesIO()
    c = Canvas(out, pagesize=A4, invariant=1)
    # The document's title names no one (PDF metadata is read by print spools).
    c.setTitle(f"电子票据 {bill.bill_code}-{bill.bill_number}")
    top = PAGE_H - MARGIN
    red = colors.HexColor("#B22222")
    c.setFillColor(red)
    c.setFont(font, 18)
    c.drawCentredString(PAGE_W / 2, top - 8 * mm, "医疗收费电子票据")
    c.setFont(font, 10)
    kind = "（门诊）" + ("  已红冲 · 作废" if bill.status == "reversed"
                      else "  预览 · 不作报销凭证" if print_no is None else "")
    c.drawCentredString(PAGE_W / 2, top - 15 * mm, kind)
    c.setFillColor(colors.black)
    _qr(c, bill.verify_url, MARGIN, top - 30 * mm, 26 * mm)
    rows = [("票据代码", bill.bill_code), ("票据号码", bill.bill_number),
            ("校验码", bill.check_code), ("开票日期", bill.issued_at[:10])]
    y = top - 9 * mm
    for label, value in rows:
        c.setFont(font, 9)
        c.drawRightString(PAGE_W - MARGIN - 38 * mm, y, label + "：")
        c.setFont(font, 10)
        c.drawString(PAGE_W - MARGIN - 37 * mm, y, value)
        y -= 6 * mm
    y = top - 40 * mm
    grid = [("交款人", bill.payer_masked), ("业务流水号", bill.receipt_no),
            ("票据状态", bill.status_zh), ("打印次数", f"{bill.print_count}/{bill.print_limit}")]
    half = (PAGE_W - 2 * MARGIN) / 2
    for i, (label, value) in enumerate(grid):
        c.setFont(font, 9.5)
        c.drawString(MARGIN + (i % 2) * half, y - (i // 2) * 6 * mm, f"{label}：{value}")
    y -= 6 * mm
    y -= 5 * mm
    c.line(MARGIN, y, PAGE_W - MARGIN, y)
    y -= 7 * mm
    c.setFont(font, 10)
    c.drawString(MARGIN, y, "项目名称")
    c.drawRightString(PAGE_W - MARGIN - 40 * mm, y, "数量")
    c.drawRightString(PAGE_W - MARGIN, y, "金额（元）")
    for name, qty, amount in items[:28]:
        y -= 6 * mm
        c.drawString(MARGIN, y, name[:30])
        c.drawRightString(PAGE_W - MARGIN - 40 * mm, y, str(qty))
        c.drawRightString(PAGE_W - MARGIN, y, _yuan(amount))
    if len(items) > 28:
        y -= 6 * mm
        c.drawString(MARGIN, y, f"……另 {len(items) - 28} 项，见费用清单")
    y -= 5 * mm
    c.line(MARGIN, y, PAGE_W - MARGIN, y)
    y -= 8 * mm
    c.setFont(font, 11)
    c.drawString(MARGIN, y, f"合计（小写）：¥{_yuan(bill.total_fen)}")
    y -= 7 * mm
    c.setFont(font, 10)
    parts = [("医保统筹基金支付", bill.fund_fen), ("个人账户支付", bill.account_fen),
             ("家庭共济支付", bill.mutual_aid_fen), ("个人现金支付", bill.cash_fen)]
    for i, (label, fen) in enumerate(parts):
        c.drawString(MARGIN + (i % 2) * half, y - (i // 2) * 6 * mm, f"{label}：{_yuan(fen)}")
    y -= 6 * mm
    y -= 14 * mm
    c.drawString(MARGIN, y, f"收款单位（章）：{bill.issuer}")
    c.drawRightString(PAGE_W - MARGIN, y, "复核人：自助机")
    c.setFont(font, 8)
    c.setFillColor(colors.grey)
    c.drawString(MARGIN, MARGIN, "扫描左上角二维码或登录全国财政电子票据查验平台查验真伪。")
    if print_no is not None:
        c.drawRightString(PAGE_W - MARGIN, MARGIN, f"第 {print_no}/{bill.print_limit} 次打印")
    across = "已红冲" if bill.status == "reversed" else ("预览" if print_no is None else None)
    if across is not None:
        c.saveState()
        c.setFillColor(red)
        c.setFont(font, 72)
        c.translate(PAGE_W / 2, PAGE_H / 2)
        c.rotate(30)
        c.drawCentredString(0, 0, across)
        if across == "预览":
            c.setFont(font, 20)
            c.drawCentredString(0, -18 * mm, "仅供查看 · 不作报销凭证")
        c.restoreState()
    c.showPage()
    c.save()
    return out.getvalue()
