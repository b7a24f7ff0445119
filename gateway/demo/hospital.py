"""The demo hospital: floor plan, departments, doctors and what a visit costs.

Department codes are the national 诊疗科目 codes (《医疗机构诊疗科目名录》): two digits for a
subject without a specialty split (``07`` 儿科), four for a specialty (``0304`` 心血管内科专业),
as HIS department dictionaries and the EHC platform use them. The triage recommender uses
the same codes, so a recommendation can start a registration.

Fees follow the shape of a Sichuan tertiary hospital's outpatient prices: a small
registration fee (挂号费) plus a consultation fee (诊查费) that rises with the doctor's title.
Doctors are drawn from the seed like the patients, so the same seed gives the same staff.
"""

from __future__ import annotations

import random
import sqlite3

from gateway.demo.census import GIVEN_FEMALE, GIVEN_MALE, SURNAMES
from gateway.platform.triage import CHILD_MAX_AGE
from gateway.store.hospital import TITLES

# (code, building, floor, room, name, name_en)
LOCATIONS: tuple[tuple[str, str, int, str, str, str], ...] = (
    ("OP1-HALL", "门诊楼", 1, "大厅", "门诊大厅 自助服务区", "Main hall, self-service area"),
    ("OP1-CASH", "门诊楼", 1, "108", "收费处", "Cashier"),
    ("OP1-PHARM", "门诊楼", 1, "112", "门诊西药房", "Outpatient pharmacy"),
    ("OP1-TCMPH", "门诊楼", 1, "116", "中药房", "Chinese medicine pharmacy"),
    ("OP1-GP", "门诊楼", 1, "120", "全科医学诊区", "General practice clinic"),
    ("OP2-MED", "门诊楼", 2, "201", "内科诊区", "Internal medicine clinics"),
    ("OP2-CARD", "门诊楼", 2, "230", "心血管内科诊区", "Cardiology clinic"),
    ("OP3-SURG", "门诊楼", 3, "301", "外科诊区", "Surgery clinics"),
    ("OP3-ORTH", "门诊楼", 3, "330", "骨科诊区", "Orthopaedics clinic"),
    ("OP4-WOMEN", "门诊楼", 4, "401", "妇产科诊区", "Obstetrics and gynaecology clinics"),
    ("OP4-CHILD", "门诊楼", 4, "430", "儿科诊区", "Paediatrics clinic"),
    ("OP5-SENSE", "门诊楼", 5, "501", "五官科诊区", "Eye, ENT and dental clinics"),
    ("OP5-SKIN", "门诊楼", 5, "540", "皮肤科诊区", "Dermatology clinic"),
    ("OP5-TCM", "门诊楼", 5, "560", "中医科诊区", "Traditional Chinese medicine clinic"),
    ("ER1-ER", "急诊楼", 1, "101", "急诊科", "Emergency department"),
    ("MT1-LAB", "医技楼", 1, "102", "检验科 采血处", "Laboratory, blood collection"),
    ("MT2-RAD", "医技楼", 2, "201", "放射科", "Radiology (X-ray, CT)"),
    ("MT2-US", "医技楼", 2, "220", "超声科", "Ultrasound"),
)

