"""What inpatient paper carries, built from the use case's typed answers: the cost list of
a stay (A4) and the deposit and discharge slips (80 mm). Qt-free, like :mod:`ui.services.slips`,
whose :class:`Paper` gives the hospital, the kiosk, the clock and the patient block."""

from __future__ import annotations

from kiosk.models import Patient
from kiosk.money import yuan
from kiosk.usecases.inpatient import Admission, DailyList, DepositReceipt, DischargeSettlement
from printing.inpatient_models import CostDay, CostGroup, CostLine, DailyCostList, InpatientReceipt
from printing.models import Hospital
from ui.services import inpatient_text as T
from ui.services.slips import Paper


def _money(fen: int) -> str:
    return f"¥{yuan(fen)}"


def _method(method: str | None) -> str:
    words = T.METHODS.get(method or "")
    return words.zh if words is not None else ""


def cost_list(paper: Paper, patient: Patient, stay: Admission, days: list[DailyList]) -> DailyCostList:
    clock = paper.clock
    printed = tuple(
        CostDay(
            day=d.day,
            total_fen=d.total_fen,
            groups=tuple(
                CostGroup(g.name, g.total_fen, tuple(
                    CostLine(i.name, i.spec, i.unit, i.qty, i.price_fen, i.amount_fen, i.department,
                             clock.local(i.charged_at) if i.charged_at else None)
                    for i in g.items))
                for g in d.categories),
        )
        for d in days
    )
    return DailyCostList(
        hospital=Hospital(paper.hospital), patient=paper.patient(patient), inpatient_no=stay.inpatient_no,
        department=stay.department, ward=stay.ward, bed=stay.bed,
        admitted_at=clock.local(stay.admitted_at) if stay.admitted_at else None,
        deposit_fen=stay.deposit_fen, charges_fen=stay.charges_fen, balance_fen=stay.balance_fen,
        days=printed, printed_at=clock.now(), kiosk_id=paper.terminal_id,
        title="住院费用一日清单" if len(printed) == 1 else "住院费用清单",
    )


def deposit_receipt(paper: Paper, patient: Patient, stay: Admission, receipt: DepositReceipt) -> InpatientReceipt:
    paid = paper.clock.local(receipt.paid_at) if receipt.paid_at else paper.clock.now()
    return InpatientReceipt(
        hospital=Hospital(paper.hospital), patient=paper.patient(patient), title="住院预交金收据",
        fields=(("住院号", stay.inpatient_no), ("病区床号", f"{stay.ward} {stay.bed}床"),
                ("收据号", receipt.receipt_no), ("缴费时间", paid.strftime("%Y-%m-%d %H:%M:%S"))),
        amounts=(("本次缴纳", _money(receipt.amount_fen)), ("支付方式", _method(receipt.method)),
                 ("累计预交", _money(receipt.deposit_fen)), ("当前余额", _money(receipt.balance_fen))),
        notes=("请妥善保管本收据，出院结算时多退少补。",),
        kiosk_id=paper.terminal_id,
    )


def discharge_receipt(paper: Paper, patient: Patient, settlement: DischargeSettlement) -> InpatientReceipt:
    clock = paper.clock
    admitted = clock.local(settlement.admitted_at).strftime("%Y-%m-%d") if settlement.admitted_at else ""
    settled = clock.local(settlement.settled_at) if settlement.settled_at else clock.now()
    amounts = [("总费用", _money(settlement.total_fen)), ("医保支付", _money(settlement.insurance_fen)),
               ("个人自付", _money(settlement.self_pay_fen)), ("预交金", _money(settlement.deposit_fen))]
    notes = []
    if settlement.due_fen:
        amounts += [("补缴", _money(settlement.due_fen)), ("支付方式", _method(settlement.method))]
    if settlement.refund_fen:
        amounts.append(("退还", _money(settlement.refund_fen)))
        parts = "、".join(f"{_method(r.method)} {_money(r.amount_fen)}" for r in settlement.refunds)
        notes.append(f"退款原路退回：{parts}，一般 1–3 个工作日到账。")
    notes.append("请凭本单到住院处打印发票和出院小结。")
    return InpatientReceipt(
        hospital=Hospital(paper.hospital), patient=paper.patient(patient), title="出院结算单",
        fields=(("住院号", settlement.inpatient_no), ("科室", f"{settlement.department} {settlement.ward} {settlement.bed}床"),
                ("住院", f"{admitted} 起，共 {settlement.days} 天"), ("单据号", settlement.receipt_no),
                ("结算时间", settled.strftime("%Y-%m-%d %H:%M:%S"))),
        amounts=tuple(amounts), notes=tuple(notes), kiosk_id=paper.terminal_id,
    )
