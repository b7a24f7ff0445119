"""Inpatient admissions and their charges: the summary a family asks for, the daily cost
list (一日清单), and the rules that say whether a kiosk may take a deposit or settle.

    admitted ──discharge order──▶ discharge_ordered ──settled at a kiosk──▶ settled
                                         └──left before settling──▶ discharged ──(office)──▶ settled

Charges are posted by the wards (HIS); ``pending_charges`` counts orders executed but not
yet charged, which must be charged before anyone can settle. Money moves in
:mod:`gateway.store.inpatient_money`.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from gateway.core.errors import GatewayError
from gateway.core.inpatient_errors import ADMISSION_NOT_FOUND, DATE_OUTSIDE_STAY
from gateway.core.masks import mask_visit_card
from gateway.core.timeline import iso_utc, today
from gateway.schemas.inpatient import Admission, Charge, ChargeGroup, DailyList
from gateway.store import glossary

SCHEMA = """
CREATE TABLE IF NOT EXISTS admissions (
    admission_id TEXT PRIMARY KEY,
    inpatient_no TEXT NOT NULL UNIQUE,
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    department_code TEXT NOT NULL REFERENCES departments (code),
    ward TEXT NOT NULL,
    ward_en TEXT NOT NULL,
    bed TEXT NOT NULL,
    status TEXT NOT NULL
        CHECK (status IN ('admitted', 'discharge_ordered', 'discharged', 'settled')),
    insured INTEGER NOT NULL DEFAULT 0,
    pending_charges INTEGER NOT NULL DEFAULT 0 CHECK (pending_charges >= 0),
    admitted_at REAL NOT NULL,
    discharge_ordered_at REAL,
    settled_at REAL
);
CREATE INDEX IF NOT EXISTS admissions_by_patient ON admissions (patient_id, status);
CREATE TABLE IF NOT EXISTS inpatient_charges (
    admission_id TEXT NOT NULL REFERENCES admissions (admission_id),
    line INTEGER NOT NULL,
    day TEXT NOT NULL,
    charged_at REAL NOT NULL,
    category TEXT NOT NULL
        CHECK (category IN ('bed', 'nursing', 'drug', 'test', 'exam', 'treatment', 'material',
                            'meal')),
    name TEXT NOT NULL,
    spec TEXT NOT NULL,
    unit TEXT NOT NULL,
    qty INTEGER NOT NULL CHECK (qty > 0),
    price_fen INTEGER NOT NULL CHECK (price_fen >= 0),
    amount_fen INTEGER NOT NULL,
    department TEXT NOT NULL,
    insurance_class TEXT NOT NULL CHECK (insurance_class IN ('A', 'B', 'C')),
    PRIMARY KEY (admission_id, line)
);
CREATE INDEX IF NOT EXISTS inpatient_charges_by_day ON inpatient_charges (admission_id, day);
"""

# Below this the ward asks the family to top up (催款); the kiosk highlights it.
LOW_BALANCE_FEN = 100_000
# The categories of a daily list, in the order hospitals print them (大类).
CATEGORIES: tuple[tuple[str, str, str], ...] = (
    ("bed", "床位费", "Bed"),
    ("nursing", "护理费", "Nursing"),
    ("drug", "药品费", "Medicines"),
    ("test", "化验费", "Lab tests"),
    ("exam", "检查费", "Examinations"),
    ("treatment", "治疗费", "Treatment"),
    ("material", "材料费", "Materials"),
    ("meal", "膳食费", "Meals"),
)
OPEN = ("admitted", "discharge_ordered", "discharged")
_OFFICE_ZH = "请到住院处办理"
_OFFICE_EN = "please go to the admissions office"

ADMISSION_SELECT = """
SELECT a.*, d.name AS department_name, d.name_en AS department_name_en,
  (SELECT COALESCE(SUM(amount_fen), 0) FROM inpatient_charges c
   WHERE c.admission_id = a.admission_id) AS charges_fen,
  (SELECT COALESCE(SUM(amount_fen), 0) FROM deposits p
   WHERE p.admission_id = a.admission_id AND p.status = 'paid') AS deposit_fen
FROM admissions a JOIN departments d ON d.code = a.department_code
"""


def top_up_refusal(row: sqlite3.Row) -> tuple[str, str] | None:
    """Why a kiosk may not take a deposit for this admission, or None if it may."""
    if row["status"] == "admitted":
        return None
    if row["status"] == "discharge_ordered":
        return (
            "已开出院医嘱，无需再缴预交金，请办理出院结算",
            "Discharge is ordered: no more deposit is needed; settle the discharge instead",
        )
    return (f"本次住院已出院，{_OFFICE_ZH}", f"This stay has ended; {_OFFICE_EN}")


def discharge_refusal(row: sqlite3.Row) -> tuple[str, str] | None:
    """Why a kiosk may not settle this admission's discharge, or None if it may."""
    if row["status"] == "admitted":
        return (
            f"尚未开具出院医嘱，不能自助出院结算，{_OFFICE_ZH}",
            f"There is no discharge order yet; {_OFFICE_EN}",
        )
    if row["status"] == "settled":
        return "本次住院已结算", "This stay is already settled"
    if row["status"] == "discharged":
        return (f"已出院未结算，{_OFFICE_ZH}", f"Discharged without settling; {_OFFICE_EN}")
    if row["pending_charges"] > 0:
        return (f"还有费用尚未记账，{_OFFICE_ZH}", f"Some charges are not posted yet; {_OFFICE_EN}")
    return None


