"""The demo drug catalogue and the codes printed on its boxes.

The codes themselves (20-digit traceability codes, GS1 element strings) are described and
built in :mod:`gateway.store.drug_codes`; here each demo drug gets its trace prefixes, a
GTIN, and boxes fresh, expired and already dispensed.

Drug codes are this hospital's formulary codes. ``plan_key`` ties an entry to the
``gateway.demo.plans.DRUGS`` key whose prescriptions it fills. GTINs and trace prefixes here are
made up for the demo (their check digits are valid); they name no real product.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from gateway.store.drug_codes import gs1_text, gtin14, trace_code


@dataclass(frozen=True)
class DrugSpec:
    drug_code: str
    name: str
    spec: str
    unit: str
    manufacturer: str
    trace_prefixes: tuple[str, ...]
    brand: str | None = None
    gtin: str | None = None  # imported boxes carry GS1 codes with this GTIN
    plan_key: str | None = None


CATALOGUE: tuple[DrugSpec, ...] = (
    DrugSpec("YP00101", "阿莫西林胶囊", "0.25g×24粒", "盒", "珠海联邦制药股份有限公司",
             ("8100623", "8100624"), plan_key="amoxicillin"),
    DrugSpec("YP00102", "复方甘草片", "100片", "瓶", "北京双鹤药业股份有限公司", ("8120457",),
             plan_key="licorice"),
    DrugSpec("YP00103", "布洛芬缓释胶囊", "0.3g×20粒", "盒", "中美天津史克制药有限公司",
             ("8613580",), brand="芬必得", plan_key="ibuprofen"),
    DrugSpec("YP00104", "盐酸二甲双胍缓释片", "0.5g×30片", "盒", "北京京丰制药集团有限公司",
             ("8402217",), plan_key="metformin"),
    DrugSpec("YP00105", "盐酸二甲双胍片", "0.25g×48片", "盒", "石药集团欧意药业有限公司",
             ("8402391",)),
    DrugSpec("YP00106", "苯磺酸氨氯地平片", "5mg×28片", "盒", "扬子江药业集团有限公司",
             ("8306152", "8306153"), plan_key="amlodipine"),
    DrugSpec("YP00107", "阿托伐他汀钙片", "20mg×7片", "盒", "北京嘉林药业股份有限公司",
             ("8311846",), brand="阿乐", plan_key="atorvastatin"),
    DrugSpec("YP00108", "阿托伐他汀钙片", "20mg×7片", "盒", "Pfizer Manufacturing Deutschland GmbH",
             ("8911203",), brand="立普妥 Lipitor", gtin=gtin14("0401234510207")),
    DrugSpec("YP00109", "奥美拉唑肠溶胶囊", "20mg×14粒", "盒", "常州四药制药有限公司",
             ("8215530",), plan_key="omeprazole"),
    DrugSpec("YP00110", "头孢克肟胶囊", "0.1g×6粒", "盒", "广州白云山制药股份有限公司",
             ("8102746",)),
    DrugSpec("YP00111", "蒙脱石散", "3g×10袋", "盒", "博福-益普生(天津)制药有限公司",
             ("8220918",), brand="思密达", plan_key="montmorillonite"),
    DrugSpec("YP00112", "硝苯地平控释片", "30mg×7片", "盒", "Bayer AG", ("8912377",),
             brand="拜新同 Adalat", gtin=gtin14("0405012330017"), plan_key="nifedipine"),
    DrugSpec("YP00113", "阿卡波糖片", "50mg×30片", "盒", "拜耳医药保健有限公司", ("8403051",),
             brand="拜唐苹", plan_key="acarbose"),
    DrugSpec("YP00114", "氯雷他定片", "10mg×6片", "盒", "上海先灵葆雅制药有限公司", ("8500764",),
             plan_key="loratadine"),
    DrugSpec("YP00115", "琥珀酸亚铁片", "0.1g×24片", "盒", "南京金陵制药股份有限公司",
             ("8520338",), plan_key="ferrous"),
    DrugSpec("YP00116", "聚苯乙烯磺酸钙散", "5g×9袋", "盒", "浙江海正药业股份有限公司",
             ("8530112",), plan_key="polystyrene"),
    DrugSpec("YP00117", "碳酸钙D3片", "600mg×30片", "盒", "惠氏制药有限公司", ("8540296",),
             plan_key="calcium"),
    DrugSpec("YP00118", "莫匹罗星软膏", "5g", "支", "中美天津史克制药有限公司", ("8710045",),
             plan_key="mupirocin"),
    DrugSpec("YP00119", "塞来昔布胶囊", "0.2g×6粒", "盒", "辉瑞制药有限公司", ("8621479",),
             plan_key="celecoxib"),
)

BY_CODE = {d.drug_code: d for d in CATALOGUE}
BY_PLAN_KEY = {d.plan_key: d for d in CATALOGUE if d.plan_key}

FRESH_BOXES = 40
EXPIRED_BOXES = 3
DISPENSED_BOXES = 3


@dataclass(frozen=True)
class DemoBox:
    key: str  # the registry key: the 20 digits, or 01<GTIN>21<serial> for GS1 boxes
    text: str  # what a scanner reads off the box
    drug_code: str
    kind: str  # "trace20" / "gs1"
    batch: str
    expiry: date
    state: str  # as seeded: "fresh" / "expired" / "dispensed"


def demo_boxes(seed: int, today: date) -> list[DemoBox]:
    """Every demo drug's boxes: many fresh, a few expired, a few already dispensed."""
    rng = random.Random(f"{seed}:boxes")
    boxes: list[DemoBox] = []
    plan = ["fresh"] * FRESH_BOXES + ["expired"] * EXPIRED_BOXES + ["dispensed"] * DISPENSED_BOXES
    for drug in CATALOGUE:
        serial = rng.randrange(10**7, 10**8)
        for state in plan:
            serial += rng.randint(1, 50)
            if state == "expired":
                expiry = today - timedelta(days=rng.randint(10, 200))
            else:
                expiry = today + timedelta(days=rng.randint(400, 1000))
            batch = f"{expiry.year - 2:04d}{rng.randrange(10**4):04d}"[2:]
            if drug.gtin:
                serial_text = f"{serial:010d}"
                text = gs1_text(drug.gtin, expiry, batch, serial_text)
                key = f"01{drug.gtin}21{serial_text}"
                kind = "gs1"
            else:
                text = key = trace_code(rng.choice(drug.trace_prefixes), serial)
                kind = "trace20"
            boxes.append(DemoBox(key, text, drug.drug_code, kind, batch, expiry, state))
    return boxes
