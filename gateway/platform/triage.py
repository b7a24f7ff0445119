"""Symptom → department recommender (导诊): a rules table, not a diagnosis.

A nurse at the guidance desk works the same way: red-flag symptoms go to the emergency
department whatever else was chosen, children see paediatrics for medical complaints, and
everything else maps to the specialty that usually sees it. Department codes are the
national 诊疗科目 codes, so a recommendation can start a registration.
"""

from __future__ import annotations

from dataclasses import dataclass, field

EMERGENCY = "20"
PAEDIATRICS = "07"
GENERAL_PRACTICE = "02"
CHILD_MAX_AGE = 13  # under 14: paediatrics, as Chinese hospitals triage

DEPARTMENTS: dict[str, tuple[str, str]] = {
    "02": ("全科医疗科", "General Practice"),
    "0301": ("呼吸内科", "Respiratory Medicine"),
    "0302": ("消化内科", "Gastroenterology"),
    "0303": ("神经内科", "Neurology"),
    "0304": ("心血管内科", "Cardiology"),
    "0306": ("肾内科", "Nephrology"),
    "0307": ("内分泌科", "Endocrinology"),
    "0401": ("普通外科", "General Surgery"),
    "0402": ("神经外科", "Neurosurgery"),
    "0403": ("骨科", "Orthopaedics"),
    "0404": ("泌尿外科", "Urology"),
    "0501": ("妇科", "Gynaecology"),
    "0502": ("产科", "Obstetrics"),
    "07": ("儿科", "Paediatrics"),
    "10": ("眼科", "Ophthalmology"),
    "11": ("耳鼻咽喉科", "Otorhinolaryngology (ENT)"),
    "12": ("口腔科", "Stomatology (dental)"),
    "13": ("皮肤科", "Dermatology"),
    "20": ("急诊医学科", "Emergency Medicine"),
}


@dataclass(frozen=True)
class Symptom:
    code: str
    name: str
    name_en: str
    departments: tuple[str, ...]  # usual specialties, best first
    sex: str | None = None  # only offered to this sex
    # Complaints a child still takes to the specialty (eyes, teeth, injuries).
    specialty_for_children: bool = False


@dataclass(frozen=True)
class BodyArea:
    code: str
    name: str
    name_en: str
    symptoms: tuple[Symptom, ...]


def _s(code, name, name_en, *departments, sex=None, child=False) -> Symptom:
    return Symptom(code, name, name_en, departments, sex, child)


