"""English for every Chinese name the demo world writes into records.

The demo hospital's translation table (``gateway.store.glossary``): drug generic names as in
the English drug references, priced items as an English price list would name them, the
parts of a label, diagnoses, allergies. ``tests/gateway/test_glossary.py`` checks that every
name the demo catalogues and plans can produce is here, so English mode never falls back to
Chinese on demo data.
"""

from __future__ import annotations

import sqlite3

from gateway.store import glossary

DRUGS = {
    "阿莫西林胶囊": "Amoxicillin capsules",
    "复方甘草片": "Compound liquorice tablets",
    "布洛芬缓释胶囊": "Ibuprofen sustained-release capsules",
    "盐酸二甲双胍缓释片": "Metformin hydrochloride extended-release tablets",
    "盐酸二甲双胍片": "Metformin hydrochloride tablets",
    "苯磺酸氨氯地平片": "Amlodipine besylate tablets",
    "阿托伐他汀钙片": "Atorvastatin calcium tablets",
    "奥美拉唑肠溶胶囊": "Omeprazole enteric-coated capsules",
    "头孢克肟胶囊": "Cefixime capsules",
    "蒙脱石散": "Montmorillonite powder",
    "硝苯地平控释片": "Nifedipine controlled-release tablets",
    "阿卡波糖片": "Acarbose tablets",
    "氯雷他定片": "Loratadine tablets",
    "琥珀酸亚铁片": "Ferrous succinate tablets",
    "聚苯乙烯磺酸钙散": "Calcium polystyrene sulfonate powder",
    "碳酸钙D3片": "Calcium carbonate and vitamin D3 tablets",
    "莫匹罗星软膏": "Mupirocin ointment",
    "塞来昔布胶囊": "Celecoxib capsules",
    "连花清瘟胶囊": "Lianhua Qingwen capsules",
    "双歧杆菌三联活菌胶囊": "Bifidobacterium triple viable capsules",
    "阿司匹林肠溶片": "Aspirin enteric-coated tablets",
    "双氯芬酸钠缓释片": "Diclofenac sodium sustained-release tablets",
    "丁酸氢化可的松乳膏": "Hydrocortisone butyrate cream",
    "中药饮片（7剂）": "Chinese herbal decoction pieces (7 doses)",
    "维生素C泡腾片": "Vitamin C effervescent tablets",
}

ITEMS = {
    "血细胞分析（五分类）": "Complete blood count (5-part differential)",
    "C反应蛋白测定": "C-reactive protein",
    "肝功能（十一项）": "Liver function (11 tests)",
    "肾功能（三项）": "Kidney function (3 tests)",
    "空腹血糖测定": "Fasting blood glucose",
    "糖化血红蛋白测定": "Glycated haemoglobin (HbA1c)",
    "血脂（四项）": "Blood lipids (4 tests)",
    "尿液分析": "Urinalysis",
    "甲状腺功能（三项）": "Thyroid function (3 tests)",
    "胸部正位DR摄影": "Chest X-ray (PA view)",
    "腹部彩色多普勒超声": "Abdominal colour Doppler ultrasound",
    "颈椎正侧位DR摄影": "Cervical spine X-ray (AP and lateral)",
    "头颅CT平扫": "Head CT (non-contrast)",
    "心脏彩色多普勒超声": "Echocardiogram (colour Doppler)",
    "常规心电图检查": "Electrocardiogram (ECG)",
    "静脉输液（第一组）": "Intravenous infusion (first set)",
    "雾化吸入": "Nebulised inhalation",
    "换药（小）": "Dressing change (small)",
    "针灸治疗": "Acupuncture",
}

