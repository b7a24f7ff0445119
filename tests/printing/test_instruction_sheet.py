"""The medication instruction sheet: every drug with how to take it, allergies first."""

from __future__ import annotations

from printing.instruction_sheet import demo
from printing.render import Kind, kind_of, render
from tests.printing.helpers import pdf_pages, pdf_text


def test_instruction_sheet_lists_every_drug_and_the_allergies():
    sheet = demo()
    assert kind_of(sheet) is Kind.INSTRUCTION_SHEET
    pdf = render(sheet)
    assert pdf_pages(pdf) == 1  # one slip, cut after the last line
    text = pdf_text(pdf).replace(" ", "")
    assert "用药指导单" in text
    assert "过敏史：青霉素" in text
    for item in sheet.items:
        assert item.drug_name in text
        assert f"{item.usage}{item.dose}{item.frequency}" in text
    assert "两次间隔至少12小时" in text
    assert "RX27000007" in text and "陈静" in text
    assert sheet.patient.name not in text  # masked on paper like every slip
