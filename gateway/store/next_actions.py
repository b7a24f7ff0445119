"""The patient's next actions today, from what registration, billing, reports, the pharmacy
and the itinerary already hold. Only reads: nothing here writes.

The order is the order of a visit: checking in comes first (it puts the patient in the
doctor's queue, so the wait runs while they do the rest), then paying (nothing paid for is
done or handed out before), then printing the reports that are ready (done here, at the
kiosk), then collecting medicine that waits at a window, and last the next place on the
itinerary that none of these already covers.
"""

from __future__ import annotations

import sqlite3

from gateway.core.visits import STRONG, WRISTBAND
from gateway.schemas.guidance import Step
from gateway.schemas.hospital import Location
from gateway.schemas.next_actions import (
    CheckInAction,
    CollectMedicineAction,
    GoToAction,
    NextAction,
    NextActions,
    PayAction,
    PrintReportsAction,
    WithheldService,
)
from gateway.store.guidance import itinerary
from gateway.store.hospital import BUILDINGS, location
from gateway.store.inpatient_actions import inpatient_actions
from gateway.store.itinerary import Appointments, appointments_today
from gateway.store.registration import appointment_parts
from gateway.store.reports import list_reports

# What a visit opened by a visit-card number or a wristband may not see (gateway.core.visits).
WEAK_WITHHELD: tuple[WithheldService, ...] = ("payment", "reports")


def yuan(fen: int) -> str:
    return f"¥{fen // 100}.{fen % 100:02d}"


def _check_ins(conn: sqlite3.Connection, appointments: Appointments) -> list[CheckInAction]:
    actions = []
    for reg, status in appointments:
        if status != "booked":
            continue
        parts = appointment_parts(conn, reg)
        start = parts["time"].split("-")[0]
        actions.append(CheckInAction(
            service="check_in",
            label=f"签到 {parts['department'].name} {start}",
            label_en=f"Check in: {parts['department'].name_en} {start}",
            appointment_id=reg["registration_id"], department=parts["department"],
            date=parts["date"], time=parts["time"], location=parts["location"],
        ))
    return actions


def _payment(conn: sqlite3.Connection, patient_id: str) -> list[PayAction]:
    # The bills the payment service lists (every unpaid one, whatever its day).
    rows = conn.execute(
        "SELECT b.bill_id, COALESCE(SUM(i.amount_fen), 0) AS total FROM bills b"
        " LEFT JOIN bill_items i ON i.bill_id = b.bill_id"
        " WHERE b.patient_id = ? AND b.status = 'unpaid' GROUP BY b.bill_id"
        " ORDER BY b.created_at, b.bill_id", (patient_id,),
    ).fetchall()
    if not rows:
        return []
    total = sum(r["total"] for r in rows)
    return [PayAction(service="payment", label=f"缴费 {yuan(total)}", label_en=f"Pay {yuan(total)}",
                      bill_ids=[r["bill_id"] for r in rows], count=len(rows), amount_fen=total)]


def _reports(conn: sqlite3.Connection, patient_id: str, now: float,
             limit: int) -> list[PrintReportsAction]:
    ready = [r.report_id for r in list_reports(conn, patient_id, now, limit).reports
             if r.status == "ready" and r.print_count < limit]
    if not ready:
        return []
    n = len(ready)
    return [PrintReportsAction(service="reports", label=f"打印 {n} 份报告",
                               label_en=f"Print {n} report{'s' if n > 1 else ''}",
                               report_ids=ready, count=n)]


def _medicine(conn: sqlite3.Connection, patient_id: str) -> list[CollectMedicineAction]:
    rows = conn.execute(
        "SELECT prescription_id, window, pharmacy, location_code FROM prescriptions"
        " WHERE patient_id = ? AND status = 'ready' ORDER BY window, prescription_id",
        (patient_id,),
    ).fetchall()
    # One action per place: two prescriptions at window 3 are one trip.
    places: dict[tuple, list[str]] = {}
    for r in rows:
        places.setdefault((r["window"], r["pharmacy"], r["location_code"]), []).append(
            r["prescription_id"])
    actions = []
    for (window, pharmacy, code), ids in places.items():
        label, label_en = ((f"到 {window} 号窗口取药", f"Collect medicine at window {window}")
                           if window else (f"到{pharmacy}取药", "Collect medicine"))
        actions.append(CollectMedicineAction(
            service="pharmacy", label=label, label_en=label_en, prescription_ids=ids,
            window=window, pharmacy=pharmacy, location=location(conn, code) if code else None,
        ))
    return actions


def _place(title: str, title_en: str, where: Location | None) -> tuple[str, str]:
    if where is None:
        return title, title_en
    building_en = BUILDINGS.get(where.building, where.building)
    return (f"{title} · {where.building}{where.floor}楼",
            f"{title_en} · {building_en}, floor {where.floor}")


def _go_to(steps: list[Step], booked: int) -> list[GoToAction]:
    """The first step still open that no other action covers: payment and pharmacy steps
    are the pay and collect actions, and today's booked appointments (the itinerary's first
    steps) are the check-ins."""
    for index, step in enumerate(steps):
        if step.status == "done" or step.kind in ("payment", "pharmacy"):
            continue
        if index < booked and step.status == "todo":
            continue
        label, label_en = _place(step.title, step.title_en, step.location)
        return [GoToAction(
            service="guidance", label=label, label_en=label_en, step=index, kind=step.kind,
            title=step.title, title_en=step.title_en, location=step.location,
            queue_position=step.queue_position, estimated_wait_min=step.estimated_wait_min,
        )]
    return []


def next_actions(conn: sqlite3.Connection, patient_id: str, now: float, print_limit: int,
                 assurance: str) -> NextActions:
    """``assurance``: the visit's (gateway.core.visits); only a strong visit sees bills and
    reports, and a strong or wristband visit the stay."""
    strong = assurance == STRONG
    appointments = appointments_today(conn, patient_id, now)  # read once, used three times
    check_ins = _check_ins(conn, appointments)
    plan = itinerary(conn, patient_id, now, appointments)
    live = sum(1 for _reg, status in appointments if status in ("booked", "checked_in"))
    actions: list[NextAction] = []
    stay = inpatient_actions(conn, patient_id, now) if assurance in (STRONG, WRISTBAND) else None
    if stay is not None:
        actions += stay  # a low deposit or a discharge to settle comes before the day's visits
    actions += check_ins
    if strong:
        actions += _payment(conn, patient_id)
        actions += _reports(conn, patient_id, now, print_limit)
    actions += _medicine(conn, patient_id)
    actions += _go_to(plan.steps, live)
    return NextActions(date=plan.date, actions=actions, inpatient=stay is not None,
                       withheld=[] if strong else list(WEAK_WITHHELD))

