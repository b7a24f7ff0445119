"""Demo data of the pharmacy counter: staff, the drug catalogue, boxes, a queue at window 3.

Runs once per database after the patient records (a ``meta`` row records it). What the
first demo patients (``GET /demo/v1/patients``, by position) have waiting at the counter:

- 0: three prescriptions at window 3 (paid, preparing, ready); allergic to 磺胺类药物.
- 1: a paid 头孢克肟 + 布洛芬 prescription at window 3; allergic to 青霉素 (a cross-allergy
  the pharmacist should see); also a ready prescription at window 5.
- 2: a paid prescription of the imported 立普妥 (GS1 codes) at window 3.
- 5: paid 二甲双胍 + 阿卡波糖 at window 3; allergic to 阿司匹林.
- 6: a ready 蒙脱石散 + 奥美拉唑 prescription at window 3.
- 7: a preparing 阿莫西林 + 复方甘草片 prescription at window 3.

Every seeded prescription item is tied to its catalogue drug. Boxes come from
:func:`gateway.demo.drug_catalogue.demo_boxes`: ``fresh`` ones to dispense, ``expired`` ones, and
``dispensed`` ones already in the registry (handed out weeks ago), for the error paths.
"""

from __future__ import annotations

import json
import logging
import random
import sqlite3

from gateway.core.timeline import minutes, today
from gateway.demo.days import panel_patients
from gateway.demo.drug_catalogue import BY_CODE, BY_PLAN_KEY, CATALOGUE, demo_boxes
from gateway.demo.plans import DRUGS
from gateway.store.staff import seed_staff

logger = logging.getLogger(__name__)

META_KEY = "counter_seed"
COUNTER_WINDOW = "3"
_DEPT_NAMES = {"0301": "呼吸内科", "0302": "消化内科", "0304": "心血管内科",
               "0307": "内分泌科", "11": "耳鼻咽喉科"}

# (panel position, status, department, diagnosis, ((drug_code, qty), …), allergies or None)
EXTRA: tuple[tuple[int, str, str, str, tuple[tuple[str, int], ...], tuple[str, ...] | None],
             ...] = (
    (1, "paid", "11", "急性化脓性扁桃体炎", (("YP00110", 1), ("YP00103", 1)), None),
    (2, "paid", "0304", "高脂血症", (("YP00108", 2),), None),
    (5, "paid", "0307", "2型糖尿病", (("YP00105", 2), ("YP00113", 1)), ("阿司匹林",)),
    (6, "ready", "0302", "急性胃肠炎", (("YP00111", 2), ("YP00109", 1)), None),
    (7, "preparing", "0301", "急性支气管炎", (("YP00101", 2), ("YP00102", 1)), None),
)
# The label texts of the drugs that demo_plans does not know.
_USAGE = {
    "YP00105": ("口服", "一次2片", "一日2次", 24, "随餐服用"),
    "YP00108": ("口服", "一次1片", "一日1次", 14, "睡前服用"),
    "YP00110": ("口服", "一次1粒", "一日2次", 3, "饭后服用"),
}


def _usage(drug_code: str) -> tuple[str, str, str, int, str]:
    spec = BY_CODE[drug_code]
    if spec.plan_key:
        _drug, _spec, _unit, route, dose, freq, days, note, _qty = DRUGS[spec.plan_key]
        return route, dose, freq, days, note
    return _USAGE[drug_code]


def _map_existing_items(conn: sqlite3.Connection) -> None:
    by_text = {(d[0], d[1]): BY_PLAN_KEY[key].drug_code for key, d in DRUGS.items()
               if key in BY_PLAN_KEY}
    rows = conn.execute("SELECT prescription_id, seq, drug, spec FROM prescription_items")
    conn.executemany(
        "INSERT OR IGNORE INTO prescription_item_drugs VALUES (?, ?, ?)",
        [(r["prescription_id"], r["seq"], by_text[(r["drug"], r["spec"])])
         for r in rows if (r["drug"], r["spec"]) in by_text],
    )


