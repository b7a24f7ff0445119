"""Seeds the demo inpatients: admitted patients in several wards with a few days of charges.

Once per database (a ``meta`` row records it), relative to the hospital day it runs on. The
patients are the active ones just after the demo panel's (so the panel's outpatient journeys
never meet a stay), each with one story:

- admitted, balance comfortable (two of them, in two wards);
- admitted, balance low (the kiosk asks for a top-up);
- discharge ordered, deposits exceed the self-pay share: a refund;
- discharge ordered, self-pay exceeds the deposits: money due;
- discharge ordered with charges still pending: refused, "请到住院处办理".
"""

from __future__ import annotations

import random
import sqlite3
from datetime import timedelta

from gateway.core.timeline import local_midnight
from gateway.demo.days import PANEL_SIZE
from gateway.store.inpatient_insurance import inpatient_insurance_share

META_KEY = "inpatients_seed"

# (department, ward, ward in English, days in, story)
STAYS: tuple[tuple[str, str, str, int, str], ...] = (
    ("0304", "心血管内科一病区", "Cardiology Ward 1", 4, "comfortable"),
    ("0301", "呼吸内科病区", "Respiratory Ward", 6, "low"),
    ("0403", "骨科二病区", "Orthopaedics Ward 2", 5, "refund"),
    ("0401", "普通外科病区", "General Surgery Ward", 7, "due"),
    ("0307", "内分泌科病区", "Endocrinology Ward", 3, "pending"),
    ("0403", "骨科二病区", "Orthopaedics Ward 2", 2, "comfortable"),
)
STATUS = {
    "comfortable": "admitted",
    "low": "admitted",
    "refund": "discharge_ordered",
    "due": "discharge_ordered",
    "pending": "discharge_ordered",
}

# (category, name, spec, unit, price in fen, insurance class)
DAILY = (
    ("bed", "床位费（三人间）", "", "日", 5000, "A"),
    ("nursing", "一级护理", "", "日", 3500, "A"),
    ("meal", "住院膳食", "", "日", 3000, "C"),
)
DRUGS = (
    ("注射用头孢曲松钠", "1g×1支", "支", 850, "A"),
    ("0.9%氯化钠注射液", "250ml×1袋", "袋", 320, "A"),
    ("阿司匹林肠溶片", "100mg×30片", "盒", 1580, "A"),
    ("阿托伐他汀钙片", "20mg×7片", "盒", 3260, "B"),
    ("注射用泮托拉唑钠", "40mg×1支", "支", 2450, "B"),
    ("低分子肝素钙注射液", "0.4ml×1支", "支", 3890, "B"),
    ("氨溴索注射液", "15mg×2ml", "支", 1260, "B"),
    ("人血白蛋白", "10g×50ml", "瓶", 39800, "C"),
)
TESTS = (
    ("血常规", "", "次", 2500, "A"),
    ("肝功能", "", "次", 6000, "A"),
    ("电解质", "", "次", 4000, "A"),
    ("凝血四项", "", "次", 8000, "B"),
)
EXAMS = (
    ("心电图", "", "次", 3000, "A"),
    ("胸部CT平扫", "", "次", 28000, "B"),
    ("腹部彩超", "", "次", 16000, "B"),
)
TREATMENTS = (
    ("静脉输液", "", "次", 1200, "A"),
    ("雾化吸入", "", "次", 1500, "A"),
    ("换药（中）", "", "次", 3000, "A"),
)
MATERIALS = (("一次性输液器", "", "套", 450, "A"), ("留置针", "22G", "支", 2600, "B"))


def _stay_patients(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT p.patient_id, p.insured FROM patients p JOIN residents r"
        " ON r.health_card_id = p.health_card_id WHERE r.card_status = 'active'"
        " ORDER BY p.patient_id LIMIT ? OFFSET ?",
        (len(STAYS), PANEL_SIZE),
    ).fetchall()


class _Charges:
    def __init__(self, conn: sqlite3.Connection, admission_id: str, ward: str) -> None:
        self.conn, self.admission_id, self.ward, self.line = conn, admission_id, ward, 0
        self.rows: list[tuple[int, str]] = []

    def add(self, at, category: str, item: tuple, qty: int, department: str | None = None) -> None:
        name, spec, unit, price, klass = item
        self.line += 1
        self.conn.execute(
            "INSERT INTO inpatient_charges VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                self.admission_id,
                self.line,
                at.date().isoformat(),
                at.timestamp(),
                category,
                name,
                spec,
                unit,
                qty,
                price,
                price * qty,
                department or self.ward,
                klass,
            ),
        )
        self.rows.append((price * qty, klass))