BODY_AREAS: tuple[BodyArea, ...] = (
    BodyArea("head", "头部", "Head", (
        _s("headache", "头痛", "Headache", "0303"),
        _s("dizziness", "头晕", "Dizziness", "0303", "0304"),
        _s("one_sided_weakness", "一侧肢体无力或口角歪斜", "Weakness of one side / drooping face",
           "0303"),
        _s("slurred_speech", "突发言语不清", "Sudden slurred speech", "0303"),
        _s("head_injury", "头部外伤", "Head injury", "0402", child=True),
        _s("insomnia", "失眠", "Sleeplessness", "0303"),
    )),
    BodyArea("chest", "胸部", "Chest", (
        _s("chest_pain", "胸痛", "Chest pain", "0304", "0301"),
        _s("chest_tightness", "胸闷", "Chest tightness", "0304", "0301"),
        _s("palpitations", "心慌心悸", "Palpitations", "0304"),
        _s("cough", "咳嗽咳痰", "Cough", "0301"),
        _s("breathless", "呼吸困难", "Shortness of breath", "0301", "0304"),
        _s("haemoptysis", "咯血", "Coughing up blood", "0301"),
    )),
    BodyArea("abdomen", "腹部", "Abdomen", (
        _s("abdominal_pain", "腹痛", "Abdominal pain", "0302", "0401"),
        _s("right_lower_pain", "右下腹痛", "Pain in the lower right abdomen", "0401", child=True),
        _s("vomiting", "恶心呕吐", "Nausea and vomiting", "0302"),
        _s("diarrhoea", "腹泻", "Diarrhoea", "0302"),
        _s("blood_vomit_stool", "呕血或黑便", "Vomiting blood or black stool", "0302"),
        _s("jaundice", "皮肤眼白发黄", "Yellow skin or eyes", "0302"),
    )),
    BodyArea("back_limbs", "腰背及四肢", "Back and limbs", (
        _s("back_pain", "腰背痛", "Back pain", "0403"),
        _s("joint_pain", "关节痛", "Joint pain", "0403"),
        _s("limb_injury", "四肢外伤或疑似骨折", "Limb injury or suspected fracture", "0403",
           child=True),
        _s("numbness", "手脚麻木", "Numb hands or feet", "0303", "0403"),
        _s("leg_swelling", "下肢水肿", "Swollen legs", "0306", "0304"),
    )),
    BodyArea("urinary", "泌尿生殖", "Urinary and reproductive", (
        _s("frequent_urination", "尿频尿急尿痛", "Frequent or painful urination", "0404", "0306"),
        _s("blood_in_urine", "血尿", "Blood in urine", "0404", "0306"),
        _s("renal_colic", "腰部绞痛", "Colicky flank pain", "0404", child=True),
        _s("irregular_periods", "月经不调", "Irregular periods", "0501", sex="F"),
        _s("vaginal_bleeding", "阴道异常出血", "Abnormal vaginal bleeding", "0501", sex="F"),
        _s("pregnant", "已怀孕或停经", "Pregnant or missed period", "0502", sex="F"),
    )),
    BodyArea("face", "眼耳鼻喉口腔", "Eyes, ears, nose, throat, mouth", (
        _s("red_eye", "眼红眼痛", "Red or painful eye", "10", child=True),
        _s("vision_loss", "视力下降", "Blurred or lost vision", "10", child=True),
        _s("ear_pain", "耳痛或听力下降", "Earache or hearing loss", "11", child=True),
        _s("sore_throat", "咽痛", "Sore throat", "11", "0301"),
        _s("blocked_nose", "鼻塞流涕", "Blocked or runny nose", "11"),
        _s("toothache", "牙痛", "Toothache", "12", child=True),
    )),
    BodyArea("skin", "皮肤", "Skin", (
        _s("rash", "皮疹", "Rash", "13"),
        _s("itching", "皮肤瘙痒", "Itching", "13"),
        _s("wound", "皮肤伤口", "Cut or wound", "0401", child=True),
    )),
    BodyArea("general", "全身", "Whole body", (
        _s("fever", "发热", "Fever", "0301", "02"),
        _s("high_fever", "高热(39℃以上)", "High fever (39 °C or above)", "0301", "02"),
        _s("fatigue", "乏力", "Tiredness", "02"),
        _s("thirst", "口渴多饮多尿", "Thirst and frequent urination", "0307"),
        _s("weight_loss", "体重明显下降", "Unexplained weight loss", "0307", "0302"),
    )),
)

AREAS: dict[str, BodyArea] = {a.code: a for a in BODY_AREAS}


@dataclass(frozen=True)
class RedFlag:
    """Symptoms (all of ``all_of``, at least one of ``any_of``) that need emergency care."""

    any_of: frozenset[str]
    reason: str
    reason_en: str
    min_age: int | None = None  # applies above this age
    max_age: int | None = None  # applies at or below this age
    all_of: frozenset[str] = field(default_factory=frozenset)


