"""Deterministic demo documents with fictitious people, for `--demo`, tests and benchmarks.

The ID numbers carry valid GB 11643 check characters (so validators accept them) but belong
to nobody; the names are placeholders in the style of 张三/李四.
"""

from __future__ import annotations

from datetime import datetime

from printing.models import (
    EnrolmentSlip,
    Flag,
    Hospital,
    ImagingReport,
    LabItem,
    LabReport,
    MedicationLabel,
    Patient,
    PaymentReceipt,
    ReceiptItem,
    RegistrationSlip,
)

HOSPITAL = Hospital(name="示例市第一人民医院", phone="0000-12345678")
PATIENT = Patient(
    name="张小三",
    id_number="11010119800307451X",
    sex="男",
    age="46岁",
    outpatient_no="0001234567",
)
KIOSK_ID = "KIOSK-01"
_DAY = datetime(2026, 11, 26)  # noqa: DTZ001 - sample documents print wall-clock time

_CBC: tuple[LabItem, ...] = (
    LabItem("白细胞计数", "12.8", "10^9/L", "3.5-9.5", Flag.HIGH, code="WBC"),
    LabItem("中性粒细胞百分比", "82.1", "%", "40.0-75.0", Flag.HIGH, code="NEUT%"),
    LabItem("淋巴细胞百分比", "12.3", "%", "20.0-50.0", Flag.LOW, code="LYMPH%"),
    LabItem("红细胞计数", "4.62", "10^12/L", "4.3-5.8", code="RBC"),
    LabItem("血红蛋白", "138", "g/L", "130-175", code="HGB"),
    LabItem("红细胞压积", "41.2", "%", "40-50", code="HCT"),
    LabItem("血小板计数", "18", "10^9/L", "125-350", Flag.LOW, critical=True, code="PLT"),
    LabItem("血钾", "6.9", "mmol/L", "3.5-5.3", Flag.HIGH, critical=True, code="K"),
    LabItem("血钠", "139", "mmol/L", "137-147", code="Na"),
    LabItem("C反应蛋白", "36.5", "mg/L", "0-10", Flag.HIGH, code="CRP"),
)


def lab_items(count: int) -> tuple[LabItem, ...]:
    """`count` plausible items: the blood count first, then numbered chemistry items."""
    items = list(_CBC[:count])
    n = len(items)
    while len(items) < count:
        n += 1
        value = (n * 37) % 100 / 10 + 0.5
        flag = Flag.HIGH if value > 8.0 else Flag.LOW if value < 1.0 else Flag.NORMAL
        items.append(
            LabItem(f"生化项目{n:02d}", f"{value:.2f}", "mmol/L", "1.00-8.00", flag,
                    code=f"CH{n:02d}")
        )
    return tuple(items)


def lab_report(item_count: int = 10, print_count: int = 1) -> LabReport:
    return LabReport(
        hospital=HOSPITAL,
        report_no="LR20261126000123",
        patient=PATIENT,
        department="急诊内科",
        specimen="静脉血",
        specimen_no="2611260042",
        collected_at=_DAY.replace(hour=8, minute=12),
        received_at=_DAY.replace(hour=8, minute=40),
        reported_at=_DAY.replace(hour=9, minute=55),
        verified_at=_DAY.replace(hour=10, minute=3),
        items=lab_items(item_count),
        tester="王检验",
        verifier="李审核",
        verification_url="https://example.invalid/r/LR20261126000123?c=7f3a",
        print_count=print_count,
        remark="危急值已于 10:05 电话通知临床。",
    )