def _extra_prescriptions(conn: sqlite3.Connection, rng: random.Random) -> None:
    panel = panel_patients(conn)
    for serial, (position, status, dept, diagnosis, drugs, allergies) in enumerate(EXTRA, 1):
        if position >= len(panel):
            continue
        patient_id = panel[position]
        rx_id = f"RX{27000000 + serial * 7}"
        doctors = conn.execute("SELECT name FROM doctors WHERE department_code = ?"
                               " ORDER BY doctor_id", (dept,)).fetchall()
        paid = minutes(0, "08:30") + rng.randint(0, 120)
        conn.execute(
            "INSERT INTO prescriptions VALUES (?, ?, ?, ?, ?, ?, 0, '门诊西药房', 'OP1-PHARM',"
            " ?, ?, ?, ?, NULL)",
            (rx_id, patient_id, status, _DEPT_NAMES[dept], rng.choice(doctors)["name"],
             diagnosis, COUNTER_WINDOW, paid - 15, paid, paid + 20 if status == "ready" else None),
        )
        for seq, (drug_code, qty) in enumerate(drugs, start=1):
            spec = BY_CODE[drug_code]
            route, dose, freq, days, note = _usage(drug_code)
            conn.execute(
                "INSERT INTO prescription_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (rx_id, seq, spec.name, spec.spec, qty, spec.unit, route, dose, freq, days, note),
            )
            conn.execute("INSERT INTO prescription_item_drugs VALUES (?, ?, ?)",
                         (rx_id, seq, drug_code))
        if allergies is not None:
            conn.execute("UPDATE health_records SET allergies = ? WHERE patient_id = ?",
                         (json.dumps(allergies, ensure_ascii=False), patient_id))


def _boxes(conn: sqlite3.Connection, seed: int, now: float, rng: random.Random) -> None:
    boxes = demo_boxes(seed, today(now))
    conn.executemany(
        "INSERT INTO trace_codes (code, text, drug_code, kind, batch, expiry)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(b.key, b.text, b.drug_code, b.kind, b.batch, b.expiry.isoformat()) for b in boxes],
    )
    conn.executemany(
        "INSERT INTO dispensed_codes (code, drug_code, dispensed_at) VALUES (?, ?, ?)",
        [(b.key, b.drug_code, now - rng.randint(3, 60) * 86400)
         for b in boxes if b.state == "dispensed"],
    )


def seed_counter(conn: sqlite3.Connection, seed: int, now: float) -> bool:
    """Insert the counter's demo data once; returns True if it did."""
    if conn.execute("SELECT 1 FROM meta WHERE key = ?", (META_KEY,)).fetchone() is not None:
        return False
    rng = random.Random(f"{seed}:counter")
    seed_staff(conn)
    seed_catalogue(conn)
    _map_existing_items(conn)
    # The first patient's paid and preparing prescriptions wait at the counter's window.
    for patient_id in panel_patients(conn)[:1]:
        conn.execute(
            "UPDATE prescriptions SET window = ? WHERE patient_id = ? AND window IS NULL"
            " AND status IN ('paid', 'preparing')", (COUNTER_WINDOW, patient_id),
        )
    _extra_prescriptions(conn, rng)
    _boxes(conn, seed, now, rng)
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (META_KEY, str(seed)))
    logger.info("seeded pharmacy counter demo data")
    return True


def seed_catalogue(conn: sqlite3.Connection) -> None:
    conn.executemany(
        "INSERT INTO drugs VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(d.drug_code, d.name, d.brand, d.spec, d.unit, d.manufacturer, d.gtin)
         for d in CATALOGUE],
    )
    conn.executemany(
        "INSERT INTO drug_trace_prefixes VALUES (?, ?)",
        [(p, d.drug_code) for d in CATALOGUE for p in d.trace_prefixes],
    )
