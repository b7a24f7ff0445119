"""Seeds the demo patients' reports, prescriptions, itineraries and health services.

Runs once per database (a ``meta`` row records it), also on a database seeded before
these tables existed. Everything is drawn from ``random.Random(f"{seed}:records")`` in
patient order, so the same seed gives the same records; see :mod:`gateway.demo.plans`
for who gets what.
"""

from __future__ import annotations

import json
import logging
import random
import sqlite3
from datetime import date

from gateway.core.timeline import minutes
from gateway.demo.census import GIVEN_FEMALE, GIVEN_MALE, PHONE_PREFIXES, SURNAMES
from gateway.demo.hospital import DEPARTMENTS, seed_hospital
from gateway.demo.plans import DRUGS, RICH, TEAMS, Plan, ReportPlan, RxPlan, random_plan
from gateway.demo.population import REFERENCE_DATE
from gateway.demo.report_data import IMAGING, PANELS, draw_value

logger = logging.getLogger(__name__)

META_KEY = "records_seed"
PHARMACY = ("门诊西药房", "OP1-PHARM")
_DEPT_NAMES = {code: name for code, name, *_ in DEPARTMENTS}

# The same selection and order as the demo listing's active patients.
_ACTIVE = """
SELECT p.patient_id, p.gender, p.birth_date FROM patients p
JOIN residents r ON r.health_card_id = p.health_card_id
WHERE r.card_status = 'active' ORDER BY p.patient_id
"""


