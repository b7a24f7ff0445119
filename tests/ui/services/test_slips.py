"""What each slip carries, built from typed answers without a window: one patient block for
every document, the queue ticket's place, the receipt's items and how it was paid."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from kiosk.clock import HospitalClock
from kiosk.usecases.check_in import Appointment, QueueTicket
from kiosk.usecases.payment import Settlement
from kiosk.usecases.reports import ReportDetail
from printing.models import Flag
from tests.kiosk.usecases.fakes import patient
from ui.services.slips import Paper, paid_with

SHANGHAI = ZoneInfo("Asia/Shanghai")
MOMENT = dt.datetime(2026, 6, 10, 9, 30, tzinfo=SHANGHAI)
PAPER = Paper("测试医院", HospitalClock(SHANGHAI, MOMENT.timestamp), "K01")


def test_every_document_carries_the_same_patient_block():
    block = PAPER.patient(patient(birth="1990-06-11"))
    assert (block.name, block.sex, block.age, block.outpatient_no) == ("张*三", "女", "35岁", "V0001")
    appointment = Appointment(
        appointment_id="A1", status="booked", date="2026-06-10", period="PM", time="14:00-14:15",
        department={"name": "心血管内科"}, doctor={"name": "张伟", "title": "主任医师"},
        location={"text": "门诊楼2楼 230"},
    )
    ticket = QueueTicket(appointment_id="A1", queue_no=7, position=2, estimated_wait_min=10)
    slip = PAPER.queue_ticket(patient(birth="1990-06-11"), appointment, ticket)
    assert slip.patient == block
    assert (slip.session, slip.location, slip.queue_number, slip.fee_fen) == ("下午", "门诊楼2楼 230", "7", None)
    assert slip.transaction_at == MOMENT and slip.kiosk_id == "K01"


def test_a_receipt_lists_the_items_and_says_how_it_was_paid():
    settlement = Settlement(
        receipt_no="R1", total_fen=3000, insurance_fen=1000, self_pay_fen=2000, method="wechat",
        pharmacy_window="3", settled_at="2026-06-10T09:31:00",
        items=[{"name": "阿莫西林", "spec": "0.25g", "unit": "盒", "qty": 2, "amount_fen": 3000, "category": "drug"}],
    )
    receipt = PAPER.receipt(patient(), settlement, "门诊西药房")
    assert receipt.payment_method == paid_with(settlement).zh == "医保统筹+微信支付"
    assert receipt.pharmacy_window == "门诊西药房 3号窗口"
    (item,) = receipt.items
    assert (item.name, item.quantity, item.category) == ("阿莫西林 0.25g", "2盒", "西药费")
    assert receipt.paid_at == dt.datetime(2026, 6, 10, 9, 31, tzinfo=SHANGHAI)


def test_a_lab_report_falls_back_to_the_report_time_and_keeps_its_flags():
    report = ReportDetail(
        report_id="R9", status="ready", title="血常规", reported_at="2026-06-09T16:00:00+08:00",
        items=[{"name": "白细胞", "value": 11.2, "flag": "H", "critical": True}],
    )
    document = PAPER.report(patient(), report, print_count=1)
    assert document.collected_at == document.reported_at == dt.datetime(2026, 6, 9, 16, tzinfo=SHANGHAI)
    assert document.items[0].value == "11.2" and document.items[0].flag is Flag.HIGH
    assert document.title == "血常规检验报告单" and document.verification_url == "R9"