def last_day(row: sqlite3.Row, now: float) -> date:
    return today(row["settled_at"]) if row["settled_at"] is not None else today(now)


def admission_model(row: sqlite3.Row, now: float) -> Admission:
    top_up = top_up_refusal(row)
    discharge = discharge_refusal(row)
    balance = row["deposit_fen"] - row["charges_fen"]
    return Admission(
        admission_id=row["admission_id"],
        inpatient_no=mask_visit_card(row["inpatient_no"]),  # masked like the visit card
        status=row["status"],
        department=row["department_name"],
        department_en=row["department_name_en"],
        ward=row["ward"],
        ward_en=row["ward_en"],
        bed=row["bed"],
        admitted_at=iso_utc(row["admitted_at"]),
        days=(last_day(row, now) - today(row["admitted_at"])).days + 1,
        deposit_fen=row["deposit_fen"],
        charges_fen=row["charges_fen"],
        balance_fen=balance,
        # Only while deposits are still taken: after the discharge order the settlement squares it.
        low_balance=row["status"] == "admitted" and balance < LOW_BALANCE_FEN,
        low_balance_fen=LOW_BALANCE_FEN,
        top_up_allowed=top_up is None,
        top_up_refusal=top_up[0] if top_up else None,
        top_up_refusal_en=top_up[1] if top_up else None,
        discharge_allowed=discharge is None,
        discharge_refusal=discharge[0] if discharge else None,
        discharge_refusal_en=discharge[1] if discharge else None,
    )


def admissions_of(conn: sqlite3.Connection, patient_id: str) -> list[sqlite3.Row]:
    return conn.execute(
        ADMISSION_SELECT + " WHERE a.patient_id = ? ORDER BY a.admitted_at DESC", (patient_id,)
    ).fetchall()


def admission_row(conn: sqlite3.Connection, admission_id: str, patient_id: str) -> sqlite3.Row:
    """The patient's admission; another patient's is 'not found', as if it did not exist."""
    row = conn.execute(
        ADMISSION_SELECT + " WHERE a.admission_id = ? AND a.patient_id = ?",
        (admission_id, patient_id),
    ).fetchone()
    if row is None:
        raise GatewayError(ADMISSION_NOT_FOUND)
    return row


def patient_of_wristband(conn: sqlite3.Connection, inpatient_no: str) -> str | None:
    """The patient an inpatient number (住院号) belongs to, while the stay is not settled:
    an old wristband identifies nobody."""
    row = conn.execute(
        "SELECT patient_id FROM admissions WHERE inpatient_no = ? AND status != 'settled'",
        (inpatient_no,),
    ).fetchone()
    return row["patient_id"] if row is not None else None


def groups(rows: list[sqlite3.Row], *, with_items: bool = True,
           english: dict[str, str] | None = None) -> list[ChargeGroup]:
    """Charges grouped by category in the printed order; empty categories left out;
    ``english``: the glossary's English of the items' names and units."""
    english = english or {}
    found: list[ChargeGroup] = []
    for key, name, name_en in CATEGORIES:
        mine = [r for r in rows if r["category"] == key]
        if not mine:
            continue
        items = (
            [
                Charge(
                    name=r["name"],
                    name_en=english.get(r["name"]),
                    spec=r["spec"],
                    unit=r["unit"],
                    unit_en=english.get(r["unit"]),
                    qty=r["qty"],
                    price_fen=r["price_fen"],
                    amount_fen=r["amount_fen"],
                    department=r["department"],
                    charged_at=iso_utc(r["charged_at"]),
                )
                for r in mine
            ]
            if with_items
            else []
        )
        found.append(
            ChargeGroup(
                category=key,
                name=name,
                name_en=name_en,
                total_fen=sum(r["amount_fen"] for r in mine),
                items=items,
            )
        )
    return found


def charge_rows(
    conn: sqlite3.Connection, admission_id: str, day: date | None = None
) -> list[sqlite3.Row]:
    if day is None:
        return conn.execute(
            "SELECT * FROM inpatient_charges WHERE admission_id = ? ORDER BY charged_at, line",
            (admission_id,),
        ).fetchall()
    return conn.execute(
        "SELECT * FROM inpatient_charges WHERE admission_id = ? AND day = ?"
        " ORDER BY charged_at, line",
        (admission_id, day.isoformat()),
    ).fetchall()


def daily_list(
    conn: sqlite3.Connection, row: sqlite3.Row, day: date | None, now: float
) -> DailyList:
    first, last = today(row["admitted_at"]), last_day(row, now)
    day = day or last
    if not first <= day <= last:
        raise GatewayError(
            DATE_OUTSIDE_STAY, {"first": first.isoformat(), "last": last.isoformat()}
        )
    rows = charge_rows(conn, row["admission_id"], day)
    return DailyList(
        admission_id=row["admission_id"],
        date=day.isoformat(),
        first_date=first.isoformat(),
        last_date=last.isoformat(),
        total_fen=sum(r["amount_fen"] for r in rows),
        categories=groups(rows, english=glossary.english(
            conn, [r["name"] for r in rows] + [r["unit"] for r in rows])),
    )
