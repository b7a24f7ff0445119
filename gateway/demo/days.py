"""Demo days: schedules for the next week, a crowd that already booked, today's patients.

Dates move with the clock, so nothing date-bound is seeded up front. The demo world
(``gateway.demo.world``) materialises the days at start-up and again when the hospital day
turns, never on a read, from ``Random(f"{seed}:…:{date}")``: the same seed gives
the same rota on the same date, and a database seeded last week still has schedules this
week. A day is filled twice: once with schedules and the crowd's bookings (whenever it first
falls in the 7-day window) and once more when it becomes today, which checks in part of the
crowd and gives the demo-panel patients a booked appointment and unpaid bills.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta

from gateway.core.idempotency import immediate_transaction
from gateway.core.settings import GatewayState
from gateway.core.timeline import age_on, local_midnight
from gateway.demo.bill_catalogue import order_items
from gateway.demo.hospital import seed_hospital, sees
from gateway.store.hospital import TITLES
from gateway.store.schedules import DAYS_AHEAD, PERIODS, local_minutes

# Patients shown first on the demo panel get today's appointments and bills.
PANEL_SIZE = 24
APPOINTMENT_PATIENTS = 8
BILL_PATIENTS = 14
TWO_BILL_PATIENTS = 3
EMERGENCY = "20"


# The demo world's own bookkeeping: which dates were materialised.
DEMO_SCHEMA = """
CREATE TABLE IF NOT EXISTS demo_days (
    date TEXT PRIMARY KEY,
    seen_as_today INTEGER NOT NULL DEFAULT 0
);
"""


def panel_patients(conn: sqlite3.Connection) -> list[str]:
    """The demo panel's patients, in the order ``GET /demo/v1/patients`` lists them."""
    rows = conn.execute(
        "SELECT p.patient_id FROM patients p JOIN residents r"
        " ON r.health_card_id = p.health_card_id WHERE r.card_status = 'active'"
        " ORDER BY p.patient_id LIMIT ?",
        (PANEL_SIZE,),
    ).fetchall()
    return [r[0] for r in rows]


def _add_schedules(conn: sqlite3.Connection, seed: int, day: date) -> None:
    rng = random.Random(f"{seed}:schedule:{day.isoformat()}")
    doctors: dict[str, list[sqlite3.Row]] = {}
    for row in conn.execute(
        "SELECT d.*, p.location_code FROM doctors d JOIN departments p"
        " ON p.code = d.department_code ORDER BY p.position, d.doctor_id"
    ):
        doctors.setdefault(row["department_code"], []).append(row)
    weekend = day.weekday() >= 5
    for code, staff in doctors.items():
        for period, (start, end) in PERIODS.items():
            if code == EMERGENCY:
                working = rng.sample(staff, k=min(2, len(staff)))
            elif weekend:
                # Weekend clinics: a morning doctor in most departments, nothing after noon.
                working = rng.sample(staff, k=1) if period == "AM" and rng.random() < 0.7 else []
            else:
                working = rng.sample(staff, k=rng.randint(1, min(3, len(staff))))
            for doctor in working:
                _add_schedule(conn, rng, day, period, start, end, doctor)


def _add_schedule(conn, rng, day, period, start, end, doctor) -> None:
    title = TITLES[doctor["title"]]
    schedule_id = f"S{day:%Y%m%d}{period}{doctor['doctor_id']}"
    capacity = (end - start) // title.slot_min
    status = "stopped" if rng.random() < 0.03 else "open"  # 停诊: the doctor was called away
    conn.execute(
        "INSERT INTO schedules VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (schedule_id, day.isoformat(), period, doctor["department_code"], doctor["doctor_id"],
         title.reg_fee_fen, title.treat_fee_fen, title.slot_min, capacity,
         doctor["location_code"], status),
    )
    conn.executemany(
        "INSERT INTO slots VALUES (?, ?, ?, ?, ?)",
        [(f"{schedule_id}-{seq:02d}", schedule_id, seq,
          start + (seq - 1) * title.slot_min, start + seq * title.slot_min)
         for seq in range(1, capacity + 1)],
    )
    if status == "stopped":
        return
    # Popular sessions sell out; most are part booked. The crowd has no patient row: they
    # booked through other channels and are not among the demo patients.
    share = 1.0 if rng.random() < 0.08 else rng.uniform(0.1, 0.7)
    taken = rng.sample(range(1, capacity + 1), k=int(capacity * share))
    conn.executemany(
        "INSERT INTO registrations (registration_id, patient_id, schedule_id, slot_id, status,"
        " queue_no, channel, self_fen, insurance_fen, created_at)"
        " VALUES (?, NULL, ?, ?, 'booked', ?, 'other', ?, 0, 0)",
        [(f"RC{day:%Y%m%d}{period}{doctor['doctor_id']}{seq:02d}", schedule_id,
          f"{schedule_id}-{seq:02d}", seq, title.reg_fee_fen + title.treat_fee_fen)
         for seq in taken],
    )


