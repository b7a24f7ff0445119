"""Bodies of the hospital-data endpoints: floor plan, departments, doctors, schedules, slots.

Other services embed ``Location``, ``DepartmentRef`` and ``Doctor`` so a kiosk renders a
place or a doctor the same way everywhere.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Period = Literal["AM", "PM"]


class Location(BaseModel):
    code: str = Field(description="Stable location code, e.g. `OP2-CARD`.")
    building: str
    floor: int
    room: str
    name: str
    name_en: str
    text: str = Field(description="As on the signs: `门诊楼2楼 230 心血管内科诊区`.")
    text_en: str


class Locations(BaseModel):
    locations: list[Location]


class DepartmentGroup(BaseModel):
    code: str = Field(description="First two digits of the department code (`03` 内科).")
    name: str
    name_en: str


class Department(BaseModel):
    code: str = Field(
        description="National 诊疗科目 code: `0304` 心血管内科, `07` 儿科, `20` 急诊医学科."
    )
    name: str
    name_en: str
    group: DepartmentGroup
    location_code: str
    intro: str
    intro_en: str


class Departments(BaseModel):
    departments: list[Department]


class DepartmentRef(BaseModel):
    code: str
    name: str
    name_en: str


class Doctor(BaseModel):
    doctor_id: str
    name: str
    title: str = Field(description="主任医师 / 副主任医师 / 主治医师 / 住院医师.")
    title_en: str
    specialty: str
    specialty_en: str


class Fee(BaseModel):
    reg_fee_fen: int = Field(description="挂号费 (registration fee), fen.")
    treat_fee_fen: int = Field(description="诊查费 (consultation fee), fen.")
    total_fen: int


class Schedule(BaseModel):
    schedule_id: str
    date: str = Field(description="`YYYY-MM-DD`.")
    period: Period = Field(description="`AM` 上午 08:00-12:00, `PM` 下午 14:00-17:30.")
    start: str = Field(description="Session start, `HH:MM` local time.")
    end: str
    status: Literal["open", "full", "stopped", "closed"] = Field(
        description="`stopped` 停诊 (doctor unavailable), `closed` session over, `full` no slot."
    )
    department: DepartmentRef
    doctor: Doctor
    reg_fee_fen: int
    treat_fee_fen: int
    total_fen: int
    remaining: int = Field(description="Slots neither booked nor held.")
    capacity: int
    location_code: str


class Schedules(BaseModel):
    schedules: list[Schedule]


class Slot(BaseModel):
    slot_id: str
    seq: int = Field(description="号序: the queue number the slot carries.")
    start: str = Field(description="`HH:MM`.")
    end: str
    available: bool = Field(description="False when booked, held by a lock, or already past.")


class Slots(BaseModel):
    schedule_id: str
    slots: list[Slot]
