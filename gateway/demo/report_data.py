"""Lab panels and imaging templates the demo reports are drawn from.

Reference ranges are the adult ranges Chinese labs print (WS/T 404 / WS/T 405 where they
exist); critical limits follow a typical hospital 危急值 list. A range is kept with the
item when the report is made, as a LIS freezes it, and flags are computed from it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Analyte:
    code: str
    name: str
    unit: str
    low: float | None  # None: no lower limit printed ("<5.18")
    high: float | None
    decimals: int
    crit_low: float | None = None
    crit_high: float | None = None
    # Sex-specific limits (male, female) override low/high where labs print two ranges.
    female: tuple[float, float] | None = None

    def limits(self, sex: str) -> tuple[float | None, float | None]:
        if sex == "F" and self.female is not None:
            return self.female
        return self.low, self.high


@dataclass(frozen=True)
class Panel:
    code: str
    title: str
    title_en: str
    specimen: str
    analytes: tuple[Analyte, ...]
    turnaround_min: int  # how long after collection the report is expected


def _a(code, name, unit, low, high, decimals, crit=(None, None), female=None) -> Analyte:
    return Analyte(code, name, unit, low, high, decimals, crit[0], crit[1], female)


PANELS: dict[str, Panel] = {
    p.code: p
    for p in (
        Panel("CBC", "血常规", "Complete blood count", "全血(EDTA-K2)", (
            _a("WBC", "白细胞计数", "10^9/L", 3.5, 9.5, 2, (2.0, 30.0)),
            _a("NEUT%", "中性粒细胞百分比", "%", 40, 75, 1),
            _a("LYMPH%", "淋巴细胞百分比", "%", 20, 50, 1),
            _a("MONO%", "单核细胞百分比", "%", 3, 10, 1),
            _a("EO%", "嗜酸性粒细胞百分比", "%", 0.4, 8.0, 1),
            _a("NEUT#", "中性粒细胞绝对值", "10^9/L", 1.8, 6.3, 2, (0.5, None)),
            _a("LYMPH#", "淋巴细胞绝对值", "10^9/L", 1.1, 3.2, 2),
            _a("RBC", "红细胞计数", "10^12/L", 4.3, 5.8, 2, female=(3.8, 5.1)),
            _a("HGB", "血红蛋白", "g/L", 130, 175, 0, (50, 200), female=(115, 150)),
            _a("HCT", "红细胞压积", "%", 40, 50, 1, female=(35, 45)),
            _a("MCV", "平均红细胞体积", "fL", 82, 100, 1),
            _a("MCH", "平均红细胞血红蛋白含量", "pg", 27, 34, 1),
            _a("MCHC", "平均红细胞血红蛋白浓度", "g/L", 316, 354, 0),
            _a("PLT", "血小板计数", "10^9/L", 125, 350, 0, (30, 1000)),
        ), 60),
        Panel("LFT", "肝功能", "Liver function", "血清", (
            _a("ALT", "丙氨酸氨基转移酶", "U/L", 9, 50, 0, female=(7, 40)),
            _a("AST", "天门冬氨酸氨基转移酶", "U/L", 15, 40, 0, female=(13, 35)),
            _a("GGT", "γ-谷氨酰转移酶", "U/L", 10, 60, 0, female=(7, 45)),
            _a("ALP", "碱性磷酸酶", "U/L", 45, 125, 0, female=(35, 100)),
            _a("TBIL", "总胆红素", "μmol/L", 0, 21.0, 1, (None, 340)),
            _a("DBIL", "直接胆红素", "μmol/L", 0, 6.8, 1),
            _a("TP", "总蛋白", "g/L", 65, 85, 1),
            _a("ALB", "白蛋白", "g/L", 40, 55, 1),
        ), 180),
        Panel("RFT", "肾功能+电解质", "Renal function and electrolytes", "血清", (
            _a("UREA", "尿素", "mmol/L", 3.1, 8.0, 2, female=(2.6, 7.5)),
            _a("CREA", "肌酐", "μmol/L", 57, 97, 0, (None, 707), female=(41, 73)),
            _a("UA", "尿酸", "μmol/L", 208, 428, 0, female=(155, 357)),
            _a("K", "钾", "mmol/L", 3.5, 5.3, 2, (2.8, 6.2)),
            _a("Na", "钠", "mmol/L", 137, 147, 1, (120, 160)),
            _a("Cl", "氯", "mmol/L", 99, 110, 1),
            _a("Ca", "钙", "mmol/L", 2.11, 2.52, 2, (1.75, 3.5)),
        ), 180),
        Panel("GLU", "血糖", "Fasting glucose", "血清", (
            _a("GLU", "葡萄糖(空腹)", "mmol/L", 3.9, 6.1, 2, (2.8, 22.2)),
            _a("HbA1c", "糖化血红蛋白", "%", 4.0, 6.0, 1),
        ), 120),
        Panel("LIPID", "血脂四项", "Lipid profile", "血清", (
            _a("TC", "总胆固醇", "mmol/L", None, 5.18, 2),
            _a("TG", "甘油三酯", "mmol/L", None, 1.70, 2),
            _a("HDL-C", "高密度脂蛋白胆固醇", "mmol/L", 1.04, None, 2),
            _a("LDL-C", "低密度脂蛋白胆固醇", "mmol/L", None, 3.37, 2),
        ), 180),
    )
}

# Values a condition pushes outside the range: (low, high) of the drawn value.
PROFILES: dict[str, dict[str, tuple[float, float]]] = {
    "normal": {},
    "infection": {"WBC": (11.5, 16.8), "NEUT%": (78, 88), "LYMPH%": (8, 18), "NEUT#": (8.0, 13.5)},
    "fatty_liver": {"ALT": (62, 118), "AST": (41, 66), "GGT": (70, 140), "TG": (2.3, 4.1),
                    "TC": (5.4, 6.6), "LDL-C": (3.5, 4.4)},
    "diabetes": {"GLU": (8.1, 12.6), "HbA1c": (7.2, 9.4), "TG": (1.8, 2.9)},
    "ckd": {"CREA": (168, 245), "UREA": (11.2, 16.5), "UA": (470, 560), "HGB": (92, 108)},
    "anaemia": {"HGB": (82, 104), "RBC": (3.1, 3.7), "MCV": (68, 78), "MCH": (20, 25.5),
                "HCT": (27, 33)},
}

PROFILES["hyperkalaemia"] = PROFILES["ckd"]

# A few values are fixed so the rich demo patients always show a critical result.
FIXED: dict[str, dict[str, float]] = {"hyperkalaemia": {"K": 6.8}}


def draw_value(rng: random.Random, analyte: Analyte, sex: str, profile: str) -> str:
    """One plausible result, as the analyser would print it."""
    fixed = FIXED.get(profile, {})
    if analyte.code in fixed:
        value = fixed[analyte.code]
    elif analyte.code in PROFILES.get(profile, {}):
        lo, hi = PROFILES[profile][analyte.code]
        value = rng.uniform(lo, hi)
    else:
        lo, hi = analyte.limits(sex)
        lo = 0.6 * hi if lo is None and hi is not None else lo
        hi = 1.6 * lo if hi is None and lo is not None else hi
        assert lo is not None and hi is not None
        # Normal results cluster in the middle of the range, as real ones do.
        value = rng.triangular(lo, hi)
    return f"{value:.{analyte.decimals}f}"


@dataclass(frozen=True)
class ImagingTemplate:
    code: str
    modality: str  # "CT", "DR", "US", "MR"
    title: str
    title_en: str
    body_part: str
    findings: str
    impression: str
    turnaround_min: int


IMAGING: dict[str, ImagingTemplate] = {
    t.code: t
    for t in (
        ImagingTemplate(
            "DR_CHEST", "DR", "胸部正位片", "Chest X-ray (PA)", "胸部",
            "两肺纹理清晰，走行自然，肺野内未见明确实质性病变。两肺门不大。\n\n"
            "心影大小、形态未见异常。两侧膈面光整，肋膈角锐利。所见骨质未见明显异常。",
            "胸部正位片未见明显异常。", 120,
        ),
        ImagingTemplate(
            "CT_CHEST", "CT", "胸部CT平扫", "Chest CT (non-contrast)", "胸部",
            "右肺上叶尖段见一实性结节，大小约6mm×5mm，边缘光整，未见分叶及毛刺。"
            "余两肺纹理清晰，未见实变及肿块影。气管及各级支气管通畅。\n\n"
            "纵隔内未见肿大淋巴结。心脏大小正常，心包未见积液。双侧胸腔未见积液。",
            "1. 右肺上叶尖段实性小结节，建议6～12个月后复查胸部CT。\n"
            "2. 余胸部CT平扫未见明显异常。", 240,
        ),
        ImagingTemplate(
            "CT_HEAD", "CT", "头颅CT平扫", "Head CT (non-contrast)", "头颅",
            "脑实质内未见异常密度影，灰白质分界清楚。脑室系统未见扩大，脑沟、脑池未见增宽，"
            "中线结构居中。\n\n颅骨未见明显异常。",
            "颅脑CT平扫未见明显异常。", 120,
        ),
        ImagingTemplate(
            "US_ABD", "US", "腹部彩超(肝胆胰脾)", "Abdominal ultrasound", "肝、胆、胰、脾",
            "肝脏大小形态正常，包膜光滑，实质回声细密增强，后方回声衰减，肝内管道显示欠清。"
            "门静脉内径正常。\n\n胆囊大小正常，壁光滑，腔内未见异常回声。胰腺大小形态正常，"
            "回声均匀。脾脏大小正常，实质回声均匀。",
            "1. 脂肪肝（轻度）。\n2. 胆、胰、脾未见明显异常。", 60,
        ),
        ImagingTemplate(
            "US_THYROID", "US", "甲状腺彩超", "Thyroid ultrasound", "甲状腺",
            "甲状腺大小形态正常，包膜完整。右叶中部见一低回声结节，大小约8mm×6mm，边界清，"
            "形态规则，纵横比<1，内未见点状强回声。CDFI：结节周边见少许血流信号。\n\n"
            "双侧颈部未见明显肿大淋巴结。",
            "甲状腺右叶结节（C-TIRADS 3类）。", 60,
        ),
        ImagingTemplate(
            "MR_LSPINE", "MR", "腰椎MRI平扫", "Lumbar spine MRI", "腰椎",
            "腰椎生理曲度变直，各椎体边缘骨质增生。L4/5椎间盘T2WI信号减低，向后突出，"
            "硬膜囊受压；L5/S1椎间盘向后膨出。\n\n椎管未见明显狭窄，脊髓圆锥位置及信号正常。",
            "1. L4/5椎间盘突出（中央型）。\n2. L5/S1椎间盘膨出。\n3. 腰椎退行性变。", 1440,
        ),
    )
}