# (code, name, name_en, group code, location, intro, intro_en)
DEPARTMENTS: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    ("02", "全科医疗科", "General Practice", "02", "OP1-GP",
     "常见病、多发病首诊，慢病管理", "First visits for common illness; chronic care"),
    ("0301", "呼吸内科", "Respiratory Medicine", "03", "OP2-MED",
     "咳嗽、哮喘、慢阻肺、肺部感染", "Cough, asthma, COPD, chest infections"),
    ("0302", "消化内科", "Gastroenterology", "03", "OP2-MED",
     "胃炎、消化性溃疡、肝病、胃肠镜", "Gastritis, ulcers, liver disease, endoscopy"),
    ("0303", "神经内科", "Neurology", "03", "OP2-MED",
     "头痛、头晕、脑血管病、癫痫", "Headache, dizziness, stroke, epilepsy"),
    ("0304", "心血管内科", "Cardiology", "03", "OP2-CARD",
     "高血压、冠心病、心律失常、心力衰竭", "Hypertension, coronary disease, arrhythmia"),
    ("0306", "肾内科", "Nephrology", "03", "OP2-MED",
     "肾炎、慢性肾病、透析评估", "Nephritis, chronic kidney disease"),
    ("0307", "内分泌科", "Endocrinology", "03", "OP2-MED",
     "糖尿病、甲状腺疾病、骨质疏松", "Diabetes, thyroid disease, osteoporosis"),
    ("0401", "普通外科", "General Surgery", "04", "OP3-SURG",
     "甲状腺、乳腺、疝、胆囊疾病", "Thyroid, breast, hernia, gallbladder"),
    ("0402", "神经外科", "Neurosurgery", "04", "OP3-SURG",
     "颅脑外伤、脑肿瘤、脊髓疾病", "Head injury, brain tumours, spinal cord"),
    ("0403", "骨科", "Orthopaedics", "04", "OP3-ORTH",
     "骨折、关节痛、颈腰椎病、运动损伤", "Fractures, joint pain, spine, sports injuries"),
    ("0404", "泌尿外科", "Urology", "04", "OP3-SURG",
     "结石、前列腺疾病、泌尿系感染", "Stones, prostate, urinary infections"),
    ("0501", "妇科", "Gynaecology", "05", "OP4-WOMEN",
     "月经病、妇科炎症、妇科肿瘤", "Menstrual disorders, infections, tumours"),
    ("0502", "产科", "Obstetrics", "05", "OP4-WOMEN",
     "孕期检查、高危妊娠", "Antenatal care, high-risk pregnancy"),
    ("07", "儿科", "Paediatrics", "07", "OP4-CHILD",
     "14 岁以下儿童内科疾病", "Medical care for children under 14"),
    ("10", "眼科", "Ophthalmology", "10", "OP5-SENSE",
     "视力下降、白内障、青光眼、眼外伤", "Vision loss, cataract, glaucoma, eye injury"),
    ("11", "耳鼻咽喉科", "Otorhinolaryngology (ENT)", "11", "OP5-SENSE",
     "鼻炎、咽喉炎、中耳炎、听力下降", "Rhinitis, sore throat, ear infections, hearing"),
    ("12", "口腔科", "Stomatology (dental)", "12", "OP5-SENSE",
     "牙痛、龋齿、牙周病、拔牙", "Toothache, caries, gum disease, extractions"),
    ("13", "皮肤科", "Dermatology", "13", "OP5-SKIN",
     "湿疹、荨麻疹、痤疮、真菌感染", "Eczema, hives, acne, fungal infections"),
    ("20", "急诊医学科", "Emergency Medicine", "20", "ER1-ER",
     "24 小时急危重症救治", "24-hour emergency care"),
    ("50", "中医科", "Traditional Chinese Medicine", "50", "OP5-TCM",
     "中医内科调理、针灸推拿", "Herbal medicine, acupuncture, tuina"),
)

