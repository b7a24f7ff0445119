"""The hospital as the kiosk sees it: floor plan, departments, doctors and their titles.

A hospital fills these tables from its HIS; the reference gateway fills them with its
demo hospital (``gateway.demo.hospital``).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from gateway.schemas.hospital import DepartmentRef, Doctor, Location

SCHEMA = """
CREATE TABLE IF NOT EXISTS locations (
    code TEXT PRIMARY KEY,
    building TEXT NOT NULL,
    floor INTEGER NOT NULL,
    room TEXT NOT NULL,
    name TEXT NOT NULL,
    name_en TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS departments (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_en TEXT NOT NULL,
    group_code TEXT NOT NULL,
    location_code TEXT NOT NULL REFERENCES locations (code),
    intro TEXT NOT NULL,
    intro_en TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS doctors (
    doctor_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    gender TEXT NOT NULL,
    title TEXT NOT NULL,
    department_code TEXT NOT NULL REFERENCES departments (code),
    specialty TEXT NOT NULL,
    specialty_en TEXT NOT NULL
);
"""

# Buildings as they appear on the hospital's signs.
BUILDINGS = {"门诊楼": "Outpatient Building", "急诊楼": "Emergency Building",
             "医技楼": "Medical Technology Building"}

GROUPS = {
    "02": ("全科医疗科", "General Practice"), "03": ("内科", "Internal Medicine"),
    "04": ("外科", "Surgery"), "05": ("妇产科", "Obstetrics and Gynaecology"),
    "07": ("儿科", "Paediatrics"), "10": ("眼科", "Ophthalmology"),
    "11": ("耳鼻咽喉科", "ENT"), "12": ("口腔科", "Stomatology"),
    "13": ("皮肤科", "Dermatology"), "20": ("急诊医学科", "Emergency Medicine"),
    "50": ("中医科", "Traditional Chinese Medicine"),
}


@dataclass(frozen=True)
class Title:
    name: str
    name_en: str
    reg_fee_fen: int  # 挂号费
    treat_fee_fen: int  # 诊查费
    slot_min: int  # senior doctors see fewer patients per session
    weight: int  # how common the title is among outpatient doctors


TITLES: dict[str, Title] = {
    t.name: t
    for t in (
        Title("主任医师", "Chief Physician", 100, 3900, 30, 2),
        Title("副主任医师", "Associate Chief Physician", 100, 2400, 20, 3),
        Title("主治医师", "Attending Physician", 100, 1300, 15, 4),
        Title("住院医师", "Resident Physician", 100, 800, 15, 2),
    )
}


def location_text(row: sqlite3.Row | tuple) -> tuple[str, str]:
    """The Chinese and English wording of a location, as on the hospital's signs."""
    _code, building, floor, room, name, name_en = tuple(row)[:6]
    zh = f"{building}{floor}楼 {room} {name}" if room != "大厅" else f"{building}{floor}楼 {name}"
    where = f"{BUILDINGS[building]}, floor {floor}"
    en = f"{where}, room {room}, {name_en}" if room != "大厅" else f"{where}, {name_en}"
    return zh, en


def location_model(row: sqlite3.Row) -> Location:
    text, text_en = location_text(row)
    return Location(**{k: row[k] for k in row.keys()}, text=text, text_en=text_en)


def location(conn: sqlite3.Connection, code: str) -> Location:
    return location_model(
        conn.execute("SELECT * FROM locations WHERE code = ?", (code,)).fetchone()
    )


def doctor_model(row: sqlite3.Row) -> Doctor:
    """From a row with doctor_id, doctor_name (or name), title and specialty columns."""
    keys = row.keys()
    return Doctor(
        doctor_id=row["doctor_id"],
        name=row["doctor_name"] if "doctor_name" in keys else row["name"],
        title=row["title"],
        title_en=TITLES[row["title"]].name_en,
        specialty=row["specialty"],
        specialty_en=row["specialty_en"],
    )


def department_ref(row: sqlite3.Row) -> DepartmentRef:
    return DepartmentRef(
        code=row["department_code"], name=row["department_name"],
        name_en=row["department_name_en"],
    )


def department_en(conn: sqlite3.Connection, name: str) -> str:
    """A department's English name from the hospital's dictionary (records keep the name)."""
    row = conn.execute("SELECT name_en FROM departments WHERE name = ?", (name,)).fetchone()
    return row["name_en"] if row is not None else name
