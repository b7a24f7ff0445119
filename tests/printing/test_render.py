"""Every document kind renders to a PDF that carries an embedded font and masked identities."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from printing import demo
from printing.fonts import FontNotFoundError, find_cjk_font
from printing.models import Flag, LabItem
from printing.render import Kind, render, render_demo
from tests.printing.helpers import pdf_fonts, pdf_pages, pdf_text

FULL_ID = demo.PATIENT.id_number
MASKED_ID = "110101********451X"
FULL_NAME = demo.PATIENT.name
MASKED_NAME = "张*三"


# The e-bill's document is the gateway's, printed as it comes (tested with the gateway).
@pytest.mark.parametrize("kind", [k for k in Kind if k is not Kind.EBILL])
def test_every_kind_embeds_its_fonts_and_masks_the_patient(kind):
    pdf = render_demo(kind)
    fonts = pdf_fonts(pdf)
    assert fonts, "no font at all"
    assert all(f["emb"] == "yes" for f in fonts), fonts
    text = pdf_text(pdf)
    assert MASKED_NAME in text
    assert FULL_NAME not in text
    assert FULL_ID not in text
    if kind.is_a4:
        assert MASKED_ID in text


@pytest.mark.parametrize("kind", list(Kind))
def test_rendering_is_deterministic(kind):
    assert render_demo(kind) == render_demo(kind)


def test_lab_report_repeats_header_and_numbers_pages():
    pdf = render(demo.lab_report(item_count=60, print_count=2))
    assert pdf_pages(pdf) == 3
    pages = pdf_text(pdf).split("\f")
    for number in (1, 2, 3):
        page = pages[number - 1]
        assert f"第{number}页/共3页" in page.replace(" ", "")
        assert "检验项目" in page and "参考区间" in page  # the table header repeats
        assert MASKED_ID in page  # and so does the patient block
        assert "第2次打印" in page.replace(" ", "")
    assert "生化项目60" in pages[2]


def test_lab_report_marks_critical_values():
    text = pdf_text(render(demo.lab_report()))
    assert "↓危急" in text.replace(" ", "")
    assert "↑危急" in text.replace(" ", "")


def test_imaging_report_flows_over_pages():
    pdf = render(demo.imaging_report(long=True))
    assert pdf_pages(pdf) >= 2
    text = pdf_text(pdf)
    assert "诊断意见" in text and "共2页" in text.replace(" ", "")


def _decode_png(pdf: bytes):
    import io

    import zxingcpp
    from PIL import Image

    png = subprocess.run(["pdftoppm", "-png", "-r", "200", "-singlefile", "-"], input=pdf,
                         capture_output=True, timeout=30, check=True).stdout
    return zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))


def test_receipt_barcode_and_amounts_read_back():
    receipt = demo.receipt()
    pdf = render(receipt)
    codes = {(c.format.name, c.text) for c in _decode_png(pdf)}
    assert ("Code128", receipt.specimen_barcode) in codes
    text = pdf_text(pdf)
    assert "¥96.10" in text and "¥56.18" in text and "¥39.92" in text
    assert "西药房 3号窗口" in text


def test_lab_report_verification_qr_reads_back():
    report = demo.lab_report()
    pdf = render(report)
    texts = {c.text for c in _decode_png(pdf)}
    assert report.verification_url in texts


def test_registration_slip_shows_queue_number_and_location():
    text = pdf_text(render(demo.registration_slip()))
    assert "A017" in text and "12诊室" in text and "人工窗口" in text


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.text(min_size=1, max_size=40), st.text(max_size=12),
                          st.sampled_from(list(Flag)), st.booleans()),
                min_size=1, max_size=8))
def test_lab_report_survives_arbitrary_item_text(rows):
    items = tuple(LabItem(name, value, "U", "0-1", flag, crit) for name, value, flag, crit in rows)
    pdf = render(replace(demo.lab_report(), items=items))
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize("kind", list(Kind))
def test_cli_renders_each_kind(kind, tmp_path):
    out = tmp_path / "doc.pdf"
    done = subprocess.run([sys.executable, "-m", "printing", "render", kind.value, "--demo",
                           "-o", str(out)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")


def test_font_lookup_errors_clearly(monkeypatch, tmp_path):
    with pytest.raises(FontNotFoundError) as info:
        find_cjk_font(str(tmp_path / "missing.ttf"))
    assert "missing.ttf" in info.value.message.en
    monkeypatch.setenv("KIOSK_CJK_FONT", str(tmp_path / "nope.ttc"))
    with pytest.raises(FontNotFoundError):
        find_cjk_font()


def test_font_lookup_finds_an_embeddable_font(monkeypatch):
    monkeypatch.delenv("KIOSK_CJK_FONT", raising=False)
    font = find_cjk_font()
    assert font.path.suffix.lower() in (".ttf", ".ttc")


def test_configured_font_is_checked_at_start_up(tmp_path):
    from printing import fonts

    with pytest.raises(FontNotFoundError):
        fonts.configure(str(tmp_path / "missing.ttf"))
    found = find_cjk_font()
    fonts.configure(f"{found.path}#{found.subfont}")
    try:
        assert all(f["emb"] == "yes" for f in pdf_fonts(render_demo(Kind.RECEIPT)))
    finally:
        fonts.configure(None)


def test_printing_core_does_not_import_qt():
    code = ("import sys, printing, printing.render, printing.queue, printing.factory, "
            "printing.cups_printer, printing.escpos_printer, printing.folder_printer, "
            "printing.__main__; assert 'PySide6' not in sys.modules, 'PySide6 imported'")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr


def test_hospital_logo_is_drawn_from_a_path_and_a_missing_one_is_skipped(tmp_path, caplog):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 120), (0, 90, 160)).save(logo)
    report = demo.lab_report()
    with_logo = render(replace(report, hospital=replace(report.hospital, logo_path=str(logo))))
    assert b"/Subtype /Image" in with_logo and len(with_logo) > len(render(report))
    missing = replace(report.hospital, logo_path=str(tmp_path / "nope.png"))
    assert render(replace(report, hospital=missing)).startswith(b"%PDF")
    assert "logo not found" in caplog.text


def test_no_printed_line_starts_with_closing_punctuation():
    """标点禁则: "，" and the like stay at the end of the line before, at any width."""
    from printing.layout import para

    text = "右肺上叶尖段见一磨玻璃结节，大小约8mm×6mm；边界清楚：建议随访！复查？" * 12
    starts = []
    for width in range(200, 480, 3):
        p = para(text, 10)
        p.wrap(width, 10_000)
        for line in p.blPara.lines:
            words = line[1] if isinstance(line, tuple) else line.words
            first = "".join(w for w in words if isinstance(w, str))[:1]
            starts.append(first)
    assert starts and not [s for s in starts if s in "，；：！？》”’…·。、）"]


@pytest.mark.parametrize("kind", [k for k in Kind if k.is_a4])
def test_reports_print_the_visit_card_masked(kind):
    # A visit-card number opens a (weak) visit: on paper it shows its last four digits only.
    number = demo.PATIENT.outpatient_no
    text = pdf_text(render_demo(kind))
    assert number not in text
    assert "*" * 6 + number[-4:] in text