# Specialties a doctor of the department lists on the schedule board (专长).
SPECIALTIES: dict[str, tuple[tuple[str, str], ...]] = {
    "02": (("慢病管理", "Chronic disease care"), ("老年病", "Geriatrics")),
    "0301": (("慢阻肺", "COPD"), ("哮喘", "Asthma"), ("肺结节", "Lung nodules")),
    "0302": (("胃肠镜", "Endoscopy"), ("肝病", "Liver disease"), ("炎症性肠病", "IBD")),
    "0303": (("脑血管病", "Stroke"), ("头痛眩晕", "Headache and vertigo"), ("癫痫", "Epilepsy")),
    "0304": (("冠心病介入", "Coronary intervention"), ("心律失常", "Arrhythmia"),
             ("高血压", "Hypertension"), ("心力衰竭", "Heart failure")),
    "0306": (("慢性肾病", "Chronic kidney disease"), ("肾小球肾炎", "Glomerulonephritis")),
    "0307": (("糖尿病", "Diabetes"), ("甲状腺疾病", "Thyroid disease")),
    "0401": (("甲状腺乳腺", "Thyroid and breast"), ("肝胆外科", "Hepatobiliary surgery")),
    "0402": (("颅脑外伤", "Head injury"), ("脊髓疾病", "Spinal cord disease")),
    "0403": (("关节外科", "Joint surgery"), ("脊柱外科", "Spine surgery"),
             ("运动医学", "Sports medicine")),
    "0404": (("泌尿结石", "Urinary stones"), ("前列腺疾病", "Prostate disease")),
    "0501": (("妇科肿瘤", "Gynaecological oncology"), ("宫颈疾病", "Cervical disease")),
    "0502": (("高危妊娠", "High-risk pregnancy"), ("产前检查", "Antenatal care")),
    "07": (("小儿呼吸", "Paediatric respiratory"), ("小儿消化", "Paediatric digestive")),
    "10": (("白内障", "Cataract"), ("青光眼", "Glaucoma"), ("眼底病", "Retinal disease")),
    "11": (("鼻窦炎", "Sinusitis"), ("耳科", "Otology")),
    "12": (("牙体牙髓", "Endodontics"), ("牙周病", "Periodontics")),
    "13": (("湿疹皮炎", "Eczema"), ("痤疮", "Acne")),
    "20": (("急危重症", "Critical care"), ("创伤急救", "Trauma")),
    "50": (("中医内科", "TCM internal medicine"), ("针灸", "Acupuncture")),
}

DOCTORS_PER_DEPARTMENT = (3, 6)


def _doctor_name(rng: random.Random, gender: str) -> str:
    surname = rng.choices([s for s, _ in SURNAMES], weights=[w for _, w in SURNAMES])[0]
    pool = GIVEN_MALE if gender == "M" else GIVEN_FEMALE
    return surname + "".join(rng.choice(pool) for _ in range(rng.choice((1, 2, 2))))


def seed_hospital(conn: sqlite3.Connection, seed: int) -> None:
    """Insert the floor plan, departments and doctors; a no-op once done."""
    if conn.execute("SELECT 1 FROM departments LIMIT 1").fetchone() is not None:
        return
    conn.executemany("INSERT INTO locations VALUES (?, ?, ?, ?, ?, ?)", LOCATIONS)
    conn.executemany(
        "INSERT INTO departments VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(*d, position) for position, d in enumerate(DEPARTMENTS)],
    )
    rng = random.Random(f"{seed}:doctors")
    titles = list(TITLES.values())
    rows = []
    for code, *_ in DEPARTMENTS:
        count = rng.randint(*DOCTORS_PER_DEPARTMENT)
        # Every department has a chief, so the title filter always finds one.
        chosen = ["主任医师"] + [
            rng.choices([t.name for t in titles], weights=[t.weight for t in titles])[0]
            for _ in range(count - 1)
        ]
        for index, title in enumerate(chosen, start=1):
            gender = "F" if rng.random() < 0.45 else "M"
            specialty = rng.choice(SPECIALTIES[code])
            rows.append((f"D{code.ljust(4, '0')}{index:02d}", _doctor_name(rng, gender), gender,
                         title, code, *specialty))
    conn.executemany("INSERT INTO doctors VALUES (?, ?, ?, ?, ?, ?, ?)", rows)


# Departments that see only some patients, as Chinese outpatient clinics triage them.
PAEDIATRICS = "07"
FOR_CHILDREN = {PAEDIATRICS, "10", "11", "12", "13", "20"}  # eyes, ENT, teeth, skin, emergency
OBSTETRICS = "0502"


def sees(department: str, age: int, sex: str) -> bool:
    """Whether ``department`` would have seen this patient (a 57-year-old man: no paediatrics).

    Under 14 a child is seen in paediatrics (or a few departments that see every age), and
    never in paediatrics from 14 on; gynaecology and obstetrics see women, obstetrics those
    of child-bearing age.
    """
    child = age <= CHILD_MAX_AGE
    if child:
        return department in FOR_CHILDREN
    if department == PAEDIATRICS:
        return False
    if department.startswith("05"):
        return sex == "F" and (department != OBSTETRICS or 18 <= age <= 50)
    return True
