"""The inpatient cost list (A4) and slips: pages numbered, every day with its category
subtotals, the stay's totals by category, masked identity on every page."""

from __future__ import annotations

from dataclasses import replace

from kiosk.money import yuan
from kiosk.privacy import mask_id_number, mask_name
from printing.inpatient_demo import daily_list, discharge_receipt
from printing.render import Kind, kind_of, render
from tests.printing.helpers import pdf_pages, pdf_text


def test_a_week_runs_over_several_numbered_pages_with_totals_by_category():
    doc = daily_list(7)
    pdf = render(doc)
    pages = pdf_pages(pdf)
    assert kind_of(doc) is Kind.DAILY_LIST and Kind.DAILY_LIST.is_a4
    assert pages >= 3
    text = pdf_text(pdf)
    assert f"第{pages}页/共{pages}页" in text.replace(" ", "")
    # The masked identity on every page, the full name and number on none.
    assert text.count(mask_id_number(doc.patient.id_number)) == pages
    assert doc.patient.id_number not in text and doc.patient.name not in text
    assert mask_name(doc.patient.name) in text
    assert doc.inpatient_no not in text and mask_id_number(doc.inpatient_no) in text
    for day in doc.days:
        assert f"当日合计 ¥{yuan(day.total_fen)}" in text
    for name in ("床位费", "护理费", "药品费", "化验费"):
        total = sum(g.total_fen for d in doc.days for g in d.groups if g.name == name)
        assert f"¥{yuan(total)}" in text
    assert f"¥{yuan(doc.charges_fen)}" in text and "分类汇总" in text


def test_one_day_fits_one_page_and_says_it_is_a_daily_list():
    week = daily_list(2)
    doc = replace(week, days=week.days[1:], title="住院费用一日清单")
    assert pdf_pages(render(doc)) == 1
    assert "住院费用一日清单" in pdf_text(render(doc))


def test_discharge_slip_masks_the_patient_and_names_the_refund_channels():
    slip = discharge_receipt()
    text = pdf_text(render(slip))
    assert kind_of(slip) is Kind.INPATIENT_RECEIPT
    assert mask_name(slip.patient.name) in text and slip.patient.id_number not in text
    assert "原路退回" in text and "¥3,564.60" in text
