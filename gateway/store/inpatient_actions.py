"""The next actions a stay gives the patient's home: top up a low deposit, or settle the
discharge that is ordered. Only reads."""

from __future__ import annotations

import sqlite3

from gateway.schemas.next_actions import InpatientAction
from gateway.store.inpatient import OPEN, admission_model, admissions_of


def _yuan(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}¥{fen // 100}.{fen % 100:02d}"


def inpatient_actions(
    conn: sqlite3.Connection, patient_id: str, now: float
) -> list[InpatientAction] | None:
    """None without an open stay; otherwise the actions it asks for (maybe none)."""
    stays = [r for r in admissions_of(conn, patient_id) if r["status"] in OPEN]
    if not stays:
        return None
    actions = []
    for row in stays:
        stay = admission_model(row, now)
        if stay.discharge_allowed:
            actions.append(
                InpatientAction(
                    service="inpatient",
                    label="出院结算",
                    label_en="Settle the discharge",
                    admission_id=stay.admission_id,
                    kind="discharge",
                    balance_fen=stay.balance_fen,
                )
            )
        elif stay.low_balance and stay.top_up_allowed:
            balance = _yuan(stay.balance_fen)
            actions.append(
                InpatientAction(
                    service="inpatient",
                    label=f"预交金余额 {balance}，请续缴",
                    label_en=f"Deposit balance {balance}: top up",
                    admission_id=stay.admission_id,
                    kind="top_up",
                    balance_fen=stay.balance_fen,
                )
            )
    return actions
