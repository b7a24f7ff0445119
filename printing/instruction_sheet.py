"""The medication instruction sheet (用药指导单): an 80 mm slip after a dispense.

Labels go on each box; this sheet gathers every drug with how and when to take it in large
clear Chinese, so an elderly patient has one paper to read at home. Allergies come first,
because they are what the patient must tell any other doctor.
"""

from __future__ import annotations

from datetime import datetime

from kiosk.privacy import mask_name
from printing import layout
from printing.models import Hospital, InstructionItem, InstructionSheet, Patient
from printing.slips import C, _build, _fields, _rule

GENERAL_ADVICE = (
    "请按医嘱用药，不要自行加量、减量或停药。",
    "药品放在阴凉干燥处，儿童不能拿到的地方。",
    "用药后如有皮疹、呼吸困难等不适，请立即停药并就医。",
)


def render_instruction_sheet(sheet: InstructionSheet) -> bytes:
    p = sheet.patient
    story = [
        layout.para(sheet.hospital.name, 11, align=C),
        layout.para(sheet.title, 16, align=C, leading=21),
        _rule(),
        layout.para(f"{mask_name(p.name)}  {p.sex}  {p.age}", 12),
    ]
    if sheet.allergies:
        story.append(layout.para(f"过敏史：{'、'.join(sheet.allergies)}", 13, leading=17))
    story.append(_rule())
    for number, item in enumerate(sheet.items, start=1):
        story += [
            layout.para(f"{number}. {item.drug_name}", 15, leading=20),
            layout.para(f"规格：{item.specification}    数量：{item.quantity}", 10),
            layout.para(f"{item.usage}  {item.dose}  {item.frequency}  {item.days}".strip(), 14,
                        leading=19),
        ]
        story += [layout.para(f"※ {note}", 11) for note in item.notes]
        story.append(_rule())
    story += [layout.para(f"· {line}", 9.5) for line in GENERAL_ADVICE]
    story.append(_rule())
    footer = [("处方号", "、".join(sheet.prescription_nos))]
    if sheet.pharmacy_window:
        footer.append(("取药窗口", sheet.pharmacy_window))
    if sheet.dispensed_at:
        footer.append(("发药时间", sheet.dispensed_at.strftime("%Y-%m-%d %H:%M")))
    if sheet.pharmacist:
        footer.append(("药师", sheet.pharmacist))
    story.append(_fields(footer, 9))
    return _build(story, "instruction-sheet")


def demo() -> InstructionSheet:
    from printing.demo import HOSPITAL, PATIENT

    return InstructionSheet(
        hospital=Hospital(HOSPITAL.name),
        patient=Patient(PATIENT.name, PATIENT.id_number, PATIENT.sex, PATIENT.age),
        items=(
            InstructionItem("头孢克肟胶囊", "0.1g×6粒", "1盒", "口服", "一次1粒", "一日2次", "共3天",
                            ("饭后服用",)),
            InstructionItem("布洛芬缓释胶囊", "0.3g×20粒", "1盒", "口服", "一次1粒", "一日2次",
                            "共5天", ("发热或疼痛时服用", "两次间隔至少12小时")),
        ),
        prescription_nos=("RX27000007",),
        allergies=("青霉素",),
        pharmacy_window="3",
        dispensed_at=datetime(2026, 11, 26, 10, 48),  # noqa: DTZ001 - wall-clock time on paper
        pharmacist="陈静",
    )
