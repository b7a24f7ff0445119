"""Sample inpatient documents for the print test page and the renderer tests: a week's cost
list (several A4 pages) and a discharge slip with a refund."""

from __future__ import annotations

from datetime import timedelta

from printing.demo import _DAY, HOSPITAL, KIOSK_ID, PATIENT
from printing.inpatient_models import CostDay, CostGroup, CostLine, DailyCostList, InpatientReceipt

_ITEMS = (
    ("床位费", "床位费（三人间）", "", "日", 1, 5000, "骨科二病区"),
    ("护理费", "一级护理", "", "日", 1, 3500, "骨科二病区"),
    ("药品费", "注射用头孢曲松钠", "1g×1支", "支", 2, 850, "骨科二病区"),
    ("药品费", "0.9%氯化钠注射液", "250ml×1袋", "袋", 2, 320, "骨科二病区"),
    ("药品费", "低分子肝素钙注射液", "0.4ml×1支", "支", 1, 3890, "骨科二病区"),
    ("化验费", "血常规", "", "次", 1, 2500, "检验科"),
    ("治疗费", "静脉输液", "", "次", 2, 1200, "骨科二病区"),
    ("材料费", "一次性输液器", "", "套", 2, 450, "骨科二病区"),
)


def _day(n: int) -> CostDay:
    day = _DAY + timedelta(days=n)
    groups: dict[str, list[CostLine]] = {}
    for k, (group, name, spec, unit, qty, price, dept) in enumerate(_ITEMS * (2 if n == 0 else 1)):
        groups.setdefault(group, []).append(CostLine(name, spec, unit, qty, price, qty * price, dept,
                                                     day.replace(hour=8, minute=k)))
    made = tuple(CostGroup(g, sum(x.amount_fen for x in lines), tuple(lines)) for g, lines in groups.items())
    return CostDay(day.date(), sum(g.total_fen for g in made), made)


def daily_list(days: int = 7) -> DailyCostList:
    stay = tuple(_day(n) for n in range(days))
    charges = sum(d.total_fen for d in stay)
    return DailyCostList(
        hospital=HOSPITAL, patient=PATIENT, inpatient_no="ZY26001275", department="骨科",
        ward="骨科二病区", bed="12", admitted_at=_DAY.replace(hour=10, minute=20), deposit_fen=500_000,
        charges_fen=charges, balance_fen=500_000 - charges, days=stay,
        printed_at=_DAY.replace(hour=15, minute=30) + timedelta(days=days - 1), kiosk_id=KIOSK_ID,
    )


def discharge_receipt() -> InpatientReceipt:
    return InpatientReceipt(
        hospital=HOSPITAL, patient=PATIENT, title="出院结算单",
        fields=(("住院号", "ZY26001275"), ("科室", "骨科 骨科二病区 12床"), ("住院", "2026-11-26 至 2026-12-02，共 7 天"),
                ("单据号", "20261202000031")),
        amounts=(("总费用", "¥3,415.60"), ("医保支付", "¥1,980.20"), ("个人自付", "¥1,435.40"),
                 ("已交预交金", "¥5,000.00"), ("退还", "¥3,564.60")),
        notes=("退款原路退回：支付宝 ¥2,000.00、微信支付 ¥1,564.60，一般 1–3 个工作日到账。",
               "请凭本单到住院处打印发票和出院小结。"),
        kiosk_id=KIOSK_ID,
    )