def _becomes_today(conn: sqlite3.Connection, seed: int, day: date, now: float) -> None:
    rng = random.Random(f"{seed}:today:{day.isoformat()}")
    now_min = local_minutes(now)
    # The crowd whose time is near or past has arrived and checked in.
    rows = conn.execute(
        "SELECT r.registration_id, s.start_min FROM registrations r"
        " JOIN slots s ON s.slot_id = r.slot_id JOIN schedules c ON c.schedule_id = r.schedule_id"
        " WHERE c.date = ? AND r.status = 'booked' AND r.channel = 'other'",
        (day.isoformat(),),
    ).fetchall()
    arrived = [r[0] for r in rows if r[1] < now_min + 60 and rng.random() < 0.85]
    conn.executemany(
        "UPDATE registrations SET status = 'checked_in', checked_in_at = ?"
        " WHERE registration_id = ?",
        [(now, registration_id) for registration_id in arrived],
    )
    panel = panel_patients(conn)
    picker = random.Random(f"{seed}:panel")  # the same people every day, for the demo
    for patient_id in picker.sample(panel, k=min(APPOINTMENT_PATIENTS, len(panel))):
        _book_today(conn, rng, day, now_min, patient_id)
    for n, patient_id in enumerate(picker.sample(panel, k=min(BILL_PATIENTS, len(panel)))):
        # The first few always have two bills, so "pay only the chosen bill" can be shown
        # (and tested) on any day.
        _bill_today(conn, rng, day, now, patient_id, bills=2 if n < TWO_BILL_PATIENTS else None)


def _book_today(conn, rng, day: date, now_min: int, patient_id: str) -> None:
    """A booked appointment (made earlier by phone) in a session that has not ended."""
    if conn.execute(
        "SELECT 1 FROM registrations r JOIN schedules s ON s.schedule_id = r.schedule_id"
        " WHERE r.patient_id = ? AND s.date = ? AND r.status IN ('booked', 'checked_in')",
        (patient_id, day.isoformat()),
    ).fetchone():
        return
    free = conn.execute(
        "SELECT l.slot_id, l.schedule_id, l.seq, s.reg_fee_fen + s.treat_fee_fen AS total"
        " FROM slots l JOIN schedules s ON s.schedule_id = l.schedule_id"
        " WHERE s.date = ? AND s.status = 'open' AND l.start_min > ?"
        " AND s.department_code != ? AND NOT EXISTS (SELECT 1 FROM registrations r"
        " WHERE r.slot_id = l.slot_id AND r.status IN ('booked', 'checked_in'))"
        " ORDER BY l.slot_id",
        (day.isoformat(), now_min, EMERGENCY),
    ).fetchall()
    if not free:
        return
    slot = rng.choice(free)
    conn.execute(
        "INSERT INTO registrations (registration_id, patient_id, schedule_id, slot_id, status,"
        " queue_no, channel, self_fen, insurance_fen, method, created_at)"
        " VALUES (?, ?, ?, ?, 'booked', ?, 'phone', ?, 0, 'wechat', 0)",
        (f"RP{day:%Y%m%d}{patient_id}", patient_id, slot["schedule_id"], slot["slot_id"],
         slot["seq"], slot["total"]),
    )


def _bill_today(conn, rng, day: date, now: float, patient_id: str, bills: int | None = None) -> None:
    """Unpaid bills from this morning's consultations, unless some are still unpaid."""
    if conn.execute(
        "SELECT 1 FROM bills WHERE patient_id = ? AND status = 'unpaid'", (patient_id,)
    ).fetchone():
        return
    patient = conn.execute(
        "SELECT gender, birth_date FROM patients WHERE patient_id = ?", (patient_id,)
    ).fetchone()
    age = age_on(date.fromisoformat(patient["birth_date"]), day)
    # Only a department that would have seen this patient bills them.
    doctors = [d for d in conn.execute(
        "SELECT doctor_id, department_code FROM doctors ORDER BY doctor_id"
    ).fetchall() if sees(d["department_code"], age, patient["gender"])]
    count = rng.choice((1, 1, 2))
    for number in range(1, (bills or count) + 1):
        doctor = rng.choice(doctors)
        bill_id = f"B{day:%Y%m%d}{patient_id[1:]}{number}"
        conn.execute(
            "INSERT INTO bills (bill_id, patient_id, date, department_code, doctor_id, status,"
            " created_at) VALUES (?, ?, ?, ?, ?, 'unpaid', ?)",
            (bill_id, patient_id, day.isoformat(), doctor["department_code"],
             doctor["doctor_id"], now),
        )
        conn.executemany(
            "INSERT INTO bill_items (bill_id, line, name, spec, unit, qty, price_fen, amount_fen,"
            " category, insurance_class) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(bill_id, line, item.name, item.spec, item.unit, qty, item.price_fen,
              item.price_fen * qty, item.category, item.insurance_class)
             for line, (item, qty) in enumerate(order_items(rng, doctor["department_code"]), 1)],
        )


def ensure_days(state: GatewayState) -> date:
    """Materialise today and the next six days if needed; returns today's date."""
    now = state.clock()
    today = local_midnight(now).date()
    wanted = [(today + timedelta(days=i)).isoformat() for i in range(DAYS_AHEAD)]
    with state.db.transaction() as conn:
        rows = conn.execute(
            "SELECT date, seen_as_today FROM demo_days WHERE date >= ?", (wanted[0],)
        ).fetchall()
    done = {r["date"]: r["seen_as_today"] for r in rows}
    if all(d in done for d in wanted) and done[wanted[0]]:
        return today
    with immediate_transaction(state.db) as conn:
        # Checked again under the write lock: another request may have done it meanwhile.
        seed_hospital(conn, state.settings.seed)
        for iso_day in wanted:
            if conn.execute(
                "INSERT OR IGNORE INTO demo_days (date) VALUES (?)", (iso_day,)
            ).rowcount:
                _add_schedules(conn, state.settings.seed, date.fromisoformat(iso_day))
        if conn.execute(
            "UPDATE demo_days SET seen_as_today = 1 WHERE date = ? AND seen_as_today = 0",
            (wanted[0],),
        ).rowcount:
            _becomes_today(conn, state.settings.seed, today, now)
    return today
