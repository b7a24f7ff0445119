"""Priced items a doctor orders, for demo bills: drugs, lab tests, imaging and treatments.

Prices are in fen and in the range of a Sichuan public hospital's price list; insurance
classes follow the national reimbursement list (甲类 A fully eligible, 乙类 B partly,
丙类 C self-pay). Departments order what they typically order, so a bill reads right.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    name: str
    spec: str
    unit: str
    price_fen: int
    category: str  # drug / lab / imaging / treatment
    insurance_class: str  # A / B / C


def _drug(name, spec, unit, price, cls) -> Item:
    return Item(name, spec, unit, price, "drug", cls)


def _lab(name, price, cls="A") -> Item:
    return Item(name, "", "项", price, "lab", cls)


def _imaging(name, price, cls="B") -> Item:
    return Item(name, "", "次", price, "imaging", cls)


def _treat(name, unit, price, cls="A") -> Item:
    return Item(name, "", unit, price, "treatment", cls)


DRUGS = {
    "cold": (_drug("阿莫西林胶囊", "0.25g×24粒", "盒", 1250, "A"),
             _drug("布洛芬缓释胶囊", "0.3g×20粒", "盒", 1860, "A"),
             _drug("连花清瘟胶囊", "0.35g×24粒", "盒", 2590, "B"),
             _drug("复方甘草片", "100片", "瓶", 650, "A")),
    "gut": (_drug("奥美拉唑肠溶胶囊", "20mg×14粒", "盒", 1420, "A"),
            _drug("蒙脱石散", "3g×10袋", "盒", 1630, "A"),
            _drug("双歧杆菌三联活菌胶囊", "210mg×36粒", "盒", 3280, "B")),
    "heart": (_drug("苯磺酸氨氯地平片", "5mg×28片", "盒", 2150, "A"),
              _drug("阿托伐他汀钙片", "20mg×7片", "盒", 3390, "B"),
              _drug("阿司匹林肠溶片", "100mg×30片", "盒", 1560, "A")),
    "sugar": (_drug("盐酸二甲双胍片", "0.5g×48片", "盒", 1080, "A"),
              _drug("阿卡波糖片", "50mg×30片", "盒", 4120, "B")),
    "pain": (_drug("双氯芬酸钠缓释片", "75mg×10片", "盒", 1290, "A"),
             _drug("塞来昔布胶囊", "0.2g×6粒", "盒", 3570, "B")),
    "skin": (_drug("丁酸氢化可的松乳膏", "10g:10mg", "支", 1880, "B"),
             _drug("氯雷他定片", "10mg×6片", "盒", 1750, "A")),
    "tcm": (_drug("中药饮片（7剂）", "7剂", "付", 16800, "B"),
            _drug("维生素C泡腾片", "1g×10片", "支", 2600, "C")),
}

LABS = (
    _lab("血细胞分析（五分类）", 2000), _lab("C反应蛋白测定", 3000),
    _lab("肝功能（十一项）", 6400), _lab("肾功能（三项）", 2600),
    _lab("空腹血糖测定", 700), _lab("糖化血红蛋白测定", 6000, "B"),
    _lab("血脂（四项）", 3600), _lab("尿液分析", 1200), _lab("甲状腺功能（三项）", 9000, "B"),
)
IMAGING = (
    _imaging("胸部正位DR摄影", 8000), _imaging("腹部彩色多普勒超声", 15000),
    _imaging("颈椎正侧位DR摄影", 12000), _imaging("头颅CT平扫", 22000),
    _imaging("心脏彩色多普勒超声", 26000), _imaging("常规心电图检查", 2500, "A"),
)
TREATMENTS = (
    _treat("静脉输液（第一组）", "组", 800), _treat("雾化吸入", "次", 1500),
    _treat("换药（小）", "次", 2000), _treat("针灸治疗", "次", 3500, "B"),
)

# What each department tends to order: (drug groups, chance of lab, of imaging, of treatment)
ORDERS: dict[str, tuple[tuple[str, ...], float, float, float]] = {
    "02": (("cold", "heart", "sugar"), 0.6, 0.2, 0.1),
    "0301": (("cold",), 0.8, 0.6, 0.4),
    "0302": (("gut",), 0.7, 0.5, 0.1),
    "0303": (("pain", "heart"), 0.5, 0.5, 0.0),
    "0304": (("heart",), 0.8, 0.7, 0.0),
    "0306": (("heart",), 0.9, 0.3, 0.0),
    "0307": (("sugar",), 0.9, 0.2, 0.0),
    "0401": (("pain",), 0.6, 0.5, 0.3),
    "0402": (("pain",), 0.5, 0.6, 0.1),
    "0403": (("pain",), 0.3, 0.8, 0.3),
    "0404": (("pain",), 0.8, 0.6, 0.0),
    "0501": (("cold",), 0.8, 0.5, 0.0),
    "0502": (("sugar",), 0.8, 0.7, 0.0),
    "07": (("cold", "gut"), 0.7, 0.3, 0.4),
    "10": (("skin",), 0.2, 0.1, 0.2),
    "11": (("cold",), 0.3, 0.2, 0.4),
    "12": (("pain",), 0.1, 0.3, 0.5),
    "13": (("skin",), 0.3, 0.0, 0.2),
    "20": (("pain", "cold", "heart"), 0.9, 0.7, 0.6),
    "50": (("tcm",), 0.2, 0.0, 0.5),
}


def order_items(rng: random.Random, department_code: str) -> list[tuple[Item, int]]:
    """One visit's orders as (item, quantity); never empty."""
    groups, p_lab, p_imaging, p_treat = ORDERS.get(department_code, (("cold",), 0.5, 0.3, 0.2))
    drugs = [d for g in groups for d in DRUGS[g]]
    lines = [(d, rng.randint(1, 3)) for d in rng.sample(drugs, k=min(len(drugs), rng.randint(1, 2)))]
    if rng.random() < p_lab:
        lines += [(lab, 1) for lab in rng.sample(LABS, k=rng.randint(1, 3))]
    if rng.random() < p_imaging:
        lines.append((rng.choice(IMAGING), 1))
    if rng.random() < p_treat:
        lines.append((rng.choice(TREATMENTS), rng.randint(1, 3)))
    return lines
