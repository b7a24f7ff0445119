"""The emulated insurer's demo members: every insured demo patient, with an insurance type,
a personal-account balance, a family mutual-aid pool and how much of the year's deductible
is already used, drawn from the seed so each demo world is the same."""

from __future__ import annotations

import hashlib
import random
import sqlite3

from gateway.core.settings import GatewayState

EMPLOYEE_SHARE = 0.6  # 职工医保; the rest are residents (城乡居民医保)


def members(conn: sqlite3.Connection, seed: int) -> list[tuple]:
    rows = conn.execute("SELECT id_number, insurance_region FROM patients WHERE insured = 1"
                        " ORDER BY patient_id").fetchall()
    out = []
    for row in rows:
        digest = hashlib.sha256(f"{seed}:{row['id_number']}".encode()).hexdigest()
        rng = random.Random(digest)
        employee = rng.random() < EMPLOYEE_SHARE
        account = rng.choice((0, rng.randrange(500, 30_000), rng.randrange(30_000, 400_000)))
        mutual = rng.choice((0, 0, rng.randrange(10_000, 100_000))) if employee else 0
        deductible = rng.choice((0, rng.randrange(0, 80_000), 80_000)) if employee else \
            rng.choice((0, 10_000))
        out.append((
            "P" + digest[:20].upper(), row["id_number"], "310" if employee else "390",
            rng.choice(("11", "21")) if employee else "14", row["insurance_region"] or "510100",
            account if employee else 0, mutual, deductible,
        ))
    return out


def seed_insurer(state: GatewayState) -> None:
    with state.db.transaction() as conn:
        rows = members(conn, state.settings.seed)
    state.insurer.enrol(rows)