class _Seeder:
    def __init__(self, conn: sqlite3.Connection, rng: random.Random) -> None:
        self.conn = conn
        self.rng = rng
        self.serial = {"L": 260000000, "I": 260000000, "RX": 26000000}
        self.testers = [self.name() for _ in range(4)]
        self.verifiers = [self.name() for _ in range(3)]
        self.radiologists = [self.name() for _ in range(4)]

    def name(self) -> str:
        rng = self.rng
        surname = rng.choices([s for s, _ in SURNAMES], weights=[w for _, w in SURNAMES])[0]
        pool = rng.choice((GIVEN_MALE, GIVEN_FEMALE))
        return surname + "".join(rng.choice(pool) for _ in range(rng.choice((1, 2))))

    def next_id(self, prefix: str) -> str:
        self.serial[prefix] += self.rng.randint(1, 9)
        return f"{prefix}{self.serial[prefix]}"

    def doctor(self, dept: str) -> str:
        rows = self.conn.execute(
            "SELECT name FROM doctors WHERE department_code = ? ORDER BY doctor_id", (dept,)
        ).fetchall()
        return self.rng.choice(rows)["name"] if rows else self.name()

    # -- reports -----------------------------------------------------------------------
    def report(self, patient_id: str, sex: str, plan: ReportPlan) -> str:
        lab = plan.kind == "lab"
        template = PANELS[plan.template] if lab else IMAGING[plan.template]
        report_id = self.next_id("L" if lab else "I")
        ordered = minutes(plan.day, plan.ordered)
        done = None if plan.state == "waiting" else ordered + (20 if lab else 40)
        received = done + 15 if lab and done is not None else None
        ready = plan.state == "ready"
        start = received if received is not None else done
        reported = start + template.turnaround_min if ready and start is not None else None
        expected = None
        if not ready:
            expected = (done if done is not None else ordered + 60) + template.turnaround_min + 15
        self.conn.execute(
            "INSERT INTO reports (report_id, patient_id, kind, template, title, title_en,"
            " department, doctor, status, ordered_min, collected_min, received_min,"
            " reported_min, verified_min, expected_min, specimen_type, specimen_barcode,"
            " modality, body_part, findings, impression, author, verifier, print_count)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                report_id, patient_id, plan.kind, plan.template, template.title,
                template.title_en, _DEPT_NAMES[plan.dept], self.doctor(plan.dept),
                "ready" if ready else "pending", ordered, done, received, reported,
                reported + 5 if reported is not None else None, expected,
                template.specimen if lab else None,
                f"{self.rng.randrange(10**11, 10**12)}" if lab else None,
                None if lab else template.modality,
                None if lab else template.body_part,
                template.findings if ready and not lab else None,
                template.impression if ready and not lab else None,
                self.rng.choice(self.testers if lab else self.radiologists) if ready else None,
                self.rng.choice(self.verifiers) if ready else None,
                plan.print_count,
            ),
        )
        if lab and ready:
            self.conn.executemany(
                "INSERT INTO report_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (report_id, seq, a.code, a.name, draw_value(self.rng, a, sex, plan.profile),
                     a.unit, *a.limits(sex), a.decimals, a.crit_low, a.crit_high)
                    for seq, a in enumerate(template.analytes, start=1)
                ],
            )
        return report_id

    # -- prescriptions -----------------------------------------------------------------
    def prescription(self, patient_id: str, plan: RxPlan) -> str:
        rx_id = self.next_id("RX")
        prescribed = minutes(plan.day, "09:00") + self.rng.randint(0, 90)
        paid = prescribed + self.rng.randint(5, 25)
        ready = paid + 20 if plan.status in ("ready", "collected") else None
        collected = ready + 10 if ready is not None and plan.status == "collected" else None
        self.conn.execute(
            "INSERT INTO prescriptions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (rx_id, patient_id, plan.status, _DEPT_NAMES[plan.dept], self.doctor(plan.dept),
             plan.diagnosis, int(plan.chronic), *PHARMACY, plan.window, prescribed, paid, ready,
             collected),
        )
        self.conn.executemany(
            "INSERT INTO prescription_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (rx_id, seq, drug, spec, qty, unit, route, dose, freq, days, note)
                for seq, (drug, spec, unit, route, dose, freq, days, note, qty) in enumerate(
                    (DRUGS[key] for key in plan.drugs), start=1
                )
            ],
        )
        return rx_id

    # -- everything of one patient ------------------------------------------------------
    def patient(self, patient_id: str, sex: str, plan: Plan) -> None:
        reports = [self.report(patient_id, sex, r) for r in plan.reports]
        prescriptions = [self.prescription(patient_id, p) for p in plan.prescriptions]
        self.conn.executemany(
            "INSERT INTO itinerary_steps VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (patient_id, seq, s.kind, s.title, s.title_en, s.status, s.location,
                 *(s.queue or (None, None)),
                 reports[s.report] if s.report is not None else None,
                 prescriptions[s.rx] if s.rx is not None else None)
                for seq, s in enumerate(plan.steps, start=1)
            ],
        )
        if plan.contract_team is not None:
            signed = -self.rng.randint(30, 300)
            self.conn.execute(
                "INSERT INTO family_doctor_contracts VALUES (?, ?, ?, ?)",
                (patient_id, f"T{plan.contract_team + 1:02d}", signed, signed + 365),
            )
        self.conn.execute(
            "INSERT INTO health_records VALUES (?, ?, ?, ?, ?)",
            (patient_id, plan.blood_type, json.dumps(plan.allergies, ensure_ascii=False),
             json.dumps(plan.conditions, ensure_ascii=False),
             json.dumps(plan.recent_visits, ensure_ascii=False)),
        )

    def _landline(self) -> str:
        """A team's number: its centre's landline, a work number shown in full."""
        # The same two draws as the mobile numbers once made here, so everything seeded
        # after the teams (names, lab values) stays what it was.
        self.rng.choice(PHONE_PREFIXES)
        return f"010-6{self.rng.randrange(10**8) % 10**7:07d}"

    def teams(self) -> None:
        self.conn.executemany(
            "INSERT INTO family_doctor_teams VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (f"T{i:02d}", name, community, self.name(), title,
                 self._landline(), intro)
                for i, (name, community, title, intro) in enumerate(TEAMS, start=1)
            ],
        )


def _age(birth_date: str) -> int:
    return (REFERENCE_DATE - date.fromisoformat(birth_date)).days // 365


def seed_records(conn: sqlite3.Connection, seed: int) -> bool:
    """Insert the demo records once; returns True if it did."""
    if conn.execute("SELECT 1 FROM meta WHERE key = ?", (META_KEY,)).fetchone() is not None:
        return False
    seed_hospital(conn, seed)  # doctors' names are drawn from it; a no-op once seeded
    seeder = _Seeder(conn, random.Random(f"{seed}:records"))
    seeder.teams()
    for index, row in enumerate(conn.execute(_ACTIVE).fetchall()):
        plan = RICH[index] if index < len(RICH) else random_plan(
            seeder.rng, _age(row["birth_date"])
        )
        seeder.patient(row["patient_id"], row["gender"], plan)
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (META_KEY, str(seed)))
    logger.info("seeded demo records")
    return True