# The parts of a label: route, dose, frequency, note.
LABEL = {
    "口服": "By mouth",
    "外用": "On the skin",
    "一次1片": "1 tablet each time",
    "一次2片": "2 tablets each time",
    "一次3片": "3 tablets each time",
    "一次1粒": "1 capsule each time",
    "一次2粒": "2 capsules each time",
    "一次1袋": "1 sachet each time",
    "适量": "a thin layer",
    "一日1次": "once a day",
    "一日2次": "twice a day",
    "一日3次": "3 times a day",
    "整片吞服": "swallow whole",
    "睡前服用": "at bedtime",
    "随餐服用": "with meals",
    "与第一口饭同时嚼服": "chew with the first bite of a meal",
    "饭后服用": "after meals",
    "早餐前服用": "before breakfast",
    "温水冲服": "dissolve in warm water",
    "温水混悬后服用": "stir into warm water and drink",
    "涂患处": "apply to the affected area",
}

CONDITIONS = {
    "高血压": "Hypertension",
    "高脂血症": "Hyperlipidaemia",
    "2型糖尿病": "Type 2 diabetes",
    "慢性胃炎": "Chronic gastritis",
    "缺铁性贫血": "Iron-deficiency anaemia",
    "荨麻疹": "Urticaria",
    "慢性肾脏病3期": "Chronic kidney disease, stage 3",
    "慢性肾脏病3期 高钾血症": "Chronic kidney disease, stage 3; hyperkalaemia",
    "慢性肾脏病3期 高血压": "Chronic kidney disease, stage 3; hypertension",
    "腰椎间盘突出症": "Lumbar disc herniation",
    "皮肤感染": "Skin infection",
    "上呼吸道感染": "Upper respiratory tract infection",
    "膝骨关节炎": "Knee osteoarthritis",
    "急性胃肠炎": "Acute gastroenteritis",
    "急性支气管炎": "Acute bronchitis",
    "急性化脓性扁桃体炎": "Acute suppurative tonsillitis",
    "咳嗽待查": "Cough, cause to be found",
    "甲状腺结节": "Thyroid nodule",
    "健康体检": "Health check-up",
}

ALLERGIES = {
    "磺胺类药物": "Sulfonamides",
    "青霉素": "Penicillin",
    "阿司匹林": "Aspirin",
}

# Dispensing and price-list units, as a count reads: "× 2 box" would be wrong, so plural
# forms are the kiosk's business; these are the singular nouns.
UNITS = {
    "盒": "box",
    "瓶": "bottle",
    "支": "tube",
    "袋": "sachet",
    "付": "course",
    "次": "session",
    "组": "set",
    "项": "test",
    "片": "tablet",
    "粒": "capsule",
}

# The inpatient charges of the demo stays (gateway/demo/inpatients.py), and their units.
INPATIENT = {
    "床位费（三人间）": "Bed (three-bed room)",
    "一级护理": "Grade 1 nursing care",
    "住院膳食": "Inpatient meals",
    "注射用头孢曲松钠": "Ceftriaxone sodium for injection",
    "0.9%氯化钠注射液": "0.9% sodium chloride injection",
    "阿司匹林肠溶片": "Aspirin enteric-coated tablets",
    "阿托伐他汀钙片": "Atorvastatin calcium tablets",
    "注射用泮托拉唑钠": "Pantoprazole sodium for injection",
    "低分子肝素钙注射液": "Low-molecular-weight heparin calcium injection",
    "氨溴索注射液": "Ambroxol injection",
    "人血白蛋白": "Human serum albumin",
    "血常规": "Complete blood count",
    "肝功能": "Liver function tests",
    "电解质": "Electrolytes",
    "凝血四项": "Coagulation panel",
    "心电图": "Electrocardiogram",
    "胸部CT平扫": "Chest CT, plain",
    "腹部彩超": "Abdominal colour Doppler ultrasound",
    "静脉输液": "Intravenous infusion",
    "雾化吸入": "Nebulised inhalation",
    "换药（中）": "Dressing change (medium)",
    "一次性输液器": "Disposable infusion set",
    "留置针": "Indwelling cannula",
    "日": "day",
    "套": "set",
}

ENTRIES: dict[str, str] = {
    **DRUGS, **ITEMS, **LABEL, **CONDITIONS, **ALLERGIES, **UNITS, **INPATIENT
}


def seed_glossary(conn: sqlite3.Connection) -> None:
    glossary.define(conn, ENTRIES.items())
