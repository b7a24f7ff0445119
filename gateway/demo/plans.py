"""What each demo patient has: reports, prescriptions, today's itinerary, health services.

The first active patients of the demo listing (``GET /demo/v1/patients``) get hand-written
plans so demos and UI tests can pick a patient by position and know what they will see;
everyone else gets a plan drawn from the seed. Days are relative to today (0 = today).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReportPlan:
    kind: str  # "lab" / "imaging"
    template: str  # report_data.PANELS / IMAGING key
    dept: str  # ordering department code
    day: int
    ordered: str  # "HH:MM"
    state: str = "ready"  # "ready", "pending" (sample taken / exam done), "waiting" (not yet)
    profile: str = "normal"
    print_count: int = 0


@dataclass(frozen=True)
class RxPlan:
    status: str  # paid / preparing / ready / collected
    dept: str
    day: int
    diagnosis: str
    drugs: tuple[str, ...]  # DRUGS keys
    chronic: bool = False
    window: str | None = None


@dataclass(frozen=True)
class StepPlan:
    kind: str
    title: str
    title_en: str
    status: str
    location: str
    queue: tuple[int, int] | None = None  # (position, wait minutes)
    report: int | None = None  # index into Plan.reports
    rx: int | None = None  # index into Plan.prescriptions


@dataclass(frozen=True)
class Plan:
    reports: tuple[ReportPlan, ...] = ()
    prescriptions: tuple[RxPlan, ...] = ()
    steps: tuple[StepPlan, ...] = ()
    contract_team: int | None = None  # index into TEAMS
    blood_type: str | None = None
    allergies: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    recent_visits: tuple[tuple[int, str, str], ...] = field(default=())  # (day, dept, diagnosis)


# key: (drug, spec, unit, route, dose, frequency, days, note, qty)
DRUGS: dict[str, tuple[str, str, str, str, str, str, int, str, int]] = {
    "amlodipine": ("苯磺酸氨氯地平片", "5mg×28片", "盒", "口服", "一次1片", "一日1次", 28, "", 1),
    "nifedipine": ("硝苯地平控释片", "30mg×7片", "盒", "口服", "一次1片", "一日1次", 28,
                   "整片吞服", 4),
    "atorvastatin": ("阿托伐他汀钙片", "20mg×7片", "盒", "口服", "一次1片", "一日1次", 28,
                     "睡前服用", 4),
    "metformin": ("盐酸二甲双胍缓释片", "0.5g×30片", "盒", "口服", "一次1片", "一日2次", 30,
                  "随餐服用", 2),
    "acarbose": ("阿卡波糖片", "50mg×30片", "盒", "口服", "一次1片", "一日3次", 30,
                 "与第一口饭同时嚼服", 3),
    "amoxicillin": ("阿莫西林胶囊", "0.25g×24粒", "盒", "口服", "一次2粒", "一日3次", 4, "", 2),
    "licorice": ("复方甘草片", "100片", "瓶", "口服", "一次3片", "一日3次", 7, "", 1),
    "ibuprofen": ("布洛芬缓释胶囊", "0.3g×20粒", "盒", "口服", "一次1粒", "一日2次", 5,
                  "饭后服用", 1),
    "omeprazole": ("奥美拉唑肠溶胶囊", "20mg×14粒", "盒", "口服", "一次1粒", "一日1次", 14,
                   "早餐前服用", 1),
    "loratadine": ("氯雷他定片", "10mg×6片", "盒", "口服", "一次1片", "一日1次", 6, "", 1),
    "montmorillonite": ("蒙脱石散", "3g×10袋", "盒", "口服", "一次1袋", "一日3次", 3,
                        "温水冲服", 1),
    "ferrous": ("琥珀酸亚铁片", "0.1g×24片", "盒", "口服", "一次1片", "一日3次", 8, "饭后服用", 1),
    "polystyrene": ("聚苯乙烯磺酸钙散", "5g×9袋", "盒", "口服", "一次1袋", "一日3次", 3,
                    "温水混悬后服用", 1),
    "calcium": ("碳酸钙D3片", "600mg×30片", "盒", "口服", "一次1片", "一日1次", 30, "", 1),
    "mupirocin": ("莫匹罗星软膏", "5g", "支", "外用", "适量", "一日3次", 7, "涂患处", 1),
    "celecoxib": ("塞来昔布胶囊", "0.2g×6粒", "盒", "口服", "一次1粒", "一日1次", 6, "", 1),
}

# (name, community, doctor title, intro)
TEAMS: tuple[tuple[str, str, str, str], ...] = (
    ("锦江社区家庭医生一团队", "锦江区书院街社区卫生服务中心", "主治医师",
     "高血压、糖尿病签约管理，每月一次随访"),
    ("锦江社区家庭医生二团队", "锦江区书院街社区卫生服务中心", "副主任医师",
     "老年人健康管理、慢病长期处方"),
    ("武侯社区家庭医生团队", "武侯区玉林社区卫生服务中心", "主治医师",
     "孕产妇与儿童健康管理、预防接种"),
    ("成华社区家庭医生团队", "成华区猛追湾社区卫生服务中心", "主任医师",
     "慢阻肺、冠心病康复随访，上门服务"),
)

_CONSULT = ("看诊", "See the doctor")
_PAY = ("缴费", "Pay")
_LAB = ("抽血检验", "Blood test")
_PHARM = ("取药", "Collect medicine")


def _step(kind, words, status, location, queue=None, report=None, rx=None) -> StepPlan:
    return StepPlan(kind, words[0], words[1], status, location, queue, report, rx)


RICH: tuple[Plan, ...] = (
    # 0: everything: ready and pending reports, a full itinerary, every prescription state.
    Plan(
        reports=(
            ReportPlan("lab", "CBC", "0301", 0, "08:40", profile="infection"),
            ReportPlan("lab", "RFT", "0301", 0, "10:10", state="waiting"),
            ReportPlan("imaging", "US_ABD", "0301", 0, "09:20", state="waiting"),
            ReportPlan("imaging", "CT_CHEST", "0301", -3, "10:05"),
            ReportPlan("lab", "LFT", "0304", -7, "08:15", profile="fatty_liver"),
            ReportPlan("lab", "LIPID", "0304", -7, "08:15", profile="fatty_liver"),
        ),
        prescriptions=(
            RxPlan("preparing", "0301", 0, "急性支气管炎", ("amoxicillin", "licorice")),
            RxPlan("ready", "0304", 0, "高血压", ("amlodipine",), chronic=True, window="3"),
            RxPlan("paid", "0302", 0, "慢性胃炎", ("omeprazole",)),
            RxPlan("collected", "0304", -28, "高脂血症", ("atorvastatin",), chronic=True,
                   window="2"),
        ),
        steps=(
            _step("consult", _CONSULT, "done", "OP2-MED"),
            _step("payment", _PAY, "done", "OP1-CASH"),
            _step("lab", _LAB, "todo", "MT1-LAB", (5, 10), report=1),
            _step("imaging", ("腹部彩超", "Abdominal ultrasound"), "waiting", "MT2-US", (4, 20),
                  report=2),
            _step("pharmacy", _PHARM, "waiting", "OP1-PHARM", rx=0),
            _step("consult", ("复诊 看报告", "Back to the doctor with results"), "todo",
                  "OP2-MED", (6, 35)),
        ),
        contract_team=0,
        blood_type="A",
        allergies=("磺胺类药物",),
        conditions=("高血压", "高脂血症"),
        recent_visits=((-7, "心血管内科", "高血压"), (-3, "呼吸内科", "咳嗽待查"),
                       (-90, "消化内科", "慢性胃炎")),
    ),
    # 1: a pending thyroid ultrasound, anaemia, prescriptions to pick up; no contract.
    Plan(
        reports=(
            ReportPlan("imaging", "US_THYROID", "0307", 0, "09:50", state="pending"),
            ReportPlan("lab", "CBC", "0307", 0, "08:30", profile="anaemia"),
            ReportPlan("lab", "GLU", "0307", -14, "07:55"),
        ),
        prescriptions=(
            RxPlan("ready", "0307", 0, "缺铁性贫血", ("ferrous",), window="5"),
            RxPlan("collected", "13", -40, "荨麻疹", ("loratadine",), window="1"),
        ),
        steps=(
            _step("consult", ("看诊 内分泌科", "See the endocrinologist"), "done", "OP2-MED"),
            _step("lab", _LAB, "done", "MT1-LAB", report=1),
            _step("imaging", ("甲状腺彩超", "Thyroid ultrasound"), "done", "MT2-US", report=0),
            _step("payment", ("缴费 药费", "Pay for medicine"), "done", "OP1-CASH"),
            _step("pharmacy", _PHARM, "todo", "OP1-PHARM", rx=0),
        ),
        blood_type="O",
        allergies=("青霉素",),
        recent_visits=((-14, "内分泌科", "甲状腺结节"), (-40, "皮肤科", "荨麻疹")),
    ),
    # 2: a critical potassium (6.8 mmol/L), chronic kidney disease, a family-doctor contract.
    Plan(
        reports=(
            ReportPlan("lab", "RFT", "0306", 0, "08:05", profile="hyperkalaemia"),
            ReportPlan("lab", "CBC", "0306", 0, "08:05", profile="ckd"),
            ReportPlan("imaging", "DR_CHEST", "0306", 0, "10:30", state="pending"),
            ReportPlan("lab", "GLU", "0306", -30, "08:00"),
        ),
        prescriptions=(
            RxPlan("ready", "0306", 0, "慢性肾脏病3期 高钾血症", ("polystyrene",), window="4"),
            RxPlan("collected", "0306", -30, "慢性肾脏病3期 高血压", ("nifedipine", "calcium"),
                   chronic=True, window="4"),
        ),
        steps=(
            _step("consult", ("看诊 肾内科", "See the nephrologist"), "waiting", "OP2-MED", (3, 12)),
            _step("payment", _PAY, "todo", "OP1-CASH"),
            _step("pharmacy", _PHARM, "todo", "OP1-PHARM", rx=0),
        ),
        contract_team=1,
        blood_type="B",
        conditions=("慢性肾脏病3期", "高血压"),
        recent_visits=((-30, "肾内科", "慢性肾脏病3期"), (-120, "心血管内科", "高血压")),
    ),
    # 3: ready reports, one already printed (at the default limit), no itinerary today.
    Plan(
        reports=(
            ReportPlan("imaging", "DR_CHEST", "02", -2, "14:20", print_count=1),
            ReportPlan("imaging", "MR_LSPINE", "0403", -5, "15:10"),
            ReportPlan("lab", "LIPID", "02", -2, "08:20"),
        ),
        prescriptions=(
            RxPlan("collected", "0403", -5, "腰椎间盘突出症", ("celecoxib",), window="2"),
        ),
        blood_type="AB",
        recent_visits=((-5, "骨科", "腰椎间盘突出症"), (-2, "全科医疗科", "健康体检")),
    ),
    # 4: nothing at all, for the empty states.
    Plan(),
)

_RANDOM_LABS = ("CBC", "LFT", "RFT", "GLU", "LIPID")
_RANDOM_IMAGING = ("DR_CHEST", "CT_HEAD", "US_ABD", "US_THYROID")
_RANDOM_RX = (("0301", "上呼吸道感染", ("amoxicillin",), False),
              ("0302", "急性胃肠炎", ("montmorillonite", "omeprazole"), False),
              ("0304", "高血压", ("amlodipine",), True),
              ("0307", "2型糖尿病", ("metformin", "acarbose"), True),
              ("0403", "膝骨关节炎", ("ibuprofen",), False),
              ("13", "皮肤感染", ("mupirocin",), False))


def random_plan(rng: random.Random, age: int) -> Plan:
    """A plausible history for the rest of the crowd: mostly a few old reports."""
    reports: list[ReportPlan] = []
    for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
        reports.append(ReportPlan(
            "lab", rng.choice(_RANDOM_LABS), rng.choice(("02", "0301", "0304", "0307")),
            -rng.randint(1, 60), f"{rng.randint(7, 10):02d}:{rng.choice((0, 15, 30, 45)):02d}",
            profile=rng.choice(("normal", "normal", "normal", "diabetes", "fatty_liver")),
        ))
    if age >= 18 and rng.random() < 0.2:
        reports.append(ReportPlan(
            "imaging", rng.choice(_RANDOM_IMAGING), "02", -rng.randint(1, 90), "14:00"
        ))
    prescriptions: list[RxPlan] = []
    if rng.random() < 0.25:
        dept, diagnosis, drugs, chronic = rng.choice(_RANDOM_RX)
        status = rng.choice(("collected", "collected", "ready", "preparing", "paid"))
        day = 0 if status != "collected" else -rng.randint(1, 60)
        prescriptions.append(RxPlan(status, dept, day, diagnosis, drugs, chronic,
                                    window=str(rng.randint(1, 6))))
    steps: tuple[StepPlan, ...] = ()
    if prescriptions and prescriptions[0].day == 0:
        steps = (_step("consult", _CONSULT, "done", "OP1-GP"),
                 _step("payment", _PAY, "done", "OP1-CASH"),
                 _step("pharmacy", _PHARM, "waiting", "OP1-PHARM", rx=0))
    return Plan(
        reports=tuple(reports),
        prescriptions=tuple(prescriptions),
        steps=steps,
        contract_team=rng.randrange(len(TEAMS)) if age >= 60 and rng.random() < 0.3 else None,
        blood_type=rng.choice(("A", "B", "O", "AB", None)),
        allergies=("青霉素",) if rng.random() < 0.08 else (),
        conditions=tuple(p.diagnosis for p in prescriptions if p.chronic),
        recent_visits=tuple((-rng.randint(1, 180), "全科医疗科", "上呼吸道感染")
                            for _ in range(rng.choice((0, 1, 2)))),
    )