def _day_of_charges(
    rng: random.Random, charges: _Charges, midnight, first: bool, until: float
) -> None:
    def at(hour: int, minute: int):
        return midnight + timedelta(hours=hour, minutes=minute)

    for category, *item in DAILY:
        charges.add(at(0, 5), category, tuple(item), 1)
    plan = [
        (at(8, rng.randint(0, 50)), "drug", d, rng.randint(1, 3)) for d in rng.sample(DRUGS[:7], 3)
    ]
    plan += [(at(9, 10), "treatment", TREATMENTS[0], 2), (at(9, 12), "material", MATERIALS[0], 2)]
    if first:
        plan += [(at(10, 30), "test", t, 1) for t in TESTS[:3]]
        plan += [
            (at(11, 0), "exam", EXAMS[0], 1, "心电图室"),
            (at(9, 0), "material", MATERIALS[1], 1),
        ]
    elif rng.random() < 0.5:
        plan += [(at(7, 30), "test", rng.choice(TESTS), 1, "检验科")]
    if rng.random() < 0.3:
        plan += [(at(14, 20), "exam", rng.choice(EXAMS[1:]), 1, "放射科")]
    for when, category, item, qty, *dept in sorted(plan, key=lambda p: p[0]):
        if when.timestamp() <= until:  # nothing posted later than the moment of seeding
            charges.add(when, category, item, qty, dept[0] if dept else None)


def _deposit(conn, provider, admission_id: str, n: int, amount: int, method: str,
             at: float) -> None:
    deposit_id = f"DO{admission_id[2:]}{n}"
    # Paid by wallet at the admissions office's POS: the provider holds the charge under the
    # office's order number (the deposit id), so a discharge's refund can go back to it.
    provider.native_paid(deposit_id, method, amount, f"4200{admission_id[2:]}{n:014d}", at)
    conn.execute(
        "INSERT INTO deposits (deposit_id, admission_id, amount_fen, status, method, channel,"
        " receipt_no, created_at, expires_at, paid_at)"
        " VALUES (?, ?, ?, 'paid', ?, 'office', ?, ?, ?, ?)",
        (
            deposit_id,
            admission_id,
            amount,
            method,
            f"Y{admission_id[2:]}{n:02d}",
            at,
            at,
            at,
        ),
    )


def seed_inpatients(conn: sqlite3.Connection, provider, seed: int, now: float) -> bool:
    """Admit the demo inpatients once; True if it did. ``provider`` (a ``PaymentProvider``)
    records the deposits paid by wallet at the office's POS."""
    if conn.execute("SELECT 1 FROM meta WHERE key = ?", (META_KEY,)).fetchone():
        return False
    rng = random.Random(f"{seed}:inpatients")
    today = local_midnight(now)
    for n, (patient, (dept, ward, ward_en, days, story)) in enumerate(
        zip(_stay_patients(conn), STAYS, strict=False)
    ):
        admission_id, number = f"AD26{n + 1:08d}", f"ZY2600{1201 + n * 37:04d}"
        first = today - timedelta(days=days - 1)
        admitted_at = (first + timedelta(hours=10, minutes=rng.randint(0, 59))).timestamp()
        status = STATUS[story]
        conn.execute(
            "INSERT INTO admissions (admission_id, inpatient_no, patient_id, department_code,"
            " ward, ward_en, bed, status, insured, pending_charges, admitted_at,"
            " discharge_ordered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                admission_id,
                number,
                patient["patient_id"],
                dept,
                ward,
                ward_en,
                str(rng.randint(1, 40)),
                status,
                patient["insured"],
                2 if story == "pending" else 0,
                admitted_at,
                now - 3600 if status == "discharge_ordered" else None,
            ),
        )
        charges = _Charges(conn, admission_id, ward)
        for d in range(days):
            _day_of_charges(rng, charges, first + timedelta(days=d), d == 0, now)
        total = sum(a for a, _ in charges.rows)
        self_pay = total - inpatient_insurance_share(charges.rows, bool(patient["insured"]))
        deposits = {
            "comfortable": [total + 300_000],
            "low": [total + 30_000],
            "refund": [self_pay // 2 + 200_000, self_pay // 2 + 100_000],
            "due": [self_pay // 2],
            "pending": [total + 50_000],
        }[story]
        for k, amount in enumerate(deposits):
            amount = max(amount // 100 * 100, 100_00)  # deposits are whole yuan
            _deposit(
                conn,
                provider,
                admission_id,
                k + 1,
                amount,
                ("wechat", "alipay")[k % 2],
                admitted_at + k * 86_400,
            )
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (META_KEY, str(seed)))
    return True