_FINDINGS = (
    "胸廓对称，气管居中。双肺纹理增多，右肺下叶背段见斑片状磨玻璃密度影，边界模糊，"
    "大小约 2.3cm×1.8cm；左肺上叶尖后段见一直径约 4mm 实性小结节，边缘光整。"
    "\n\n双肺门不大，纵隔内未见明显肿大淋巴结。心影大小形态未见异常，主动脉壁可见钙化。"
    "双侧胸腔未见积液，胸膜未见增厚。"
    "\n\n扫描范围内肝脏形态大小正常，密度均匀；胆囊不大，壁不厚；脾、胰未见明显异常。"
)
_IMPRESSION = (
    "1. 右肺下叶背段磨玻璃影，考虑炎症，建议抗炎治疗后复查。"
    "\n2. 左肺上叶尖后段小结节（4mm），建议年度随访。"
    "\n3. 主动脉硬化。"
)


def imaging_report(long: bool = True, print_count: int = 1) -> ImagingReport:
    # "long" repeats the findings so the report flows over a second page.
    findings = "\n\n".join([_FINDINGS] * (6 if long else 1))
    return ImagingReport(
        hospital=HOSPITAL,
        report_no="CT20261126000077",
        patient=PATIENT,
        department="呼吸内科",
        modality="CT",
        exam_part="胸部平扫",
        exam_at=_DAY.replace(hour=9, minute=20),
        reported_at=_DAY.replace(hour=11, minute=2),
        findings=findings,
        impression=_IMPRESSION,
        radiologist="赵影像",
        verifier="钱主任",
        verification_url="https://example.invalid/r/CT20261126000077?c=91be",
        print_count=print_count,
    )


def registration_slip() -> RegistrationSlip:
    return RegistrationSlip(
        hospital=HOSPITAL,
        patient=PATIENT,
        department="心血管内科",
        doctor="孙医生",
        doctor_title="副主任医师",
        visit_date="2026-11-26",
        session="上午",
        time_slot="09:30-10:00",
        location="门诊楼3楼 B区 12诊室",
        queue_number="A017",
        fee_fen=2500,
        payment_method="医保+微信支付",
        receipt_no="R2611260000317",
        transaction_at=_DAY.replace(hour=8, minute=2, second=41),
        kiosk_id=KIOSK_ID,
    )


def enrolment_slip() -> EnrolmentSlip:
    return EnrolmentSlip(
        hospital=HOSPITAL, patient=PATIENT, visit_card_barcode="3000000001",
        registered_at=_DAY.replace(hour=9, minute=12), kiosk_id="KIOSK-01",
    )


def receipt() -> PaymentReceipt:
    items = (
        ReceiptItem("血常规", "1", 2000, "检验费"),
        ReceiptItem("C反应蛋白测定", "1", 3500, "检验费"),
        ReceiptItem("阿莫西林胶囊 0.25g×24粒", "2盒", 2760, "西药费"),
        ReceiptItem("复方甘草口服溶液 100ml", "1瓶", 850, "西药费"),
        ReceiptItem("静脉采血", "1", 500, "治疗费"),
    )
    total = sum(i.amount_fen for i in items)
    insurance = 5618
    return PaymentReceipt(
        hospital=HOSPITAL,
        patient=PATIENT,
        receipt_no="R2611260000342",
        items=items,
        total_fen=total,
        insurance_fen=insurance,
        self_pay_fen=total - insurance,
        payment_method="医保统筹+微信支付",
        paid_at=_DAY.replace(hour=10, minute=31, second=7),
        kiosk_id=KIOSK_ID,
        pharmacy_window="西药房 3号窗口",
        specimen_barcode="2611260042",
    )


def medication_label() -> MedicationLabel:
    return MedicationLabel(
        hospital=HOSPITAL,
        patient=PATIENT,
        prescription_no="P2611260000958",
        drug_name="阿莫西林胶囊",
        specification="0.25g×24粒",
        quantity="2盒",
        usage="口服",
        dose="每次2粒(0.5g)",
        frequency="每日3次",
        days="5天",
        notes=("饭后服用", "青霉素过敏者禁用"),
        pharmacy_window="西药房 3号窗口",
        dispensed_at=_DAY.replace(hour=10, minute=48),
        pharmacist="周药师",
    )