RED_FLAGS: tuple[RedFlag, ...] = (
    RedFlag(frozenset({"chest_pain"}), "40岁以上胸痛，需尽快排除急性心肌梗死等急症",
            "Chest pain over 40: a heart attack must be ruled out quickly", min_age=40),
    RedFlag(frozenset({"chest_pain", "chest_tightness"}), "胸痛胸闷伴呼吸困难，需立即就诊",
            "Chest pain with shortness of breath needs immediate care",
            all_of=frozenset({"breathless"})),
    RedFlag(frozenset({"one_sided_weakness", "slurred_speech"}),
            "疑似脑卒中，治疗有时间窗，请立即到急诊",
            "Possible stroke: treatment is time-critical"),
    RedFlag(frozenset({"head_injury"}), "头部外伤需急诊评估", "A head injury needs assessment"),
    RedFlag(frozenset({"blood_vomit_stool"}), "疑似消化道出血", "Possible bleeding in the gut"),
    RedFlag(frozenset({"haemoptysis"}), "咯血需急诊评估", "Coughing up blood needs assessment"),
    RedFlag(frozenset({"high_fever", "fever"}), "婴儿发热需急诊评估",
            "A fever in an infant needs assessment", max_age=0),
    RedFlag(frozenset({"vaginal_bleeding"}), "妊娠期阴道出血需急诊评估",
            "Bleeding in pregnancy needs assessment", all_of=frozenset({"pregnant"})),
)


@dataclass(frozen=True)
class Recommendation:
    department_code: str
    name: str
    name_en: str
    reason: str
    reason_en: str
    urgent: bool


class UnknownBodyArea(ValueError):
    pass


class UnknownSymptom(ValueError):
    pass


def _applies(flag: RedFlag, chosen: set[str], age: int) -> bool:
    if flag.min_age is not None and age <= flag.min_age:
        return False
    if flag.max_age is not None and age > flag.max_age:
        return False
    return bool(flag.any_of & chosen) and flag.all_of <= chosen


def _dept(code: str, reason: str, reason_en: str, urgent: bool = False) -> Recommendation:
    name, name_en = DEPARTMENTS[code]
    return Recommendation(code, name, name_en, reason, reason_en, urgent)


def recommend(body_area: str, symptoms: list[str], age: int, sex: str) -> list[Recommendation]:
    """Best first, at most three, never empty; an urgent case puts emergency first."""
    area = AREAS.get(body_area)
    if area is None:
        raise UnknownBodyArea(body_area)
    offered = {s.code: s for s in area.symptoms if s.sex in (None, sex)}
    if not symptoms or any(code not in offered for code in symptoms):
        raise UnknownSymptom(body_area)
    chosen = set(symptoms)
    result: list[Recommendation] = []
    for flag in RED_FLAGS:
        if _applies(flag, chosen, age):
            result.append(_dept(EMERGENCY, flag.reason, flag.reason_en, urgent=True))
            break
    # Specialties by how many chosen symptoms point at them; ties keep catalogue order.
    votes: dict[str, int] = {}
    for code in symptoms:
        for rank, dept in enumerate(offered[code].departments):
            votes[dept] = votes.get(dept, 0) + (2 if rank == 0 else 1)
    ranked = sorted(votes, key=lambda d: -votes[d])
    child = age <= CHILD_MAX_AGE
    if child and not all(offered[c].specialty_for_children for c in symptoms):
        result.append(_dept(PAEDIATRICS, "14岁以下儿童请到儿科就诊",
                            "Children under 14 are seen in paediatrics"))
    names = "、".join(offered[c].name for c in symptoms)
    names_en = ", ".join(offered[c].name_en.lower() for c in symptoms)
    for dept in ranked:
        if child and dept != PAEDIATRICS and not _child_specialty(dept, offered, symptoms):
            continue
        result.append(_dept(dept, f"{names}常见于该科", f"Usually seen for: {names_en}"))
    if not result:
        result.append(_dept(GENERAL_PRACTICE, "请先到全科初诊", "Start with general practice"))
    unique: dict[str, Recommendation] = {}
    for rec in result:
        unique.setdefault(rec.department_code, rec)
    return list(unique.values())[:3]


def _child_specialty(dept: str, offered: dict[str, Symptom], symptoms: list[str]) -> bool:
    return any(
        offered[c].specialty_for_children and dept in offered[c].departments for c in symptoms
    )
